package cn.certregistry.access;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.RegistryConfig;

/** Refuses to start with a bootstrap admin key short enough to guess. */
@Singleton
public class BootstrapKeyCheck {

    public static final int MIN_LENGTH = 32;

    @Inject
    RegistryConfig config;

    void onStart(@Observes StartupEvent start) {
        config.bootstrapAdminKey().ifPresent(BootstrapKeyCheck::check);
    }

    static void check(String key) {
        if (key.strip().length() < MIN_LENGTH) {
            throw new IllegalStateException("registry.bootstrap-admin-key (REGISTRY_BOOTSTRAP_ADMIN_KEY) has " + key.strip().length()
                    + " characters; a bootstrap admin key needs at least " + MIN_LENGTH + " (openssl rand -base64 33 makes one)."
                    + " Unset it once the first admin key is made.");
        }
    }
}
