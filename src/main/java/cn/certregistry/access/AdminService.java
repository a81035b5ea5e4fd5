package cn.certregistry.access;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.BodyView;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.common.Fields;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/** What administrators do: register bodies and regulators, hand out and revoke their keys. */
@ApplicationScoped
public class AdminService {

    private static final ProblemType INVALID = ProblemType.INVALID_PARAMETER;
    private static final Pattern REGULATOR_CODE = Pattern.compile("[A-Z0-9-]{2,40}");
    private static final Pattern NUMBER_PREFIX = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,19}");
    private static final Pattern APPROVAL = Pattern.compile("CNCA-R-[0-9]{4}-[0-9A-Z]{1,12}");
    private static final Pattern WEBSITE = Pattern.compile("https?://[^\\s<>\"]{3,190}");
    private static final Pattern REGION_PREFIX = Pattern.compile("[0-9]{2}|[0-9]{4}|[0-9]{6}");

    @Inject
    ApiKeys keys;

    public record NewBody(String code, String name, String approvalNumber, String website, List<String> numberPrefixes) {
    }

    public record NewPrefix(String prefix) {
    }

    public record PrefixesView(String body, List<String> numberPrefixes) {
    }

    public record NewRegulator(String code, String name, String region) {
    }

    public record NewKey(String label) {
    }

    public record RegulatorView(String code, String name, String regionPrefix) {
    }

    public record NewSubscriber(String code, String name) {
    }

    public record SubscriberView(String code, String name) {
    }

    @Transactional
    public BodyView registerBody(NewBody request) {
        Fields.required(INVALID, "body", request);
        CertificationBody body = new CertificationBody();
        body.code = Fields.matching(INVALID, "code", upper(request.code()), CertificationBody.CODE, "2 to 20 capital letters, digits or hyphens");
        body.name = Fields.text(INVALID, "name", request.name(), 200);
        body.approvalNumber = Fields.matching(INVALID, "approvalNumber", upper(request.approvalNumber()), APPROVAL,
                "a CNCA approval number such as CNCA-R-2017-305");
        body.website = request.website() == null || request.website().isBlank() ? null
                : Fields.matching(INVALID, "website", request.website(), WEBSITE, "an http(s) address");
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
        addPrefix(body, Fields.required(INVALID, "body", request).prefix());
        return new PrefixesView(body.code, NumberPrefix.ofBody(body));
    }

    private static void addPrefix(CertificationBody body, String given) {
        String prefix = Fields.matching(INVALID, "numberPrefixes", upper(given), NUMBER_PREFIX,
                "1 to 20 capital letters, digits and hyphens, such as HXSC-");
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
        Fields.required(INVALID, "body", request);
        Regulator regulator = new Regulator();
        regulator.code = partyCode(request.code());
        regulator.name = Fields.text(INVALID, "name", request.name(), 200);
        regulator.regionPrefix = Fields.matching(INVALID, "region", request.region(), REGION_PREFIX,
                "a GB/T 2260 code prefix of 2, 4 or 6 digits, e.g. 4401 for 广州市");
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
        Fields.required(INVALID, "body", request);
        Subscriber subscriber = new Subscriber();
        subscriber.code = partyCode(request.code());
        subscriber.name = Fields.text(INVALID, "name", request.name(), 200);
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

    /** A regulator's or subscriber's code: 2 to 40 capital letters, digits or hyphens. */
    private static String partyCode(String given) {
        return Fields.matching(INVALID, "code", upper(given), REGULATOR_CODE, "2 to 40 capital letters, digits or hyphens");
    }

    /** The regulator or subscriber with this code (as typed), or 404. */
    private static <T> T registered(String code, java.util.function.Function<String, Optional<T>> find, String what) {
        return Optional.ofNullable(upper(code)).filter(c -> REGULATOR_CODE.matcher(c).matches()).flatMap(find)
                .orElseThrow(() -> ProblemException.notFound("No " + what + " has the code '" + code + "'."));
    }

    private static String label(NewKey request) {
        return request == null ? null : Fields.optionalText(INVALID, "label", request.label(), 200);
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
