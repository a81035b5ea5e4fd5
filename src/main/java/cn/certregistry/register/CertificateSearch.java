package cn.certregistry.register;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import cn.certregistry.access.Caller;
import cn.certregistry.common.Page.PageRequest;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.region.Region;

/** A certificate search: its filters, order and page, read and checked from the query string. */
public record CertificateSearch(Filters filters, Order order, PageRequest page, Optional<SearchCursor> after) {

    public static final Set<String> PARAMETERS = Set.of("q", "creditCode", "number", "scheme", "grade", "status", "region",
            "body", "issuedFrom", "issuedTo", "expiresFrom", "expiresTo", "validOn", "surveillanceOverdue", "sort", "page", "size", "after");
    public static final int MAX_QUERY_LENGTH = 100;
    public static final Pattern NUMBER = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,39}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9_-]{1,40}");

    /** Sort orders; a leading '-' in the parameter reverses one. */
    public enum Sort {
        ISSUE_DATE("issueDate", "c.issue_date"),
        EXPIRY_DATE("expiryDate", "c.expiry_date"),
        NUMBER("number", "c.number"),
        HOLDER_NAME("holderName", "c.holder_name"),
        SCORE("score", "c.score / c.score_scale");

        final String parameter;
        final String column;

        Sort(String parameter, String column) {
            this.parameter = parameter;
            this.column = column;
        }
    }

    /** The parsed {@code sort} parameter: a column and a direction. */
    public record Order(Sort by, boolean descending) {

        public String sql() {
            return by.column + (descending ? " desc" : " asc") + ", c.id" + (descending ? " desc" : " asc");
        }

        /** The certificates after a cursor's in this order: one row comparison, which the order's index serves. */
        String afterSql() {
            return "(" + by.column + ", c.id) " + (descending ? "<" : ">") + " (:afterKey, :afterId)";
        }

        /** The value of the {@code sort} parameter that asks for this order. */
        public String parameter() {
            return (descending ? "-" : "") + by.parameter;
        }
    }

    /** Hook for values that need the register's reference data (schemes, grades, regions, bodies). */
    public interface ReferenceData {
        void requireScheme(String parameter, String code);

        void requireGrade(String parameter, String code, Optional<String> scheme);

        List<Region.CodeRange> regions(String parameter, String input);

        void requireBody(String parameter, String code);
    }

    public static CertificateSearch parse(QueryParameters parameters, ReferenceData reference) {
        Optional<String> q = parameters.text("q", MAX_QUERY_LENGTH);
        q.ifPresent(value -> {
            if (value.codePointCount(0, value.length()) < 2) {
                throw ProblemException.invalidParameter("q", "'q' needs at least 2 characters of the holder's name.");
            }
        });
        Optional<String> creditCode = parameters.text("creditCode", 40).map(value -> {
            try {
                return CreditCode.parse(value).value();
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParameter("creditCode", e.getMessage());
            }
        });
        Optional<String> number = parameters.text("number", 60).map(value -> normalisedNumber("number", value));
        Optional<String> scheme = code(parameters, "scheme");
        scheme.ifPresent(value -> reference.requireScheme("scheme", value));
        Optional<String> grade = code(parameters, "grade");
        grade.ifPresent(value -> reference.requireGrade("grade", value, scheme));
        Optional<Status> status = parameters.enumValue("status", Status.class);
        if (status.filter(s -> s == Status.NOT_YET_ISSUED).isPresent()) {
            throw ProblemException.invalidParameter("status", "'status' must be one of VALID, SUSPENDED, WITHDRAWN, CANCELLED, EXPIRED.");
        }
        List<Region.CodeRange> regions = parameters.text("region", 60).map(value -> reference.regions("region", value))
                .orElse(List.of());
        Optional<String> body = parameters.text("body", 40).map(value -> value.toUpperCase(Locale.ROOT));
        body.ifPresent(value -> reference.requireBody("body", value));
        Optional<LocalDate> issuedFrom = parameters.date("issuedFrom");
        Optional<LocalDate> issuedTo = parameters.date("issuedTo");
        QueryParameters.requireOrdered("issuedFrom", issuedFrom, "issuedTo", issuedTo);
        Optional<LocalDate> expiresFrom = parameters.date("expiresFrom");
        Optional<LocalDate> expiresTo = parameters.date("expiresTo");
        QueryParameters.requireOrdered("expiresFrom", expiresFrom, "expiresTo", expiresTo);
        Optional<LocalDate> validOn = parameters.date("validOn");
        Optional<Boolean> surveillanceOverdue = parameters.text("surveillanceOverdue", 5).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidParameter("surveillanceOverdue", "'surveillanceOverdue' is true or false.");
        });
        Order order = order(parameters.text("sort", 20));
        PageRequest page = PageRequest.from(parameters);
        Optional<SearchCursor> after = parameters.text("after", SearchCursor.MAX_LENGTH).map(cursor -> SearchCursor.parse(cursor, order));
        if (after.isPresent() && parameters.text("page").isPresent()) {
            throw ProblemException.invalidParameter("page", "Give 'page' or 'after', not both: 'after' continues after a cursor.");
        }
        return new CertificateSearch(new Filters(q, creditCode, number, scheme, grade, status, regions, body, issuedFrom, issuedTo,
                expiresFrom, expiresTo, validOn, surveillanceOverdue), order,
                after.isPresent() ? page.afterCursor() : page, after);
    }

    /** A certificate number as stored: upper case, letters, digits and hyphens. */
    public static String normalisedNumber(String parameter, String value) {
        String number = value.strip().toUpperCase(Locale.ROOT);
        if (!NUMBER.matcher(number).matches()) {
            throw ProblemException.invalidParameter(parameter,
                    "A certificate number has 1 to 40 letters, digits and hyphens, starting with a letter or digit.");
        }
        return number;
    }

    private static Optional<String> code(QueryParameters parameters, String name) {
        return parameters.text(name, 60).map(value -> {
            String code = value.toUpperCase(Locale.ROOT).replace('-', '_');
            if (!CODE.matcher(code).matches()) {
                throw ProblemException.invalidParameter(name, "'" + name + "' must be a code such as AFTER_SALES or FIVE_STAR.");
            }
            return code;
        });
    }

    private static Order order(Optional<String> sort) {
        if (sort.isEmpty()) {
            return new Order(Sort.ISSUE_DATE, true);
        }
        boolean descending = sort.get().startsWith("-");
        String name = descending ? sort.get().substring(1) : sort.get();
        for (Sort candidate : Sort.values()) {
            if (candidate.parameter.equals(name)) {
                return new Order(candidate, descending);
            }
        }
        throw ProblemException.invalidParameter("sort", "'sort' must be one of issueDate, expiryDate, number, holderName, score, "
                + "each optionally preceded by '-' for descending order.");
    }

    /** The filters alone. */
    public record Filters(Optional<String> holderName, Optional<String> creditCode, Optional<String> number,
            Optional<String> scheme, Optional<String> grade, Optional<Status> status, List<Region.CodeRange> regions,
            Optional<String> body, Optional<LocalDate> issuedFrom, Optional<LocalDate> issuedTo,
            Optional<LocalDate> expiresFrom, Optional<LocalDate> expiresTo, Optional<LocalDate> validOn,
            Optional<Boolean> surveillanceOverdue) {
    }

    /** Who may see what a search returns: everything, one body's certificates, or one region's. */
    public record Scope(Optional<String> body, Optional<String> regionPrefix) {

        public static final Scope EVERYTHING = new Scope(Optional.empty(), Optional.empty());

        /**
         * The one rule for surveillance status, which is not public, on the API and the pages alike. A search that does
         * not filter by it sees everything. One that does is refused to anonymous callers (401) and to callers that
         * oversee no certificate, subscribers among them (403); it sees a body's own certificates, a regulator's
         * region, or (an administrator) everything.
         */
        public static Scope of(CertificateSearch search, Caller caller) {
            if (search.filters().surveillanceOverdue().isEmpty()) {
                return EVERYTHING;
            }
            if (caller.isAnonymous()) {
                throw new ProblemException(ProblemType.UNAUTHENTICATED, SURVEILLANCE_IS_NOT_PUBLIC, "surveillanceOverdue");
            }
            if (caller.isAdmin()) {
                return EVERYTHING;
            }
            if (caller.body().isEmpty() && caller.regionPrefix().isEmpty()) {
                throw new ProblemException(ProblemType.FORBIDDEN, SURVEILLANCE_IS_NOT_PUBLIC, "surveillanceOverdue");
            }
            return new Scope(caller.body(), caller.regionPrefix());
        }
    }

    static final String SURVEILLANCE_IS_NOT_PUBLIC = "Surveillance status is shown to certification bodies (their own"
            + " certificates), regulators (their region) and administrators only.";
}
