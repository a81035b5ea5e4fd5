package cn.certregistry.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document; {@code parameter} names the offending input when there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance, String parameter) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, parameter);
    }
}
