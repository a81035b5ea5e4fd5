package cn.certregistry.log;

import java.util.Arrays;
import java.util.Base64;

/**
 * The body of a C2SP tlog-checkpoint: {@code <origin>\n<size>\n<base64 root hash>\n}. The log writes no
 * extension lines, so a body with any is refused rather than read in part.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    public Checkpoint {
        if (origin == null || origin.isEmpty()) {
            throw new IllegalArgumentException("checkpoint origin is empty");
        }
        SignedNote.requireText(origin, "checkpoint origin");
        if (origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("checkpoint origin has a newline");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size " + size + " is negative");
        }
        if (rootHash == null || rootHash.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("checkpoint root hash is not " + Merkle.HASH_SIZE + " bytes");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** The checkpoint of a note body (as {@link SignedNote#open} returns it), strictly in the form {@link #body} writes. */
    public static Checkpoint parse(String body) {
        if (body == null || !body.endsWith("\n")) {
            throw malformed("does not end with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw malformed("has " + lines.length + " lines, not origin, size and root hash");
        }
        if (lines.length > 3) {
            throw malformed("has extension lines, which this log does not write");
        }
        if (lines[0].isEmpty()) {
            throw malformed("has an empty origin");
        }
        long size = parseSize(lines[1]);
        byte[] root = parseHash(lines[2]);
        if (root == null) {
            throw malformed("has a root hash that is not the base64 of " + Merkle.HASH_SIZE + " bytes");
        }
        try {
            return new Checkpoint(lines[0], size, root);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static long parseSize(String digits) {
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() > 1 && digits.charAt(0) == '0') {
            throw malformed("has a tree size that is not a decimal without leading zeroes");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw malformed("has a tree size over 2^63-1");
        }
    }

    /** A hash in canonical standard base64 (padded, no stray bits), or null. */
    static byte[] parseHash(String base64) {
        try {
            byte[] hash = Base64.getDecoder().decode(base64);
            if (hash.length == Merkle.HASH_SIZE && Base64.getEncoder().encodeToString(hash).equals(base64)) {
                return hash;
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        return null;
    }

    private static VerificationException malformed(String why) {
        return new VerificationException(VerificationException.Reason.MALFORMED, "checkpoint " + why);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * origin.hashCode() + Long.hashCode(size)) + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(rootHash) + "]";
    }
}
