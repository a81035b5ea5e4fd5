package cn.certregistry.register;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.OwnSessions;

/**
 * Hears every change to the register, on a connection of its own to the primary (a standby cannot LISTEN), and tells
 * {@link RecordCache}: a change written by any server shows on this one within a fraction of a second. While the
 * connection is lost, or a heartbeat goes unanswered, the cache is not used.
 */
@ApplicationScoped
public class CertificateChangeListener {

    static final String CHANNEL = "registry_certificate_changed";
    private static final Logger LOG = Logger.getLogger(CertificateChangeListener.class);
    /** How long a wait for notices lasts; between two, a heartbeat proves the connection still hears. */
    private static final int WAIT_MILLIS = 250;
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    /** A kept record is read again after this long even when no change was heard: what bounds a lost notice. */
    private static final Duration MAX_AGE = Duration.ofSeconds(10);

    @Inject
    OwnSessions sessions;

    private final RecordCache cache = new RecordCache(20_000, MAX_AGE, System::nanoTime);
    private volatile boolean running;
    private Thread thread;

    public RecordCache cache() {
        return cache;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::listen, "certificate-changes");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = sessions.open("cert-registry change listener", Duration.ofSeconds(5))) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                cache.listening(true);
                LOG.debug("Listening for certificate changes");
                PGConnection notices = connection.unwrap(PGConnection.class);
                long heard = System.nanoTime();
                while (running) {
                    PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notice : received) {
                            cache.changed(notice.getParameter());
                        }
                    }
                    if (System.nanoTime() - heard > HEARTBEAT.toNanos()) {
                        heartbeat(connection);
                        heard = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.listening(false);
                if (running) {
                    LOG.warnf("Not hearing certificate changes (%s); records are read from the database until heard again",
                            e.getMessage());
                    pause();
                }
            }
        }
        cache.listening(false);
    }

    /** A statement with a short timeout: a connection that no longer answers stops the cache at once. */
    private static void heartbeat(Connection connection) throws SQLException {
        try (Statement ping = connection.createStatement()) {
            ping.setQueryTimeout(2);
            ping.execute("select 1");
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
