package cn.certregistry.log;

/** A signed note, checkpoint or proof that does not verify, with the reason a caller can act on. */
public final class VerificationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not of the format at all: not a note, not a checkpoint, not a proof, not a verifier key. */
        MALFORMED,
        /** Well formed, but no signature line is by the key asked for. */
        UNKNOWN_KEY,
        /** A signature line by the key asked for does not verify. */
        BAD_SIGNATURE,
        /** The signed checkpoint is not of the log the key names. */
        WRONG_ORIGIN,
        /** The Merkle proof does not lead from the entry to the checkpoint's root. */
        BAD_PROOF
    }

    private final Reason reason;

    public VerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
