package cn.certregistry.holder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCodeTest {

    @Test
    void acceptsTheStandardsExampleCode() {
        CreditCode code = CreditCode.parse("91350100M000100Y43");
        assertTrue(code.checkCharacterValid());
        assertEquals('3', CreditCode.checkCharacter("91350100M000100Y4"));
    }

    @Test
    void keepsButFlagsAWrongCheckCharacter() {
        CreditCode code = CreditCode.parse("91350100M000100Y44");
        assertFalse(code.checkCharacterValid());
        assertEquals("91350100M000100Y44", code.value());
    }

    @Test
    void upperCasesAndReadsTheRegistrationDivision() {
        CreditCode code = CreditCode.parse(" 91350100m000100y43 ");
        assertEquals("91350100M000100Y43", code.value());
        assertEquals("350100", code.registrationDivision().orElseThrow());
    }

    @Test
    void aCheckOfThirtyOneBecomesZero() {
        // find a prefix whose weighted sum is divisible by 31: its check character must be '0'
        String prefix = null;
        for (int i = 0; i < 31 && prefix == null; i++) {
            String candidate = "9144010600000000" + CreditCode.ALPHABET.charAt(i);
            if (CreditCode.checkCharacter(candidate) == '0') {
                prefix = candidate;
            }
        }
        assertTrue(prefix != null, "some last character must give a sum divisible by 31");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", "91350100O000100Y43",
            "91350100Z000100Y43", "91350100S000100Y43", "91350100V000100Y43", "9135010-M000100Y43", "91350100M000100Y4 3"})
    void rejectsWrongLengthOrAlphabet(String input) {
        assertThrows(IllegalArgumentException.class, () -> CreditCode.parse(input));
    }
}
