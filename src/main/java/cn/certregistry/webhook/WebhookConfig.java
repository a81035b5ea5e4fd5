package cn.certregistry.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How webhooks are delivered (prefix {@code registry.webhooks}); each setting is documented in the README. */
@ConfigMapping(prefix = "registry.webhooks")
public interface WebhookConfig {

    /**
     * Accept targets on loopback and private addresses, and plain http to loopback: for tests and a register
     * and receiver on one machine. Off, a subscription can only reach public https addresses.
     */
    @WithDefault("false")
    boolean allowLocalTargets();

    /** The wait after a failed delivery; it doubles with each further failure, up to {@link #retryMax()}. */
    @WithDefault("PT5S")
    Duration retryInitial();

    @WithDefault("PT1H")
    Duration retryMax();

    /** How long one entry is retried before the subscription is marked failing and its deliveries stop. */
    @WithDefault("PT72H")
    Duration giveUpAfter();

    @WithDefault("PT5S")
    Duration connectTimeout();

    /** How long a receiver has to answer a delivery, from the request's start. */
    @WithDefault("PT15S")
    Duration readTimeout();

    /** How many deliveries one server has under way at once (one per subscription at a time). */
    @WithDefault("8")
    int inFlight();

    /** How often the dispatcher looks for new entries and due retries. */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** Whether this server delivers at all (one server at a time does, through an advisory lock). */
    @WithDefault("true")
    boolean enabled();
}
