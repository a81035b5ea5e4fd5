package cn.certregistry.log;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.common.Ticker;
import cn.certregistry.log.witness.Cosignature;
import cn.certregistry.log.witness.WitnessPolicy;

/**
 * Asks the log's witnesses (C2SP tlog-witness) to cosign its latest checkpoint, with a consistency proof from the one
 * each cosigned last, and keeps their cosignatures in the database. A witness that is away is asked again later, with
 * a growing pause; one that refuses (the log went back, or forked) is named in readiness. Writes never wait for it.
 */
@ApplicationScoped
@Startup
public class Witnessing {

    private static final Logger LOG = Logger.getLogger(Witnessing.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);
    private static final String SIZE_TYPE = "text/x.tlog.size";

    @Inject
    Session session;
    @Inject
    RegistryConfig config;
    @Inject
    LogOrigin origin;

    private volatile WitnessPolicy policy = WitnessPolicy.NONE;
    private Ticker ticker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What each witness said it cosigned last (from its answers), so that the next request proves from there. */
    private final Map<String, Long> cosigned = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Duration> pauses = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        use(config.logWitnessPolicy().map(path -> {
            try {
                return WitnessPolicy.parse(Files.readString(path));
            } catch (IOException e) {
                throw new IllegalStateException("The witness policy " + path + " cannot be read: " + e.getMessage(), e);
            }
        }).orElse(WitnessPolicy.NONE));
    }

    /** Stops asking; the policy stays, so that a checkpoint served while the server stops still meets its quorum. */
    synchronized void stop(@Observes ShutdownEvent shutdown) {
        if (ticker != null) {
            ticker.close();
            ticker = null;
        }
    }

    /**
     * Puts a policy in force from now on, as starting with it would: what the previous witnesses said is forgotten, and
     * the new ones are asked from the next round. Besides startup, the witnessed log's tests call it, so that they need
     * not start a register (and a database) of their own for their witnesses.
     */
    synchronized void use(WitnessPolicy replacement) {
        if (ticker != null) {
            ticker.close();
            ticker = null;
        }
        cosigned.clear();
        notBefore.clear();
        pauses.clear();
        refusals.clear();
        policy = replacement;
        if (replacement.witnesses().stream().anyMatch(w -> w.url() != null)) {
            ticker = Ticker.every(config.logIntegrateEvery(), "witnessing", this::round);
        }
    }

    public WitnessPolicy policy() {
        return policy;
    }

    /** The C2SP tlog-policy a verifier of this log uses: a line for each of the log's standing keys, then the witnesses. */
    public String publishedPolicy() {
        StringBuilder published = new StringBuilder();
        for (String key : origin.verifierKeys()) {
            published.append("log ").append(key).append('\n');
        }
        return published.append(policy.text()).toString();
    }

    /** Why witnesses refused the log's latest checkpoints, by witness. */
    public Map<String, String> refusals() {
        return Map.copyOf(refusals);
    }

    /** Asks every witness that has not cosigned the latest checkpoint and is not pausing. */
    void round() {
        TransparencyLog.Signed latest = QuarkusTransaction.requiringNew().call(() -> session.doReturningWork(TransparencyLog::latest));
        for (WitnessPolicy.Witness witness : policy.witnesses()) {
            if (witness.url() == null || Instant.now().isBefore(notBefore.getOrDefault(witness.name(), Instant.MIN))
                    || cosigned.getOrDefault(witness.name(), -1L) >= latest.size()) {
                continue;
            }
            try {
                ask(witness, latest, cosigned.getOrDefault(witness.name(), 0L), true);
            } catch (IOException | RuntimeException e) {
                pause(witness, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void ask(WitnessPolicy.Witness witness, TransparencyLog.Signed latest, long old, boolean again)
            throws IOException, InterruptedException {
        String proof = old == 0 ? "" : QuarkusTransaction.requiringNew().call(() -> session.doReturningWork(connection ->
                Merkle.consistencyProof(old, latest.size(), LogNodes.reader(connection)).stream()
                        .map(hash -> Base64.getEncoder().encodeToString(hash) + "\n").collect(Collectors.joining())));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(witness.url().resolve(witness.url().getPath()
                .replaceAll("/*$", "") + "/add-checkpoint")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("old " + old + "\n" + proof + "\n" + latest.note())).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = latest.note().substring(0, latest.note().indexOf("\n\n") + 1);
        if (answer.statusCode() == 200) {
            java.util.Optional<String> cosignature = answer.body().lines()
                    .filter(l -> Cosignature.verify(l, witness.verifier(), body).isPresent()).findFirst();
            if (cosignature.isEmpty()) {
                pause(witness, "its answer carries no cosignature that verifies with its key");
                return;
            }
            String line = cosignature.get() + "\n";
            QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into log_cosignature (size, witness, line) values (?, ?, ?) on conflict do nothing")) {
                    insert.setLong(1, latest.size());
                    insert.setString(2, witness.name());
                    insert.setString(3, line);
                    insert.executeUpdate();
                }
            }));
            cosigned.put(witness.name(), latest.size());
            pauses.remove(witness.name());
            if (refusals.remove(witness.name()) != null) {
                LOG.infof("Witness %s cosigns the log again", witness.name());
            }
            return;
        }
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (answer.statusCode() == 409 && type.startsWith(SIZE_TYPE) && answer.body().strip().matches("[0-9]{1,19}")) {
            long theirs = Long.parseLong(answer.body().strip());
            if (theirs > latest.size()) {
                refuse(witness, "it has cosigned " + theirs + " entries, more than the log's latest checkpoint ("
                        + latest.size() + "): the log went back or forked");
            } else if (again && theirs != old) {
                ask(witness, latest, theirs, false);
            } else {
                pause(witness, "it keeps answering 409 with " + theirs + " entries");
            }
            return;
        }
        refuse(witness, "it answered " + answer.statusCode() + " to the checkpoint of " + latest.size() + " entries: "
                + answer.body().strip().lines().findFirst().orElse(""));
    }

    private void refuse(WitnessPolicy.Witness witness, String why) {
        if (!why.equals(refusals.put(witness.name(), why))) {
            LOG.errorf("Witness %s refuses the log: %s", witness.name(), why);
        }
        pause(witness, why);
    }

    /** The next request to this witness waits, twice as long as the last pause, up to five minutes. */
    private void pause(WitnessPolicy.Witness witness, String why) {
        Duration pause = pauses.merge(witness.name(), FIRST_PAUSE, (last, first) -> last.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
                ? LONGEST_PAUSE : last.multipliedBy(2));
        notBefore.put(witness.name(), Instant.now().plus(pause));
        LOG.debugf("Witness %s asked again in %s: %s", witness.name(), pause, why);
    }
}
