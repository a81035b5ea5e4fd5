package cn.certregistry.access;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.panache.common.Sort;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.certregistry.body.Approval;
import cn.certregistry.body.ApprovalEvent;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.ApprovalView;
import cn.certregistry.body.BodyView;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.common.Inputs;
import cn.certregistry.common.Page;
import cn.certregistry.common.PlainText;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.region.RegionService;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

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
    static final String SCHEME = "^[A-Z_]{1,40}$";
    static final String PHONE = "^\\+?[0-9][0-9 -]{5,30}[0-9]$";

    @Inject
    ApiKeys keys;
    @Inject
    Inputs inputs;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterClock clock;
    @Inject
    RegionService regions;

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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactView(String body, String address, String regionCode, String phone, String website) {
    }

    /** A change of a body's approval, as CNCA decided it: a grant carries its scope and its end. */
    public record NewApprovalEvent(
            @NotNull ApprovalHistory.Kind kind,
            @NotNull LocalDate effectiveDate,
            @Size(min = 1, max = 10) List<@NotNull @Pattern(regexp = SCHEME, message = "must be a scheme's code, such as"
                    + " AFTER_SALES") String> schemes,
            LocalDate validUntil,
            @NotBlank @Size(max = 500) @PlainText String reason) {
    }

    /** What the directory shows of a body besides its approval: where it is and how to reach it. */
    public record ContactChange(
            @Size(max = 300) @PlainText String address,
            @Pattern(regexp = "^[0-9]{6}$", message = "must be a GB/T 2260 code of 6 digits") String regionCode,
            @Pattern(regexp = PHONE, message = "must be a phone number such as 020-83123456 or 400-800-1234") String phone,
            @Pattern(regexp = WEBSITE, message = "must be an http(s) address") String website) {
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

    public record KeyView(long id, String role, String body, String regulator, String subscriber, String label,
            OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    }

    /** A page of the API keys, oldest first, and how many there are. */
    public record Keys(List<KeyView> page, long total) {
    }

    @Transactional
    public Keys keys(Page.PageRequest request) {
        var query = ApiKey.<ApiKey>findAll(Sort.by("id"));
        return new Keys(query.page(request.page() - 1, request.size()).stream()
                .map(k -> new KeyView(k.id, k.role, k.body == null ? null : k.body.code, k.regulator == null ? null : k.regulator.code,
                        k.subscriber == null ? null : k.subscriber.code, k.label, k.createdAt, k.lastUsedAt, k.revokedAt))
                .toList(), query.count());
    }

    @Transactional
    public BodyView registerBody(NewBody request) {
        inputs.valid(INVALID, request);
        CertificationBody body = new CertificationBody();
        body.code = upper(request.code());
        body.name = request.name().strip();
        body.approvalNumber = upper(request.approvalNumber());
        body.website = request.website();
        requireNewCode(body.code, CertificationBody::findByCode, "body");
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

    /**
     * Records a change of a body's approval, appended after its latest: a grant (scope and end) at any time, a suspension
     * of an approval in force, a restoration of a suspended one, a revocation of one in force or suspended.
     */
    @Transactional
    public ApprovalView recordApproval(String code, NewApprovalEvent request) {
        CertificationBody body = registeredBody(code);
        inputs.valid(INVALID, request);
        List<ApprovalEvent> events = ApprovalEvent.of(body);
        LocalDate day = request.effectiveDate();
        if (day.isAfter(clock.today())) {
            throw new ProblemException(INVALID, "The effective date " + day + " is in the future.", "effectiveDate");
        }
        ApprovalEvent latest = events.isEmpty() ? null : events.get(events.size() - 1);
        if (latest != null && day.isBefore(latest.effectiveDate)) {
            throw new ProblemException(INVALID, "The effective date " + day + " is before the latest recorded change ("
                    + latest.effectiveDate + "); the history is only appended.", "effectiveDate");
        }
        boolean grant = request.kind() == ApprovalHistory.Kind.APPROVED;
        if (grant != (request.schemes() != null) || grant != (request.validUntil() != null)) {
            throw new ProblemException(INVALID, grant ? "A grant names its 'schemes' and its 'validUntil'."
                    : "Only a grant (APPROVED) names 'schemes' and 'validUntil'.", grant ? "schemes" : "kind");
        }
        if (grant) {
            for (String scheme : request.schemes()) {
                if (schemes.find(scheme).isEmpty()) {
                    throw new ProblemException(INVALID, "No scheme has the code " + scheme + ".", "schemes");
                }
            }
            if (!request.validUntil().isAfter(day)) {
                throw new ProblemException(INVALID, "'validUntil' follows the effective date.", "validUntil");
            }
        } else {
            requireTransition(request.kind(), latest == null ? null : ApprovalEvent.history(body).on(anyScheme(latest, events), day));
        }
        ApprovalEvent event = new ApprovalEvent();
        event.body = body;
        event.kind = request.kind();
        event.effectiveDate = day;
        event.schemes = grant ? request.schemes().stream().distinct().toArray(String[]::new) : null;
        event.validUntil = request.validUntil();
        event.reason = request.reason().strip();
        event.persist();
        ApprovalEvent.getEntityManager().flush();
        ApprovalEvent.getEntityManager().refresh(event);
        return ApprovalView.of(body, ApprovalEvent.of(body), schemes.all().stream().map(Scheme::code).toList(), clock.today());
    }

    /** A scheme the latest grant names: suspension and revocation concern the approval, whatever its scope. */
    private static String anyScheme(ApprovalEvent latest, List<ApprovalEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).schemes != null) {
                return events.get(i).schemes[0];
            }
        }
        return "";
    }

    private static void requireTransition(ApprovalHistory.Kind kind, Approval now) {
        boolean allowed = switch (kind) {
            case SUSPENDED -> now == Approval.IN_FORCE;
            case RESTORED -> now == Approval.SUSPENDED;
            case REVOKED -> now == Approval.IN_FORCE || now == Approval.SUSPENDED;
            case APPROVED -> true;
        };
        if (!allowed) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "An approval that is "
                    + (now == null ? "not recorded" : now.label.en()) + " cannot be " + kind.name().toLowerCase() + ".", "kind");
        }
    }

    /** Changes what the directory shows of a body; a field left out stays as it is. */
    @Transactional
    public ContactView changeContact(String code, ContactChange request) {
        CertificationBody body = registeredBody(code);
        inputs.valid(INVALID, request);
        if (request.regionCode() != null && regions.find(request.regionCode()).isEmpty()) {
            throw new ProblemException(INVALID, "No GB/T 2260 division has the code " + request.regionCode() + ".", "regionCode");
        }
        body.address = request.address() == null ? body.address : request.address().strip();
        body.regionCode = request.regionCode() == null ? body.regionCode : request.regionCode();
        body.phone = request.phone() == null ? body.phone : request.phone();
        body.website = request.website() == null ? body.website : request.website();
        return new ContactView(body.code, body.address, body.regionCode, body.phone, body.website);
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
        requireNewCode(regulator.code, Regulator::findByCode, "regulator");
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
        requireNewCode(subscriber.code, Subscriber::findByCode, "subscriber");
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
    private static <T> T registered(String code, Function<String, Optional<T>> find, String what) {
        return Optional.ofNullable(code).filter(c -> c.strip().matches(PARTY_CODE)).map(AdminService::upper).flatMap(find)
                .orElseThrow(() -> ProblemException.notFound("No " + what + " has the code '" + code + "'."));
    }

    /** A code names one body, regulator or subscriber for good: registering it again is refused. */
    private static <T> void requireNewCode(String code, Function<String, Optional<T>> find, String what) {
        if (find.apply(code).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A " + what + " with the code " + code + " is registered already.",
                    "code");
        }
    }

    private String label(NewKey request) {
        return request == null || request.label() == null || request.label().isBlank() ? null
                : inputs.valid(INVALID, request).label().strip();
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
