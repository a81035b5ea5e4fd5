package cn.certregistry.log;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.Patience;

/**
 * Waits a bounded time for the log to take a write in (it does within a second of the commit): how a writer
 * that asked to wait learns its entry's index. Between looks it holds no connection.
 */
@ApplicationScoped
public class LogAwaiter {

    @Inject
    TransparencyLog log;

    /**
     * The index of the certificate's latest entry once the log holds {@code entries} entries of it (every event
     * makes one); empty if it does not within {@code patience}.
     */
    public Optional<Long> latestIndex(String certificateNumber, long entries, Duration patience) {
        TransparencyLog.Position seen = Patience.until(() -> log.position(certificateNumber), p -> p.entries() >= entries, patience);
        return seen.entries() >= entries ? Optional.ofNullable(seen.latestIndex()) : Optional.empty();
    }
}
