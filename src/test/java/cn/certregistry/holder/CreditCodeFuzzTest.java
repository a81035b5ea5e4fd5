package cn.certregistry.holder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Credit codes as requests give them: refused only with the two documented messages; what is accepted
 * is the 18 characters as typed (ASCII letters upper-cased, nothing else changed), and its check
 * character is called right exactly when GB 32100's mod-31 check, computed here independently, holds.
 */
class CreditCodeFuzzTest {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        CreditCode code;
        try {
            code = CreditCode.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(Set.of(CreditCode.WRONG_LENGTH, CreditCode.WRONG_ALPHABET).contains(e.getMessage()), e::getMessage);
            return;
        }
        String typed = text.strip();
        assertEquals(18, typed.length(), () -> "accepted '" + typed + "' as " + code.value());
        for (int i = 0; i < 18; i++) {
            char c = typed.charAt(i);
            assertEquals(code.value().charAt(i), c >= 'a' && c <= 'z' ? (char) (c - 32) : c, () -> "accepted '" + typed + "'");
        }
        assertEquals(checks(code.value()), code.checkCharacterValid());
        assertTrue(code.value().chars().allMatch(c -> ALPHABET.indexOf(c) >= 0));
    }

    /** Any 17 characters of the alphabet: the check character the register computes is the one that checks. */
    @FuzzTest(maxDuration = "1m")
    void checkCharacter(FuzzedDataProvider data) {
        StringBuilder first17 = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            first17.append(ALPHABET.charAt(data.consumeInt(0, 30)));
        }
        String code = first17.toString() + CreditCode.checkCharacter(first17.toString());
        assertTrue(checks(code));
        assertTrue(CreditCode.parse(code).checkCharacterValid());
        // one character changed anywhere is always caught: the check is the code's whole point
        int position = data.consumeInt(0, 17);
        char other = ALPHABET.charAt((ALPHABET.indexOf(code.charAt(position)) + data.consumeInt(1, 30)) % 31);
        String typo = code.substring(0, position) + other + code.substring(position + 1);
        assertFalse(CreditCode.parse(typo).checkCharacterValid(), typo);
    }

    /** GB 32100-2015: weights 3^i mod 31, check value (31 - sum mod 31) mod 31. */
    private static boolean checks(String code) {
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        return ALPHABET.indexOf(code.charAt(17)) == (31 - sum % 31) % 31;
    }
}
