package cn.certregistry.common;

/**
 * The register's error vocabulary. Each type is a stable URI path that clients may match on;
 * {@code title} never changes for a type, {@code detail} explains the single occurrence.
 */
public enum ProblemType {
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
    UNKNOWN_PARAMETER("unknown-parameter", 400, "Unknown parameter"),
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    GRADE_SCORE_MISMATCH("grade-score-mismatch", 422, "Grade does not agree with score"),
    INVALID_CERTIFICATE("invalid-certificate", 422, "Invalid certificate"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

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
