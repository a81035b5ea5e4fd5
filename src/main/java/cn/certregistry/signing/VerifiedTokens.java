package cn.certregistry.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import cn.certregistry.common.GenerationalCache;

/**
 * Tokens whose signature has been checked, so that a genuine signature is never checked twice: the same packaging is
 * scanned again and again. Bounded (a {@link GenerationalCache}), keyed by the token's SHA-256 so that it holds no
 * token text. A hit stands only while its key is in the ring and not revoked: a key revoked since (the ring is then
 * another one) makes the token be checked again, and fail. Failures are not kept: anyone can make new ones without end.
 */
public final class VerifiedTokens {

    private record Key(long a, long b, long c, long d) {
    }

    private final GenerationalCache<Key, Tokens.Checked> checked;

    public VerifiedTokens(int capacity) {
        this.checked = GenerationalCache.ofEntries(capacity);
    }

    /** The token checked against the ring: from the cache when it was found genuine before under a key still trusted. */
    public Tokens.Checked verify(String token, KeyRing ring) {
        if (token.length() > Tokens.MAX_TOKEN_LENGTH) {
            return Tokens.verify(token, ring);
        }
        Key key = key(token);
        Tokens.Checked known = checked.get(key);
        if (known != null) {
            if (stillTrusted(known, ring)) {
                return known;
            }
            checked.remove(key);
        }
        Tokens.Checked fresh = Tokens.verify(token, ring);
        if (fresh.genuine()) {
            checked.put(key, fresh);
        }
        return fresh;
    }

    /** How many tokens are kept now (at most the capacity). */
    public long size() {
        return checked.weight();
    }

    private static boolean stillTrusted(Tokens.Checked known, KeyRing ring) {
        return ring.find(known.key().kid()).filter(key -> key.equals(known.key()))
                .filter(key -> key.state() != KeyState.REVOKED).isPresent();
    }

    private static Key key(String token) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(hash);
        return new Key(words.getLong(), words.getLong(), words.getLong(), words.getLong());
    }
}
