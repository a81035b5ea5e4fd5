package cn.certregistry.document;

/** A document that is not read: why, and which limit or property of the file says so. */
public class DocumentRefused extends Exception {

    /** Why: a limit (the file's size, its pages, the time) or what the file is (not a PDF or image, encrypted). */
    public enum Reason {
        TOO_LARGE, TOO_MANY_PAGES, TOO_SLOW, NOT_A_DOCUMENT, ENCRYPTED, MALFORMED
    }

    private final Reason reason;

    public DocumentRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DocumentRefused(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
