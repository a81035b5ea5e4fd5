package cn.certregistry.log;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the log checks before it signs: that the tree it is about to sign extends the last checkpoint it signed. A
 * published checkpoint cannot be taken back (monitors, witnesses and verifiers hold it), so a database restored from an
 * older backup, or one that lost transactions in a failover, must stop the log rather than let it sign other trees of
 * sizes it has already signed: a fork. Free of framework types; each check says why it failed.
 */
final class LogContinuity {

    private LogContinuity() {
    }

    /**
     * Why the database's latest checkpoint ({@code stored}, null if none) cannot be built on, or empty: it is not signed
     * by the register's keys, does not say what its row says, or does not extend the largest checkpoint this server has
     * seen ({@code seen}, null if none).
     */
    static Optional<String> breach(TransparencyLog.Signed stored, String origin, List<String> verifierKeys, Checkpoint seen,
            Merkle.NodeReader nodes) {
        if (stored == null) {
            return seen == null || seen.size() == 0 ? Optional.empty()
                    : Optional.of("the database holds no checkpoint, though this server saw one of " + seen.size() + " entries");
        }
        Optional<Checkpoint> signed = SignedNote.openByAny(stored.note(), verifierKeys).flatMap(LogContinuity::parsed);
        if (signed.isEmpty()) {
            return Optional.of("the database's latest checkpoint (" + stored.size() + " entries) is not signed by the"
                    + " register's keys");
        }
        if (!signed.get().origin().equals(origin) || signed.get().size() != stored.size()
                || !Arrays.equals(signed.get().rootHash(), stored.root())) {
            return Optional.of("the database's latest checkpoint (" + stored.size() + " entries) does not say what its note"
                    + " signs");
        }
        if (seen == null) {
            return Optional.empty();
        }
        if (stored.size() < seen.size()) {
            return Optional.of("the database's latest checkpoint (" + stored.size() + " entries) is older than one this server"
                    + " saw (" + seen.size() + " entries): the database was restored from an older state or lost transactions");
        }
        return grows(seen.size(), seen.rootHash(), stored.size(), stored.root(), nodes)
                ? Optional.empty()
                : Optional.of("the database's latest checkpoint (" + stored.size() + " entries) does not extend the one of "
                        + seen.size() + " entries this server saw: the log would fork");
    }

    /** Whether the tree of {@code to} entries with root {@code toRoot}, read from {@code nodes}, extends the smaller one. */
    static boolean grows(long from, byte[] fromRoot, long to, byte[] toRoot, Merkle.NodeReader nodes) {
        if (from == to) {
            return Arrays.equals(fromRoot, toRoot);
        }
        if (from == 0) {
            return to > 0;
        }
        try {
            return from < to && Merkle.verifyConsistency(from, to, fromRoot, toRoot, Merkle.consistencyProof(from, to, nodes));
        } catch (IllegalStateException e) {
            // a node the proof needs is missing: the stored tree does not hold the old one
            return false;
        }
    }

    /** A signed body that is no checkpoint counts as no signed checkpoint at all. */
    private static Optional<Checkpoint> parsed(String body) {
        try {
            return Optional.of(Checkpoint.parse(body));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
