package cn.certregistry.holder;

import java.util.Optional;

/**
 * A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet, the last a check character over the first 17. Characters 3–8 are the administrative
 * division code of the registering authority.
 */
public record CreditCode(String value, boolean checkCharacterValid) {

    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public static final String WRONG_LENGTH = "A unified social credit code has exactly 18 characters.";
    public static final String WRONG_ALPHABET =
            "A unified social credit code uses only digits and the letters A–H, J–N, P–R, T, U, W, X, Y (no I, O, Z, S, V).";

    /**
     * Parses a code strictly (length and alphabet; lower case is accepted and upper-cased). A wrong
     * check character does not reject the code: real codes in the wild fail the check, so it is
     * kept and flagged.
     */
    public static CreditCode parse(String input) {
        String typed = input.strip();
        if (typed.length() != 18) {
            throw new IllegalArgumentException(WRONG_LENGTH);
        }
        char[] value = new char[18];
        for (int i = 0; i < 18; i++) {
            // ASCII letters only: String.toUpperCase would turn the one character ﬀ into FF
            char c = typed.charAt(i);
            value[i] = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (ALPHABET.indexOf(value[i]) < 0) {
                throw new IllegalArgumentException(WRONG_ALPHABET);
            }
        }
        String code = new String(value);
        return new CreditCode(code, code.charAt(17) == checkCharacter(code.substring(0, 17)));
    }

    /** The check character for the first 17 characters of a code. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }

    /** The six-digit administrative division of the registering authority, when those characters are digits. */
    public Optional<String> registrationDivision() {
        String division = value.substring(2, 8);
        return division.chars().allMatch(Character::isDigit) ? Optional.of(division) : Optional.empty();
    }
}
