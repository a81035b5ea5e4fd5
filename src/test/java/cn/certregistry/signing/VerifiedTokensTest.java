package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final SigningKey KEY = SigningKey.generate("k1");
    private static final KeyRing RING = new KeyRing(List.of(KEY));

    private static String token(int serial) {
        return Tokens.sign(new TokenClaims("CN-T-" + serial, "91440101MA59XXXX0X", "AFTER_SALES", "FOUR_STAR",
                LocalDate.of(2026, 1, 1), LocalDate.of(2028, 12, 31), 1_767_225_600L, "测试有限公司", (long) serial), KEY);
    }

    @Test
    void aGenuineTokenIsCheckedOnceThenAnsweredFromTheCache() {
        VerifiedTokens cache = new VerifiedTokens(10);
        String token = token(1);
        Tokens.Checked first = cache.verify(token, RING);
        assertTrue(first.genuine());
        assertSame(first, cache.verify(token, RING), "the second scan is answered from the first check");
        assertEquals("CN-T-1", cache.verify(token, RING).claims().number());
    }

    @Test
    void aKeyRevokedSinceMakesACachedTokenFail() {
        VerifiedTokens cache = new VerifiedTokens(10);
        String token = token(2);
        assertTrue(cache.verify(token, RING).genuine());
        KeyRing revoked = new KeyRing(List.of(KEY.withState(KeyState.REVOKED), SigningKey.generate("k2")));
        Tokens.Checked again = cache.verify(token, revoked);
        assertFalse(again.genuine());
        assertEquals(Tokens.REVOKED_KEY, again.failure());
        KeyRing retired = new KeyRing(List.of(KEY.withState(KeyState.RETIRED), SigningKey.generate("k2")));
        assertTrue(cache.verify(token, retired).genuine(), "a retired key's tokens stay genuine");
    }

    @Test
    void failuresAreNotKeptAndTheCacheStaysWithinItsCapacity() {
        VerifiedTokens cache = new VerifiedTokens(10);
        String token = token(3);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertFalse(cache.verify(forged, RING).genuine());
        assertFalse(cache.verify("not a token", RING).genuine());
        assertEquals(0, cache.size());
        for (int i = 0; i < 100; i++) {
            assertTrue(cache.verify(token(100 + i), RING).genuine());
            assertTrue(cache.size() <= 10, "size " + cache.size());
        }
        assertTrue(cache.size() >= 5);
        assertTrue(cache.verify(token, RING).genuine());
        assertFalse(cache.verify(forged, RING).genuine(), "a forgery stays one after its genuine token is cached");
    }
}
