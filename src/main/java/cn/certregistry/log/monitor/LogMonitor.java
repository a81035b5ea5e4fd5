package cn.certregistry.log.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.Tiles;
import cn.certregistry.log.VerificationException;
import cn.certregistry.log.witness.Cosignature;
import cn.certregistry.log.witness.WitnessPolicy;

/**
 * A monitor of the register's transparency log, from the outside, with nothing but HTTP: it verifies the
 * signed checkpoint, mirrors every entry from the entry bundles, recomputes the tree and checks its root
 * and the log's hash tiles against it, and, given a state directory, checks that the log still holds,
 * unchanged, every entry it saw in the last checkpoint it verified, and that the new checkpoint extends
 * that one (the log's consistency proof). A register that edits, drops or reorders an entry once a monitor
 * has seen it cannot hide it from the monitor, whether or not it re-signs a checkpoint over the new history.
 *
 * <p>Every run reads the whole log again rather than only the new entries: an entry edited in the database
 * without recomputing the tree changes no root, and only reading it again finds it.
 */
public final class LogMonitor {

    /** Entries reported one by one when they differ from those seen; the rest are counted in one line. */
    static final int ENTRY_FINDINGS = 10;

    private static final Pattern KEY = Pattern.compile("[^+\\s]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+=*");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How old a checkpoint's newest cosignature may be: witnesses cosign within seconds of each checkpoint. */
    static final Duration WITNESSED_WITHIN = Duration.ofHours(24);
    private static final Pattern HASHES = Pattern.compile("\"hashes\"\\s*:\\s*\\[([^\\]]*)\\]");

    private final LogClient client;
    private final String givenKey;
    private final MonitorState state;

    /**
     * @param register the register's base URL (its log is under {@code /log/})
     * @param verifierKey the log's verifier key; null to use the one the state holds, or else the one the register
     *        publishes at {@code /log/key} (trusted on first use)
     * @param stateDirectory where the last verified checkpoint and its leaf hashes are kept; null to keep nothing
     * @throws IllegalArgumentException when the verifier key is not of the form
     */
    public LogMonitor(HttpClient http, URI register, String verifierKey, Path stateDirectory) {
        client = new LogClient(http, register);
        givenKey = verifierKey == null ? null : verifierKey.strip();
        if (givenKey != null && !KEY.matcher(givenKey).matches()) {
            throw new IllegalArgumentException(notAKey(givenKey));
        }
        state = stateDirectory == null ? null : new MonitorState(stateDirectory);
    }

    public LogMonitor(URI register, String verifierKey, Path stateDirectory) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build(),
                register, verifierKey, stateDirectory);
    }

    /**
     * One run. Findings are in the report; the state moves on to the new checkpoint only when there are none.
     *
     * @throws IOException when the register cannot be reached, or the state cannot be read or written
     */
    public Report check() throws IOException, InterruptedException {
        return new Run().check();
    }

    private final class Run {

        private final long began = System.nanoTime();
        private final List<String> findings = new ArrayList<>();
        private final EntryRules rules = new EntryRules();
        private String origin;
        private long size;
        private long verified;
        private long fresh;

        Report check() throws IOException, InterruptedException {
            Optional<MonitorState.Seen> seen = state == null ? Optional.empty() : state.load();
            String key = givenKey != null ? givenKey : seen.map(MonitorState.Seen::key).orElse(null);
            try {
                if (key == null) {
                    key = client.text("/log/key").strip();
                }
                if (!KEY.matcher(key).matches()) {
                    return finding("the register's /log/key: " + notAKey(key));
                }
                String note = client.text("/log/checkpoint");
                String rotatedTo = givenKey == null && seen.isPresent() ? rotation(note, key) : null;
                Checkpoint checkpoint = open(note, rotatedTo != null ? rotatedTo : key);
                if (checkpoint == null) {
                    return report();
                }
                witnessed(note);
                size = checkpoint.size();
                if (seen.isPresent() && !seen.get().checkpoint().origin().equals(checkpoint.origin())) {
                    return finding("the state in " + state.directory() + " is of log '" + seen.get().checkpoint().origin()
                            + "', not of '" + checkpoint.origin() + "'");
                }
                if (seen.isPresent()) {
                    consistentWith(seen.get().checkpoint(), checkpoint);
                }
                MirrorTree tree = mirror(checkpoint.size());
                if (tree == null) {
                    return report();
                }
                fresh = tree.size() - seen.map(s -> Math.min(s.checkpoint().size(), tree.size())).orElse(0L);
                if (!MessageDigest.isEqual(tree.root(tree.size()), checkpoint.rootHash())) {
                    findings.add("the " + tree.size() + " entries the log serves do not hash to the root of checkpoint " + tree.size());
                } else {
                    verified = tree.size();
                }
                compareHashTiles(tree);
                findings.addAll(rules.findings());
                if (rotatedTo != null) {
                    key = followed(rotatedTo, key, seen.get().checkpoint().size());
                }
                comparePublishedKeys();
                compareSnapshot(tree);
                if (seen.isPresent()) {
                    compareEntries(seen.get(), tree);
                }
                if (findings.isEmpty() && state != null) {
                    byte[] leaves = new byte[(int) (tree.size() * Merkle.HASH_SIZE)];
                    for (long i = 0; i < tree.size(); i++) {
                        System.arraycopy(tree.leaf(i), 0, leaves, (int) (i * Merkle.HASH_SIZE), Merkle.HASH_SIZE);
                    }
                    state.save(key, note, leaves);
                }
                return report();
            } catch (LogClient.Refused e) {
                return finding(e.getMessage());
            }
        }

        /**
         * The register's new key, when the checkpoint is not signed by the key this monitor trusts but by the one the
         * register now publishes; null otherwise (the run then reports the bad signature).
         */
        private String rotation(String note, String trusted) throws IOException, InterruptedException {
            try {
                SignedNote.open(note, trusted);
                return null;
            } catch (VerificationException notByTheTrustedKey) {
                try {
                    String published = client.text("/log/key").strip();
                    SignedNote.open(note, published);
                    return published;
                } catch (LogClient.Refused | VerificationException e) {
                    return null;
                }
            }
        }

        /**
         * The key to trust from now on: the new one if a "key added" entry gives its public key and a checkpoint this
         * monitor verified with the trusted key (the one of {@code coveredSize} entries) covers that entry; else the
         * trusted one, with a finding.
         */
        private String followed(String rotatedTo, String trusted, long coveredSize) {
            String publicKey = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(
                    Base64.getDecoder().decode(rotatedTo.substring(rotatedTo.lastIndexOf('+') + 1)), 1, 33));
            Long added = rules.addedAt(publicKey);
            if (added != null && added < coveredSize) {
                return rotatedTo;
            }
            findings.add("the log's key changed to " + rotatedTo + (added == null ? ", which no entry of the log adds"
                    : ", added by entry " + added + ", which no checkpoint signed by the trusted key covers"));
            return trusted;
        }

        /** The checkpoint if its note verifies with the key and it is of the key's log; else null, with a finding. */
        private Checkpoint open(String note, String key) throws IOException, InterruptedException {
            String keyName = key.substring(0, key.indexOf('+'));
            String body;
            try {
                body = SignedNote.open(note, key);
            } catch (VerificationException e) {
                switch (e.reason()) {
                    case UNKNOWN_KEY -> findings.add("bad signature: the checkpoint has no signature by key " + key + published(key));
                    case BAD_SIGNATURE -> findings.add("bad signature: the checkpoint's signature by " + keyName + " does not verify");
                    default -> findings.add("the checkpoint is not a signed note: " + e.getMessage());
                }
                return null;
            }
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.parse(body);
            } catch (VerificationException e) {
                findings.add("the signed checkpoint is malformed: " + e.getMessage());
                return null;
            }
            origin = checkpoint.origin();
            if (!checkpoint.origin().equals(keyName)) {
                findings.add("checkpoint " + checkpoint.size() + " is of log '" + checkpoint.origin() + "', not of '" + keyName
                        + "' the key names");
                return null;
            }
            return checkpoint;
        }

        /** Why a key may not sign the log any more: the register publishes another. */
        private String published(String key) throws IOException, InterruptedException {
            try {
                String now = client.text("/log/key").strip();
                return now.equals(key) ? "" : " (the register now publishes " + now + "; pass --key to trust it)";
            } catch (LogClient.Refused e) {
                return "";
            }
        }

        /** The consistency of the new checkpoint with the one seen before, by the log's proof. */
        private void consistentWith(Checkpoint old, Checkpoint now) throws IOException, InterruptedException {
            if (now.size() < old.size()) {
                findings.add("checkpoint " + now.size() + " is smaller than checkpoint " + old.size() + " seen before: entries "
                        + now.size() + " to " + (old.size() - 1) + " are gone");
                return;
            }
            if (old.size() == 0) {
                return;
            }
            if (old.size() == now.size()) {
                if (!MessageDigest.isEqual(old.rootHash(), now.rootHash())) {
                    findings.add("checkpoint " + now.size() + " is not consistent with checkpoint " + old.size()
                            + " seen before: same size, another root");
                }
                return;
            }
            List<byte[]> proof;
            try {
                proof = hashes(client.text("/log/proof/consistency?from=" + old.size() + "&to=" + now.size()));
            } catch (LogClient.Refused e) {
                findings.add("checkpoint " + now.size() + ": the log gives no consistency proof from checkpoint " + old.size() + " ("
                        + e.getMessage() + ")");
                return;
            }
            if (proof == null) {
                findings.add("checkpoint " + now.size() + ": the log's consistency proof from checkpoint " + old.size() + " is malformed");
            } else if (!Merkle.verifyConsistency(old.size(), now.size(), old.rootHash(), now.rootHash(), proof)) {
                findings.add("checkpoint " + now.size() + " is not consistent with checkpoint " + old.size()
                        + " seen before: the log's consistency proof does not verify");
            }
        }

        /** The tree of the log's entries, from its entry bundles; null, with a finding, when a bundle is wrong. */
        private MirrorTree mirror(long treeSize) throws IOException, InterruptedException, LogClient.Refused {
            if (treeSize > Integer.MAX_VALUE / Merkle.HASH_SIZE) {
                findings.add("checkpoint " + treeSize + " is larger than this monitor mirrors in memory");
                return null;
            }
            byte[] leaves = new byte[(int) treeSize * Merkle.HASH_SIZE];
            List<String> paths = new ArrayList<>();
            for (long bundle = 0; bundle * Tiles.WIDTH < treeSize; bundle++) {
                paths.add(Tiles.entriesPath(bundle, Tiles.width(0, bundle, treeSize)));
            }
            boolean[] whole = {true};
            long[] bundle = {0};
            client.getAll(paths.stream().map(p -> "/log/" + p).toList(), (path, content) -> {
                int width = Tiles.width(0, bundle[0], treeSize);
                List<byte[]> entries;
                try {
                    entries = Tiles.parseEntryBundle(content);
                } catch (IllegalArgumentException e) {
                    findings.add(path.substring(5) + " is malformed: " + e.getMessage());
                    return whole[0] = false;
                }
                if (entries.size() != width) {
                    findings.add(path.substring(5) + " holds " + entries.size() + " entries, not " + width);
                    return whole[0] = false;
                }
                for (int i = 0; i < width; i++) {
                    rules.accept(bundle[0] * Tiles.WIDTH + i, entries.get(i));
                    System.arraycopy(Merkle.leafHash(entries.get(i)), 0, leaves, (int) ((bundle[0] * Tiles.WIDTH + i) * Merkle.HASH_SIZE),
                            Merkle.HASH_SIZE);
                }
                bundle[0]++;
                return true;
            });
            if (!whole[0]) {
                return null;
            }
            return new MirrorTree(leaves);
        }

        /**
         * Every hash tile of the tree as the log serves it: a level 0 tile against the leaf hashes of the entries,
         * a tile above against the tree hashes of the log's own tiles beneath it, so that each finding names the
         * tile where the log contradicts itself, and not also every tile above it.
         */
        private void compareHashTiles(MirrorTree tree) throws IOException, InterruptedException, LogClient.Refused {
            long treeSize = tree.size();
            List<String> paths = new ArrayList<>();
            List<long[]> tiles = new ArrayList<>();
            for (int level = 0; level * Tiles.HEIGHT < 63 && treeSize >>> (level * Tiles.HEIGHT) > 0; level++) {
                for (long index = 0; index * Tiles.WIDTH < treeSize >>> (level * Tiles.HEIGHT); index++) {
                    int width = Tiles.width(level, index, treeSize);
                    paths.add("/log/" + Tiles.path(level, index, width));
                    tiles.add(new long[] {level, index, width});
                }
            }
            List<byte[]> served = new ArrayList<>(); // per level, the served tiles' hashes one after the other
            int[] at = {0};
            client.getAll(paths, (path, tile) -> {
                long[] ref = tiles.get(at[0]++);
                int level = (int) ref[0];
                long index = ref[1];
                int width = (int) ref[2];
                if (served.size() == level) {
                    served.add(new byte[(int) Math.min(Integer.MAX_VALUE - 8, (treeSize >>> (level * Tiles.HEIGHT)) * Merkle.HASH_SIZE)]);
                }
                if (tile.length != width * Merkle.HASH_SIZE) {
                    findings.add(path.substring(5) + " holds " + tile.length + " bytes, not " + width + " hashes");
                    return true;
                }
                System.arraycopy(tile, 0, served.get(level), (int) (index * Tiles.WIDTH * Merkle.HASH_SIZE), tile.length);
                for (int i = 0; i < width; i++) {
                    long node = index * Tiles.WIDTH + i;
                    byte[] expected = level == 0 ? tree.leaf(node) : tileHash(served.get(level - 1), node);
                    if (!Arrays.equals(tile, i * Merkle.HASH_SIZE, (i + 1) * Merkle.HASH_SIZE, expected, 0, Merkle.HASH_SIZE)) {
                        findings.add(path.substring(5) + " holds " + (level == 0 ? "for entry " + node + " a hash that is not the entry's"
                                : "for node (" + level * Tiles.HEIGHT + ", " + node + ") a hash that is not the hash of "
                                        + Tiles.path(level - 1, node, Tiles.WIDTH) + " beneath it"));
                        break;
                    }
                }
                return true;
            });
        }

        /** The tree hash of the full tile {@code index} among the hashes of a level. */
        private static byte[] tileHash(byte[] level, long index) {
            int from = (int) (index * Tiles.WIDTH * Merkle.HASH_SIZE);
            return new MirrorTree(Arrays.copyOfRange(level, from, from + Tiles.WIDTH * Merkle.HASH_SIZE)).root(Tiles.WIDTH);
        }

        /** The entries of the checkpoint seen before, against those the log serves now. */
        private void compareEntries(MonitorState.Seen seen, MirrorTree now) {
            MirrorTree before = seen.tree();
            long seenSize = before.size();
            long common = Math.min(seenSize, now.size());
            long first = -1;
            for (long i = 0; i < common && first < 0; i++) {
                if (!Arrays.equals(before.leaf(i), now.leaf(i))) {
                    first = i;
                }
            }
            if (first < 0) {
                return;
            }
            boolean movedDown = first + 1 < seenSize;
            for (long i = first; movedDown && i < common && i + 1 < seenSize; i++) {
                movedDown = Arrays.equals(before.leaf(i + 1), now.leaf(i));
            }
            if (movedDown) {
                findings.add("entry " + first + " seen at size " + seenSize + " was dropped: the entries after it are served one place lower");
                return;
            }
            int listed = 0;
            long more = 0;
            long last = first;
            for (long i = first; i < common; i++) {
                if (!Arrays.equals(before.leaf(i), now.leaf(i))) {
                    if (listed < ENTRY_FINDINGS) {
                        findings.add("entry " + i + " differs from the one seen at size " + seenSize);
                        listed++;
                    } else {
                        more++;
                        last = i;
                    }
                }
            }
            if (more > 0) {
                findings.add("and " + more + " more entries, up to entry " + last + ", differ from those seen at size " + seenSize);
            }
        }

        /**
         * The checkpoint meets the quorum of the log's published witness policy, and its newest cosignature is at most
         * {@link #WITNESSED_WITHIN} old: a log its witnesses stopped cosigning may be showing this monitor a view of its
         * own.
         */
        private void witnessed(String note) throws IOException, InterruptedException {
            WitnessPolicy policy;
            try {
                policy = WitnessPolicy.parse(client.text("/log/policy"));
            } catch (LogClient.Refused | IllegalArgumentException e) {
                return; // a register without a policy has no witnesses to check
            }
            if (policy.witnesses().isEmpty()) {
                return;
            }
            String body = note.substring(0, note.indexOf("\n\n") + 1);
            String signatures = note.substring(note.indexOf("\n\n") + 2);
            java.util.Set<String> cosigners = new java.util.TreeSet<>();
            long newest = -1;
            for (WitnessPolicy.Witness witness : policy.witnesses()) {
                java.util.OptionalLong time = Cosignature.verify(signatures, witness.verifier(), body);
                if (time.isPresent()) {
                    cosigners.add(witness.name());
                    newest = Math.max(newest, time.getAsLong());
                }
            }
            if (!policy.satisfied(cosigners)) {
                findings.add("the checkpoint does not meet the log's witness quorum: cosigned by " + cosigners);
            }
            long age = java.time.Instant.now().getEpochSecond() - newest;
            if (newest >= 0 && age > WITNESSED_WITHIN.toSeconds()) {
                findings.add("the checkpoint's newest cosignature is " + age / 3600 + " hours old: its witnesses have not seen"
                        + " the log since");
            }
        }

        /** Every key the register publishes for its codes entered the log with that same public key. */
        private void comparePublishedKeys() throws IOException, InterruptedException {
            JsonNode jwks;
            try {
                jwks = JSON.readTree(client.text("/.well-known/jwks.json"));
            } catch (LogClient.Refused | com.fasterxml.jackson.core.JacksonException e) {
                findings.add("the register's /.well-known/jwks.json cannot be read: " + e.getMessage());
                return;
            }
            Map<String, String> logged = rules.signingKeys();
            for (JsonNode key : jwks.path("keys")) {
                String kid = key.path("kid").asText();
                String published = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(key.path("x").asText()));
                if (!logged.containsKey(kid)) {
                    findings.add("signing key " + kid + " is published but never entered the log");
                } else if (!logged.get(kid).equals(published)) {
                    findings.add("signing key " + kid + " is published with another public key than the log's entry gives");
                }
            }
        }

        /** The checkpoint the status snapshot names is one of this log's trees. */
        private void compareSnapshot(MirrorTree tree) throws IOException, InterruptedException {
            String note;
            try {
                note = client.text("/status/snapshot");
            } catch (LogClient.Refused e) {
                return; // a snapshot being taken again: the next run looks
            }
            Map<String, String> facts = new HashMap<>();
            for (String line : note.substring(0, Math.max(0, note.indexOf("\n\n"))).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    facts.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            try {
                long snapshotSize = Long.parseLong(facts.getOrDefault("log-size", "-1"));
                byte[] root = Base64.getDecoder().decode(facts.getOrDefault("log-root", ""));
                if (snapshotSize >= 0 && snapshotSize <= tree.size() && !MessageDigest.isEqual(tree.root(snapshotSize), root)) {
                    findings.add("the status snapshot names a checkpoint of " + snapshotSize + " entries that is not this log's");
                }
            } catch (IllegalArgumentException e) {
                findings.add("the status snapshot's log-size and log-root are malformed");
            }
        }

        private Report finding(String finding) {
            findings.add(finding);
            return report();
        }

        private Report report() {
            return new Report(origin, size, verified, fresh, client.requests(), Duration.ofNanos(System.nanoTime() - began), findings);
        }
    }

    private static String notAKey(String key) {
        return "'" + (key.length() > 200 ? key.substring(0, 200) + "…" : key) + "' is not a verifier key (<name>+<key ID>+<base64 key>)";
    }

    /** The hashes of a consistency proof's JSON ({@code {"from":…,"to":…,"hashes":["<base64>",…]}}), or null. */
    static List<byte[]> hashes(String json) {
        Matcher matcher = HASHES.matcher(json);
        if (!matcher.find()) {
            return null;
        }
        List<byte[]> hashes = new ArrayList<>();
        String list = matcher.group(1).strip();
        if (list.isEmpty()) {
            return hashes;
        }
        for (String item : list.split(",")) {
            String quoted = item.strip();
            if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
                return null;
            }
            try {
                byte[] hash = Base64.getDecoder().decode(quoted.substring(1, quoted.length() - 1));
                if (hash.length != Merkle.HASH_SIZE) {
                    return null;
                }
                hashes.add(hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return hashes;
    }
}
