package cn.certregistry.common;

/**
 * The register's error vocabulary. Each type is a stable URI path that clients may match on;
 * {@code title} never changes for a type, {@code detail} explains the single occurrence.
 */
public enum ProblemType {
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
    UNKNOWN_PARAMETER("unknown-parameter", 400, "Unknown parameter"),
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    ILLEGAL_TRANSITION("illegal-transition", 409, "Illegal status transition"),
    CONCURRENT_MODIFICATION("concurrent-modification", 409, "Changed by another request"),
    CONTENT_TOO_LARGE("content-too-large", 413, "Content too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused for another request"),
    INVALID_EVENT("invalid-event", 422, "Invalid event"),
    GRADE_SCORE_MISMATCH("grade-score-mismatch", 422, "Grade does not agree with score"),
    INVALID_CERTIFICATE("invalid-certificate", 422, "Invalid certificate"),
    OUTSIDE_APPROVAL("outside-approval", 422, "Outside the body's approval"),
    INVALID_SUBSCRIPTION("invalid-subscription", 422, "Invalid subscription"),
    UNREADABLE_DOCUMENT("unreadable-document", 422, "Unreadable document"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "Temporarily unavailable"),
    /** The server has no font to draw a document with: an operator must install one, so no Retry-After. */
    NO_DOCUMENT_FONT("no-document-font", 503, "No font to draw the document");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return "/problems/" + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
