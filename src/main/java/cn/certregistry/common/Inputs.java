package cn.certregistry.common;

import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Checks a request record against the constraints declared on it and turns the first violation into the
 * register's problem document, naming the field. Services call it, so that a body posted to the API and a
 * row of an imported file meet the same rules.
 */
@ApplicationScoped
public class Inputs {

    /** Which violation is reported when several are: the first field by name, whatever order the validator found them in. */
    private static final Comparator<ConstraintViolation<?>> FIRST = Comparator
            .<ConstraintViolation<?>, String>comparing(v -> field(v.getPropertyPath()));

    private final Validator validator;

    @Inject
    public Inputs(Validator validator) {
        this.validator = validator;
    }

    /** The request itself when it meets its constraints; otherwise a problem of the given type. */
    public <T> T valid(ProblemType type, T request) {
        if (request == null) {
            throw new ProblemException(type, "The request needs a body.", "body");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        ConstraintViolation<T> first = violations.stream().min(FIRST).orElse(null);
        if (first != null) {
            String field = field(first.getPropertyPath());
            throw new ProblemException(type, "'" + field + "' " + detail(first), field);
        }
        return request;
    }

    private static String detail(ConstraintViolation<?> violation) {
        Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
        Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
        if (constraint instanceof NotNull || constraint instanceof NotBlank) {
            return "is required.";
        }
        if (constraint instanceof Size && violation.getInvalidValue() instanceof CharSequence text) {
            return "has " + text.length() + " characters; at most " + attributes.get("max") + " are accepted.";
        }
        if (constraint instanceof Size) {
            return "must have from " + attributes.get("min") + " to " + attributes.get("max") + " entries.";
        }
        return violation.getMessage() + ".";
    }

    /** The field as the problem names it: {@code holderName}, {@code subScores.SERVICE}, {@code numberPrefixes[2]}. */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                field.append(node.getKey() != null ? "." + node.getKey() : "[" + node.getIndex() + "]");
            } else if (node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }
}
