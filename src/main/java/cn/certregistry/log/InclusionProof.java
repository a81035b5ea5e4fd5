package cn.certregistry.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import cn.certregistry.log.VerificationException.Reason;

/**
 * The C2SP tlog-proof text form of one entry's inclusion: an offline-verifiable proof that carries the
 * signed checkpoint it leads to.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra &lt;base64&gt;]
 * index &lt;N&gt;
 * &lt;base64 hash&gt;        (zero or more, from the leaf's sibling up)
 *
 * &lt;signed checkpoint, verbatim&gt;
 * </pre>
 *
 * @param extra the optional extra data, unauthenticated, or null; this log writes none
 * @param index the entry's index in the log
 * @param hashes the RFC 6962 audit path
 * @param checkpoint the signed checkpoint note
 */
public record InclusionProof(byte[] extra, long index, List<byte[]> hashes, String checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    /** No audit path in a tree of at most 2^63-1 leaves is longer. */
    private static final int MAX_HASHES = 63;

    public InclusionProof {
        if (index < 0) {
            throw new IllegalArgumentException("entry index " + index + " is negative");
        }
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("an audit path of " + hashes.size() + " hashes is longer than any tree has");
        }
        List<byte[]> copies = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != Merkle.HASH_SIZE) {
                throw new IllegalArgumentException("audit path hash is not " + Merkle.HASH_SIZE + " bytes");
            }
            copies.add(hash.clone());
        }
        hashes = List.copyOf(copies);
        if (checkpoint == null || !checkpoint.endsWith("\n") || checkpoint.isEmpty()) {
            throw new IllegalArgumentException("signed checkpoint must end with a newline");
        }
        if (extra != null && extra.length == 0) {
            throw new IllegalArgumentException("extra data is empty: leave it out instead");
        }
        extra = extra == null ? null : extra.clone();
    }

    @Override
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }

    @Override
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    /** The proof of entry {@code index} by {@code proof} (from {@link Merkle#inclusionProof}) under {@code signedCheckpoint}. */
    public static String encode(long index, List<byte[]> proof, String signedCheckpoint) {
        return new InclusionProof(null, index, proof, signedCheckpoint).text();
    }

    public String text() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            text.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        text.append("index ").append(index).append('\n');
        for (byte[] hash : hashes) {
            text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        return text.append('\n').append(checkpoint).toString();
    }

    /** Reads the text form; signatures and the path are not checked here, see {@link #verify}. */
    public static InclusionProof parse(String text) {
        if (text == null) {
            throw malformed("is missing");
        }
        int at = 0;
        String line = line(text, at);
        if (!line.equals(HEADER)) {
            throw malformed("does not start with " + HEADER);
        }
        at += line.length() + 1;
        byte[] extra = null;
        line = line(text, at);
        if (line.startsWith("extra ")) {
            extra = decode(line.substring("extra ".length()));
            if (extra == null || extra.length == 0) {
                throw malformed("has extra data that is not base64");
            }
            at += line.length() + 1;
            line = line(text, at);
        }
        if (!line.startsWith("index ")) {
            throw malformed("has no index line");
        }
        String digits = line.substring("index ".length());
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() > 1 && digits.charAt(0) == '0') {
            throw malformed("has an index that is not a decimal without leading zeroes");
        }
        long index;
        try {
            index = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw malformed("has an index over 2^63-1");
        }
        at += line.length() + 1;
        List<byte[]> hashes = new ArrayList<>();
        while (!(line = line(text, at)).isEmpty()) {
            byte[] hash = Checkpoint.parseHash(line);
            if (hash == null) {
                throw malformed("has a line in its audit path that is not the base64 of a " + Merkle.HASH_SIZE + "-byte hash");
            }
            if (hashes.size() == MAX_HASHES) {
                throw malformed("has an audit path longer than any tree has");
            }
            hashes.add(hash);
            at += line.length() + 1;
        }
        String checkpoint = text.substring(at + 1);
        if (checkpoint.isEmpty() || !checkpoint.endsWith("\n")) {
            throw malformed("has no signed checkpoint after its audit path");
        }
        return new InclusionProof(extra, index, hashes, checkpoint);
    }

    /**
     * Checks that {@code proofText} proves {@code entry} in the log of {@code verifierKey}: the checkpoint
     * is signed by that key and names the key's name as its origin, and the audit path leads from the
     * entry's leaf hash at the index to the checkpoint's root.
     *
     * @return the verified checkpoint
     * @throws VerificationException with the reason it does not verify
     */
    public static Checkpoint verify(String proofText, byte[] entry, String verifierKey) {
        InclusionProof proof = parse(proofText);
        Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(proof.checkpoint, verifierKey));
        String keyName = verifierKey.substring(0, verifierKey.indexOf('+'));
        if (!checkpoint.origin().equals(keyName)) {
            throw new VerificationException(Reason.WRONG_ORIGIN, "checkpoint origin " + checkpoint.origin() + " is not the log " + keyName);
        }
        if (proof.index >= checkpoint.size()) {
            throw new VerificationException(Reason.BAD_PROOF, "entry index " + proof.index + " is not in the tree of size " + checkpoint.size());
        }
        if (!Merkle.verifyInclusion(Merkle.leafHash(entry), proof.index, checkpoint.size(), proof.hashes, checkpoint.rootHash())) {
            throw new VerificationException(Reason.BAD_PROOF, "audit path does not lead from entry " + proof.index
                    + " to the root of the tree of size " + checkpoint.size());
        }
        return checkpoint;
    }

    private static String line(String text, int at) {
        int end = text.indexOf('\n', at);
        if (end < 0) {
            throw malformed("ends before its signed checkpoint");
        }
        return text.substring(at, end);
    }

    private static byte[] decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Base64.getEncoder().encodeToString(bytes).equals(base64) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static VerificationException malformed(String why) {
        return new VerificationException(Reason.MALFORMED, "tlog-proof " + why);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof InclusionProof p) || p.index != index || !Arrays.equals(p.extra, extra)
                || !p.checkpoint.equals(checkpoint) || p.hashes.size() != hashes.size()) {
            return false;
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (!Arrays.equals(p.hashes.get(i), hashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(index) * 31 + Arrays.hashCode(extra);
        for (byte[] h : hashes) {
            hash = hash * 31 + Arrays.hashCode(h);
        }
        return hash * 31 + checkpoint.hashCode();
    }

    @Override
    public String toString() {
        return "InclusionProof[index " + index + ", " + hashes.size() + " hashes]";
    }
}
