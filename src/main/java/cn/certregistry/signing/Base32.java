package cn.certregistry.signing;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32, upper case, no padding: all of it in the QR code's alphanumeric mode. */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public static final String NOT_BASE32 = "not base32 text";

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Decodes upper- or lower-case text (phones and proxies may change case); rejects anything else. */
    public static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            // ASCII case only: Character.toUpperCase reads the dotless ı as I and the long ſ as S
            char c = text.charAt(i);
            int value = ALPHABET.indexOf(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            if (value < 0) {
                throw new IllegalArgumentException(NOT_BASE32);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException(NOT_BASE32); // a non-canonical tail would give two texts for one token
        }
        return out.toByteArray();
    }
}
