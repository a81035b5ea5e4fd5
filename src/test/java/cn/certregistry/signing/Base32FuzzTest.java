package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Base32 as QR tokens carry it: decoding rejects with its own message only, and what it accepts round-trips. */
class Base32FuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] decoded;
        try {
            decoded = Base32.decode(text);
        } catch (IllegalArgumentException e) {
            assertEquals(Base32.NOT_BASE32, e.getMessage());
            return;
        }
        // only the 32 letters and digits of the alphabet, in either case: no look-alike is read as one of them
        assertTrue(text.matches("[A-Za-z2-7]*"), () -> "accepted " + text);
        assertEquals(text.toUpperCase(Locale.ROOT), Base32.encode(decoded), "one token, one text");
    }

    @FuzzTest(maxDuration = "60s")
    void encode(byte[] input) {
        String text = Base32.encode(input);
        assertTrue(text.matches("[A-Z2-7]*"));
        assertEquals((input.length * 8 + 4) / 5, text.length());
        assertArrayEquals(input, Base32.decode(text));
        assertArrayEquals(input, Base32.decode(text.toLowerCase(Locale.ROOT)));
    }
}
