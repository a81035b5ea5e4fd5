package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

import cn.certregistry.access.AdminService;
import cn.certregistry.issuing.NewCertificate;
import cn.certregistry.issuing.NewEvent;

/**
 * The limits of every request record are declared once, on the record, and the contract states the same ones:
 * which fields are required, each text's maximum length and each pattern, down to a list's items.
 */
class RequestLimitsTest {

    private static final Map<String, Class<? extends Record>> RECORDS = Map.of(
            "NewCertificate", NewCertificate.class,
            "NewEvent", NewEvent.class,
            "NewBody", AdminService.NewBody.class,
            "NewPrefix", AdminService.NewPrefix.class,
            "NewRegulator", AdminService.NewRegulator.class,
            "NewSubscriber", AdminService.NewSubscriber.class,
            "NewKey", AdminService.NewKey.class,
            "NewApprovalEvent", AdminService.NewApprovalEvent.class,
            "ContactChange", AdminService.ContactChange.class);

    @Test
    void theContractStatesTheLimitsTheRecordsDeclare() {
        OpenAPI contract = ContractFuzzer.contract(Path.of("openapi", "openapi.yaml").toAbsolutePath().toUri().toString());
        List<String> disagreements = new ArrayList<>();
        RECORDS.forEach((name, type) -> disagreements.addAll(disagreements(name,
                contract.getComponents().getSchemas().get(name), type)));
        assertEquals(List.of(), disagreements);
    }

    @Test
    void aLimitChangedOnOneSideIsCaught() {
        @SuppressWarnings("rawtypes")
        Schema schema = ContractFuzzer.contract(Path.of("openapi", "openapi.yaml").toAbsolutePath().toUri().toString())
                .getComponents().getSchemas().get("NewEvent");
        ((Schema<?>) schema.getProperties().get("reason")).setMaxLength(999);
        assertEquals(List.of("NewEvent.reason: maxLength 999 in the contract, 1000 on the record"),
                disagreements("NewEvent", schema, NewEvent.class));
    }

    @SuppressWarnings("rawtypes")
    static List<String> disagreements(String name, Schema schema, Class<? extends Record> type) {
        List<String> found = new ArrayList<>();
        Set<String> properties = new TreeSet<>(schema.getProperties().keySet());
        Set<String> components = new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
        if (!properties.equals(components)) {
            found.add(name + ": fields " + properties + " in the contract, " + components + " on the record");
            return found;
        }
        Set<String> required = new TreeSet<>(Objects.requireNonNullElse(schema.getRequired(), List.<String>of()));
        for (RecordComponent component : type.getRecordComponents()) {
            String field = name + "." + component.getName();
            Schema property = (Schema) schema.getProperties().get(component.getName());
            AnnotatedType declared = component.getAnnotatedType();
            boolean requiredHere = has(component, declared, NotNull.class) || has(component, declared, NotBlank.class);
            if (requiredHere != required.contains(component.getName())) {
                found.add(field + ": " + (requiredHere ? "required on the record only" : "required in the contract only"));
            }
            Size size = annotation(component, declared, Size.class);
            Integer maxLength = size == null || component.getType() != String.class ? null : size.max();
            if (!Objects.equals(property.getMaxLength(), maxLength)) {
                found.add(field + ": maxLength " + property.getMaxLength() + " in the contract, " + maxLength + " on the record");
            }
            found.addAll(patterns(field, property, annotation(component, declared, Pattern.class)));
            if (declared instanceof AnnotatedParameterizedType list && component.getType() == List.class) {
                AnnotatedType item = list.getAnnotatedActualTypeArguments()[0];
                found.addAll(patterns(field + "[]", property.getItems(), item.getAnnotation(Pattern.class)));
            }
        }
        return found;
    }

    @SuppressWarnings("rawtypes")
    private static List<String> patterns(String field, Schema property, Pattern pattern) {
        String onRecord = pattern == null ? null : pattern.regexp();
        if (onRecord != null) {
            assertTrue(onRecord.startsWith("^") && onRecord.endsWith("$"), field + ": a pattern is anchored, as JSON Schema"
                    + " does not anchor it");
        }
        return Objects.equals(property.getPattern(), onRecord) ? List.of()
                : List.of(field + ": pattern " + property.getPattern() + " in the contract, " + onRecord + " on the record");
    }

    private static boolean has(RecordComponent component, AnnotatedType declared, Class<? extends Annotation> kind) {
        return annotation(component, declared, kind) != null;
    }

    /** A constraint on the component, whether Java placed it on the field, the accessor or the type. */
    private static <A extends Annotation> A annotation(RecordComponent component, AnnotatedType declared, Class<A> kind) {
        A onAccessor = component.getAccessor().getAnnotation(kind);
        return onAccessor != null ? onAccessor : declared.getAnnotation(kind);
    }
}
