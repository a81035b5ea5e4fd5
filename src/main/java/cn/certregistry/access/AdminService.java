package cn.certregistry.access;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import cn.certregistry.body.BodyView;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.common.Inputs;
import cn.certregistry.common.PlainText;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/** What administrators do: register bodies and regulators, hand out and revoke their keys. */
@ApplicationScoped
public class AdminService {

    private static final ProblemType INVALID = ProblemType.INVALID_PARAMETER;
    /** A regulator's or subscriber's code, as typed (codes are stored in upper case). */
    static final String PARTY_CODE = "^[A-Za-z0-9-]{2,40}$";
    static final String NUMBER_PREFIX = "^[A-Za-z0-9][A-Za-z0-9-]{0,19}$";
    static final String APPROVAL = "^[Cc][Nn][Cc][Aa]-[Rr]-[0-9]{4}-[0-9A-Za-z]{1,12}$";
    static final String WEBSITE = "^https?://[^\\s<>\"]{3,190}$";
    static final String REGION_PREFIX = "^([0-9]{2}|[0-9]{4}|[0-9]{6})$";

    @Inject
    ApiKeys keys;
    @Inject
    Inputs inputs;

    public record NewBody(
            @NotNull @Pattern(regexp = CertificationBody.CODE_FORM, message = "must be 2 to 20 letters, digits or hyphens") String code,
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotNull @Pattern(regexp = APPROVAL, message = "must be a CNCA approval number such as CNCA-R-2017-305")
            String approvalNumber,
            @Pattern(regexp = WEBSITE, message = "must be an http(s) address") String website,
            List<@NotNull @Pattern(regexp = NUMBER_PREFIX, message = "must be 1 to 20 letters, digits and hyphens, such"
                    + " as HXSC-") String> numberPrefixes) {
    }

    public record NewPrefix(
            @NotNull @Pattern(regexp = NUMBER_PREFIX, message = "must be 1 to 20 letters, digits and hyphens, such as HXSC-")
            String prefix) {
    }

    public record PrefixesView(String body, List<String> numberPrefixes) {
    }

    public record NewRegulator(
            @NotNull @Pattern(regexp = PARTY_CODE, message = "must be 2 to 40 letters, digits or hyphens") String code,
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotNull @Pattern(regexp = REGION_PREFIX, message = "must be a GB/T 2260 code prefix of 2, 4 or 6 digits, e.g."
                    + " 4401 for 广州市") String region) {
    }

    public record NewKey(@Size(max = 200) @PlainText String label) {
    }

    public record RegulatorView(String code, String name, String regionPrefix) {
    }

    public record NewSubscriber(
            @NotNull @Pattern(regexp = PARTY_CODE, message = "must be 2 to 40 letters, digits or hyphens") String code,
            @NotBlank @Size(max = 200) @PlainText String name) {
    }

    public record SubscriberView(String code, String name) {
    }

    @Transactional
    public BodyView registerBody(NewBody request) {
        inputs.valid(INVALID, request);
        CertificationBody body = new CertificationBody();
        body.code = upper(request.code());
        body.name = request.name().strip();
        body.approvalNumber = upper(request.approvalNumber());
        body.website = request.website();
        if (CertificationBody.findByCode(body.code).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A body with the code " + body.code + " is registered already.", "code");
        }
        if (CertificationBody.count("approvalNumber", body.approvalNumber) > 0) {
            throw new ProblemException(ProblemType.CONFLICT, "A body with the approval number " + body.approvalNumber
                    + " is registered already.", "approvalNumber");
        }
        body.persist();
        if (request.numberPrefixes() != null) {
            request.numberPrefixes().forEach(prefix -> addPrefix(body, prefix));
        }
        return BodyView.of(body);
    }

    /** Registers a start of certificate numbers for a body; one that overlaps another body's is refused. */
    @Transactional
    public PrefixesView registerPrefix(String code, NewPrefix request) {
        CertificationBody body = registeredBody(code);
        addPrefix(body, inputs.valid(INVALID, request).prefix());
        return new PrefixesView(body.code, NumberPrefix.ofBody(body));
    }

    private static void addPrefix(CertificationBody body, String given) {
        String prefix = upper(given);
        List<NumberPrefix> overlapping = NumberPrefix.overlapping(prefix);
        for (NumberPrefix other : overlapping) {
            if (!other.body.id.equals(body.id)) {
                throw new ProblemException(ProblemType.CONFLICT, "The prefix " + prefix + " overlaps " + other.prefix + " of "
                        + other.body.code + ": a number would belong to two bodies.", "numberPrefixes");
            }
        }
        if (overlapping.stream().anyMatch(other -> other.prefix.equals(prefix))) {
            return;
        }
        NumberPrefix.register(body, prefix);
    }

    private static CertificationBody registeredBody(String code) {
        return Optional.ofNullable(upper(code)).flatMap(CertificationBody::findByCode)
                .orElseThrow(() -> ProblemException.notFound("No certification body has the code '" + code + "'."));
    }

    @Transactional
    public RegulatorView registerRegulator(NewRegulator request) {
        inputs.valid(INVALID, request);
        Regulator regulator = new Regulator();
        regulator.code = upper(request.code());
        regulator.name = request.name().strip();
        regulator.regionPrefix = request.region();
        if (Regulator.findByCode(regulator.code).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A regulator with the code " + regulator.code
                    + " is registered already.", "code");
        }
        regulator.persist();
        return new RegulatorView(regulator.code, regulator.name, regulator.regionPrefix);
    }

    @Transactional
    public ApiKeys.CreatedKey bodyKey(String code, NewKey request) {
        CertificationBody body = registeredBody(code);
        return keys.createForBody(body, label(request));
    }

    @Transactional
    public ApiKeys.CreatedKey regulatorKey(String code, NewKey request) {
        Regulator regulator = registered(code, Regulator::findByCode, "regulator");
        return keys.createForRegulator(regulator, label(request));
    }

    @Transactional
    public SubscriberView registerSubscriber(NewSubscriber request) {
        inputs.valid(INVALID, request);
        Subscriber subscriber = new Subscriber();
        subscriber.code = upper(request.code());
        subscriber.name = request.name().strip();
        if (Subscriber.findByCode(subscriber.code).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A subscriber with the code " + subscriber.code
                    + " is registered already.", "code");
        }
        subscriber.persist();
        return new SubscriberView(subscriber.code, subscriber.name);
    }

    @Transactional
    public ApiKeys.CreatedKey subscriberKey(String code, NewKey request) {
        Subscriber subscriber = registered(code, Subscriber::findByCode, "subscriber");
        return keys.createForSubscriber(subscriber, label(request));
    }

    /** Another administrator's key: after the first set-up, admins are keys like any other, not the bootstrap secret. */
    public ApiKeys.CreatedKey adminKey(NewKey request) {
        return keys.createAdmin(label(request));
    }

    /** The regulator or subscriber with this code (as typed), or 404. */
    private static <T> T registered(String code, java.util.function.Function<String, Optional<T>> find, String what) {
        return Optional.ofNullable(code).filter(c -> c.strip().matches(PARTY_CODE)).map(AdminService::upper).flatMap(find)
                .orElseThrow(() -> ProblemException.notFound("No " + what + " has the code '" + code + "'."));
    }

    private String label(NewKey request) {
        return request == null || request.label() == null || request.label().isBlank() ? null
                : inputs.valid(INVALID, request).label().strip();
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
