package cn.certregistry.common;

/** Thrown anywhere in the service to answer with a problem document instead of a result. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String parameter;

    public ProblemException(ProblemType type, String detail, String parameter) {
        super(detail, null, false, false);
        this.type = type;
        this.parameter = parameter;
    }

    public static ProblemException invalidParameter(String parameter, String detail) {
        return new ProblemException(ProblemType.INVALID_PARAMETER, detail, parameter);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail, null);
    }

    public ProblemType type() {
        return type;
    }

    public String parameter() {
        return parameter;
    }
}
