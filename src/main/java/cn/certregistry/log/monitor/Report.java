package cn.certregistry.log.monitor;

import java.time.Duration;
import java.util.List;

/**
 * What one run of the monitor found: the checkpoint's size, how many entries it verified (all of them, or
 * none when something failed before the tree could be recomputed), the findings (one line each, empty when
 * all holds), and how long it took.
 */
public record Report(String origin, long size, long entriesVerified, long newEntries, int requests, Duration elapsed,
        List<String> findings) {

    public Report {
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    /** One line: the log, its size, what was verified, in what time. */
    public String summary() {
        return (clean() ? "OK" : "FAILED, " + findings.size() + (findings.size() == 1 ? " finding" : " findings")) + ": log "
                + (origin == null ? "(unknown)" : origin) + ", size " + size + ", " + entriesVerified + " entries verified ("
                + newEntries + " new), " + requests + " requests, " + String.format(java.util.Locale.ROOT, "%.1f s",
                        elapsed.toMillis() / 1000.0);
    }
}
