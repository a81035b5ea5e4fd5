package cn.certregistry.signing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COSE_Sign1 (RFC 9052 §4.2) with EdDSA and the key id in the protected header: what QR tokens and
 * signed procurement reports are made of. Framework-free.
 */
public final class CoseSign1 {

    public static final String MALFORMED = "malformed token";
    public static final String UNSUPPORTED_ALGORITHM = "unsupported algorithm";
    public static final String UNKNOWN_KEY = "unknown key";
    public static final String REVOKED_KEY = "revoked key";
    public static final String BAD_SIGNATURE = "bad signature";

    static final long TAG = 18;
    static final long HEADER_ALG = 1;
    static final long HEADER_KID = 4;
    static final long ALG_EDDSA = -8;

    private CoseSign1() {
    }

    /** A checked message: its payload and signing key, or why it is not genuine. */
    public record Verified(byte[] payload, SigningKey key, String failure) {

        public boolean genuine() {
            return failure == null;
        }
    }

    public static byte[] sign(byte[] payload, SigningKey key) {
        Map<Object, Object> header = new LinkedHashMap<>();
        header.put(HEADER_ALG, ALG_EDDSA);
        header.put(HEADER_KID, key.kid().getBytes(StandardCharsets.UTF_8));
        byte[] protectedHeader = Cbor.encode(header);
        byte[] signature = key.sign(sigStructure(protectedHeader, payload));
        return Cbor.encode(new Cbor.Tagged(TAG, List.of(protectedHeader, Map.of(), payload, signature)));
    }

    public static Verified verify(byte[] message, KeyRing keys) {
        try {
            if (!(Cbor.decode(message) instanceof Cbor.Tagged tagged) || tagged.tag() != TAG
                    || !(tagged.value() instanceof List<?> parts) || parts.size() != 4
                    || !(parts.get(0) instanceof byte[] protectedHeader) || !(parts.get(1) instanceof Map<?, ?>)
                    || !(parts.get(2) instanceof byte[] payload) || !(parts.get(3) instanceof byte[] signature)) {
                return failed(MALFORMED);
            }
            if (!(Cbor.decode(protectedHeader) instanceof Map<?, ?> header) || !(header.get(HEADER_KID) instanceof byte[] kid)) {
                return failed(MALFORMED);
            }
            if (!Long.valueOf(ALG_EDDSA).equals(header.get(HEADER_ALG))) {
                return failed(UNSUPPORTED_ALGORITHM);
            }
            SigningKey key = keys.find(new String(kid, StandardCharsets.UTF_8)).orElse(null);
            if (key == null) {
                return failed(UNKNOWN_KEY);
            }
            if (key.state() == KeyState.REVOKED) {
                return failed(REVOKED_KEY);
            }
            if (!key.verify(sigStructure(protectedHeader, payload), signature)) {
                return failed(BAD_SIGNATURE);
            }
            return new Verified(payload, key, null);
        } catch (IllegalArgumentException | ClassCastException e) {
            return failed(MALFORMED);
        }
    }

    /** The Sig_structure of RFC 9052 §4.4 for COSE_Sign1, with empty external AAD. */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return Cbor.encode(List.of("Signature1", protectedHeader, new byte[0], payload));
    }

    private static Verified failed(String reason) {
        return new Verified(null, null, reason);
    }
}
