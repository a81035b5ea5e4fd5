package cn.certregistry.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.common.ContractFuzzer.Exchange;
import cn.certregistry.common.ContractFuzzer.Operation;
import cn.certregistry.common.ContractFuzzer.Value;
import cn.certregistry.common.ContractFuzzer.World;
import cn.certregistry.verification.VerificationTest;

/**
 * Seeded random requests to every operation of the contract (openapi/openapi.yaml), valid and hostile, each
 * answer checked: never a 5xx; every 4xx an RFC 9457 problem document whose {@code status} is the HTTP
 * status; every answer of a status the operation declares as the contract describes it, and a 2xx only to a
 * request the contract allows. A fixed list of requests that once broke the service is replayed first.
 *
 * <p>{@code -Dcontract.fuzz.seed=<long>} replays a run (the seed is printed; the test's own identifiers carry
 * the run's random id, so numbers differ, but every choice is the same); {@code -Dcontract.fuzz.requests=<n>}
 * sets the number of random requests.
 */
@QuarkusTest
class ContractFuzzTest {

    /** Bounded for the normal test run; a search for new findings sets a larger -Dcontract.fuzz.requests. */
    private static final int DEFAULT_REQUESTS = 600;
    private static final String CONTRACT_FILE = Path.of("openapi", "openapi.yaml").toAbsolutePath().toUri().toString();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(CONTRACT_FILE).build();
    private static final List<Operation> OPERATIONS = ContractFuzzer.operations(ContractFuzzer.contract(CONTRACT_FILE));
    /** The validator says at INFO, for every image and page, that it does not read them. */
    private static final Logger VALIDATOR_LOG = Logger.getLogger("com.atlassian.oai.validator");
    private static final int MAX_REPORTED = 12;
    private static final Pattern SCALAR_FOR_SCALAR = Pattern.compile(
            "Instance type \\((integer|number|string|boolean)\\) does not match any allowed primitive type \\(allowed: \\[(\"(null|string|integer|number|boolean)\",?)+\\]\\)");

    private static World world;
    private static final AtomicInteger REGRESSION_CODES = new AtomicInteger();

    @BeforeEach
    void makeTheWorld() {
        VALIDATOR_LOG.setLevel(Level.WARNING);
        if (world == null) {
            world = world();
        }
    }

    /**
     * Requests that once got a wrong answer, kept so that the fix stays: each is checked like a random one and,
     * where the contract's schemas cannot tell, against the status the contract's text gives. Placeholders in
     * braces stand for the test's own data (see {@link #placeholders}).
     */
    private static final List<Regression> REGRESSIONS = List.of(
            // a NUL in an administrator's path code reached PostgreSQL, which refuses it in text: 500
            Regression.of("createRegulatorKey", "POST", "/api/v1/admin/regulators/FZ%00/keys", 404,
                    "Authorization", "Bearer {adminKey}", "Content-Type", "application/json", "{\"label\":\"x\"}"),
            Regression.of("createBodyKey", "POST", "/api/v1/admin/bodies/{bodyCode}%00/keys", 404,
                    "Authorization", "Bearer {adminKey}", "Content-Type", "application/json", "{}"),
            Regression.of("registerNumberPrefix", "POST", "/api/v1/admin/bodies/%00/prefixes", 404,
                    "Authorization", "Bearer {adminKey}", "Content-Type", "application/json", "{\"prefix\":\"Q\"}"),
            Regression.of("getBodyFeed", "GET", "/bodies/a%00b/feed.atom", 404),
            // an open-data address no file has, asked for by a browser, got the HTML error page
            Regression.of("getOpenDataFile", "GET", "/open-data/%E5%AF%B9/%E5%8F%AF", 404, "Accept", "text/html"),
            // an empty Accept fails before a resource method is chosen; the error page's filter took one for granted: 500
            Regression.of("verifyTokenUpperCase", "GET", "/V/{token}", 400, "Accept", ""),
            Regression.of("verifyToken", "GET", "/v/NOTATOKEN?x=1", 400, "Accept", ""),
            // the page took a repeated or overlong lang, which the contract refuses
            Regression.of("verifyToken", "GET", "/v/{token}?lang=en&lang=zh", 400, "Accept", "text/html"),
            Regression.of("verifyTokenUpperCase", "GET", "/V/{token}?lang=%E4%B8%AD%E6%96%87%E4%B8%AD%E6%96%87%E4%B8%AD%E6%96%87", 400,
                    "Accept", "text/html"),
            Regression.of("verifyToken", "GET", "/v/{token}?lang=EN", 200, "Accept", "text/html"),
            // the page's errors are pages, which the contract did not say; a target that is not a URI never reaches the
            // register, and gets a bare 400, which it did not say either
            Regression.of("verifyToken", "GET", "/v/{token}?x=1", 400),
            Regression.of("searchCertificates", "GET", "/api/v1/certificates?q=%ZZ", 400),
            Regression.of("getCertificate", "GET", "/api/v1/certificates/%E4%B8%AD%E6%96%87", 400),
            // the published keys are for programs, but a 406 there became the browsers' error page
            Regression.of("getJwks", "GET", "/.well-known/jwks.json", 406, "Accept", "text/*"),
            // a list or object as the batch's bid date was skipped, and the batch checked for today
            Regression.of("verifyCertificates", "POST", "/api/v1/verify", 400, "Content-Type", "application/json",
                    "{\"on\":[[\"2024-06-30\"]],\"items\":[{\"number\":\"{own}\"}]}"),
            Regression.of("verifyCertificates", "POST", "/api/v1/verify", 400, "Content-Type", "application/json",
                    "{\"on\":{},\"items\":[]}"),
            // a null list of number prefixes, and a null body for a key's options, are taken for none, which the
            // contract did not allow
            Regression.of("registerBody", "POST", "/api/v1/admin/bodies", 201, "Authorization", "Bearer {adminKey}",
                    "Content-Type", "application/json",
                    "{\"code\":\"{newCode}\",\"name\":\"模糊测试认证\",\"approvalNumber\":\"{newApproval}\",\"numberPrefixes\":null}"),
            Regression.of("createBodyKey", "POST", "/api/v1/admin/bodies/{bodyCode}/keys", 201, "Authorization",
                    "Bearer {adminKey}", "Content-Type", "application/json", "null"),
            // an event kind given as a number was taken for the kind at that position (" 1" recorded an event)
            Regression.of("recordCertificateEvent", "POST", "/api/v1/certificates/{own}/events", 400, "Authorization",
                    "Bearer {bodyKey}", "Content-Type", "application/json",
                    "{\"kind\":\" 2\",\"effectiveDate\":\"{today}\",\"reason\":\"x\"}"),
            Regression.of("recordCertificateEvent", "POST", "/api/v1/certificates/{own}/events", 400, "Authorization",
                    "Bearer {bodyKey}", "Content-Type", "application/json",
                    "{\"kind\":1,\"effectiveDate\":\"{today}\",\"reason\":\"x\"}"),
            // and trimmed a kind before looking it up, so that a NUL or a space after one counted as nothing
            Regression.of("recordCertificateEvent", "POST", "/api/v1/certificates/{own}/events", 400, "Authorization",
                    "Bearer {bodyKey}", "Content-Type", "application/json",
                    "{\"kind\":\"SURVEILLANCE_PASSED\\u0000\",\"effectiveDate\":\"{today}\",\"reason\":\"x\"}"),
            Regression.of("recordCertificateEvent", "POST", "/api/v1/certificates/{own}/events", 400, "Authorization",
                    "Bearer {bodyKey}", "Content-Type", "application/json",
                    "{\"kind\":\" SURVEILLANCE_PASSED\",\"effectiveDate\":\"{today}\",\"reason\":\"x\"}"),
            // a date with a NUL or a space after it was trimmed by Jackson and taken for the date
            Regression.of("recordCertificateEvent", "POST", "/api/v1/certificates/{own}/events", 400, "Authorization",
                    "Bearer {bodyKey}", "Content-Type", "application/json",
                    "{\"kind\":\"SURVEILLANCE_PASSED\",\"effectiveDate\":\"{today}\\u0000\",\"reason\":\"x\"}"),
            Regression.of("issueCertificate", "POST", "/api/v1/certificates", 400, "Authorization", "Bearer {bodyKey}",
                    "Content-Type", "application/json", "{\"number\":\"{newNumber}\",\"scheme\":\"AFTER_SALES\","
                            + "\"grade\":\"FOUR_STAR\",\"score\":92,\"scope\":\"维修\",\"issueDate\":\"{today} \","
                            + "\"expiryDate\":\"2029-01-01\",\"holderName\":\"模糊测试有限公司\","
                            + "\"holderCreditCode\":\"{newCreditCode}\",\"siteRegion\":\"440106\"}"),
            // a client asking for a problem document got the browsers' error page from the verification page
            Regression.of("verifyToken", "GET", "/v/{token}?_=1", 400, "Accept", "application/problem+json"),
            // the e-certificate's address, opened by a browser, answers its errors with the error page, which the contract
            // did not say
            Regression.of("getECertificate", "GET", "/certificates/NO-SUCH-1.pdf", 406, "Accept", "text/html"),
            Regression.of("getECertificate", "GET", "/certificates/.pdf", 400, "If-None-Match", "W/\"abc\""),
            // the open-data index, asked for by a client taking any text, got the HTML error page with its 406
            Regression.of("getOpenData", "GET", "/open-data", 406, "Accept", "text/*"),
            // a body that is not the multipart its content type says: the framework's parser failed with an IOException, 500
            Regression.of("verifyDocument", "POST", "/api/v1/verify/document", 400, "Content-Type",
                    "multipart/form-data; boundary=x", "{\"file\":[\"有得为方在\"],\"on\":\"2021-08-28\"}")
    );

    /** {@code expected}: the status the answer must have, or 0 when the general checks say enough. */
    record Regression(String operation, String method, String target, int expected, Map<String, String> headers, String body) {

        static Regression of(String operation, String method, String target, int expected, String... headersThenBody) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i + 1 < headersThenBody.length; i += 2) {
                headers.put(headersThenBody[i], headersThenBody[i + 1]);
            }
            return new Regression(operation, method, target, expected, headers,
                    headersThenBody.length % 2 == 1 ? headersThenBody[headersThenBody.length - 1] : null);
        }
    }

    @Test
    void knownBreakingRequestsAreAnsweredAsTheContractSays() {
        Run run = new Run(null);
        for (Regression regression : REGRESSIONS) {
            Operation operation = OPERATIONS.stream().filter(o -> o.id().equals(regression.operation())).findFirst().orElseThrow();
            Exchange exchange = new Exchange(operation);
            exchange.method = regression.method();
            String target = placeholders(regression.target());
            int query = target.indexOf('?');
            exchange.path = query < 0 ? target : target.substring(0, query);
            if (query >= 0) {
                for (String part : target.substring(query + 1).split("&", -1)) {
                    int equals = part.indexOf('=');
                    String name = equals < 0 ? part : part.substring(0, equals);
                    String raw = equals < 0 ? null : part.substring(equals + 1);
                    String text = raw == null ? null : decoded(raw);
                    exchange.decodable &= text != null && decoded(name) != null && name.equals(ContractFuzzer.encode(decoded(name)));
                    exchange.query.add(raw == null ? ContractFuzzer.bare(name) : Map.entry(name, new Value(text, raw)));
                }
            }
            exchange.decodable &= regression.method().equals(operation.method());
            regression.headers().forEach((name, value) -> exchange.headers.add(Map.entry(name, placeholders(value))));
            exchange.body = regression.body() == null ? null : placeholders(regression.body()).getBytes(StandardCharsets.UTF_8);
            run.send(exchange, regression.expected());
        }
        run.finish("regressions");
    }

    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void randomRequestsAreAnsweredAsTheContractSays() {
        long seed = Long.getLong("contract.fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("contract.fuzz.requests", DEFAULT_REQUESTS);
        System.out.println("contract fuzz: seed " + seed + ", " + requests + " requests (-Dcontract.fuzz.seed=" + seed + ")");
        ContractFuzzer fuzzer = new ContractFuzzer(seed, world, OPERATIONS);
        Run run = new Run(seed);
        for (int i = 0; i < requests; i++) {
            run.send(fuzzer.next());
        }
        run.finish("seed " + seed);
    }

    /** The requests of one test, what became of them, and the failures found. */
    private final class Run {
        /** Null for the fixed list. */
        final Long seed;
        final long started = System.nanoTime();
        final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        final Map<String, String> failures = new LinkedHashMap<>();
        final Map<String, Integer> failureCounts = new LinkedHashMap<>();
        int sent;

        Run(Long seed) {
            this.seed = seed;
        }

        void send(Exchange exchange) {
            send(exchange, 0);
        }

        void send(Exchange exchange, int expected) {
            RawHttp.Response response;
            try {
                response = RawHttp.send("localhost", RestAssured.port, exchange.request());
            } catch (IOException e) {
                fail(describe(exchange, null, List.of("no answer: " + e)));
                return;
            }
            sent++;
            statuses.computeIfAbsent(exchange.operation.id(), k -> new TreeMap<>()).merge(response.status(), 1, Integer::sum);
            List<String> problems = check(exchange, response);
            if (expected != 0 && response.status() != expected) {
                problems.add(0, "answered " + response.status() + " where the contract says " + expected);
            }
            if (!problems.isEmpty()) {
                String key = exchange.operation.id() + " " + response.status() + " " + problems.get(0).replaceAll("[0-9]+", "#")
                        .replaceAll("(.{0,60}).*", "$1");
                failureCounts.merge(key, 1, Integer::sum);
                failures.putIfAbsent(key, "request #" + sent + ", " + describe(exchange, response, problems));
            }
            learn(exchange, response);
        }

        void finish(String what) {
            double seconds = (System.nanoTime() - started) / 1e9;
            StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "contract fuzz (%s): %d requests in %.1f s; %d of %d"
                    + " operations; statuses:", what, sent, seconds, statuses.size(), OPERATIONS.size()));
            statuses.forEach((operation, counts) -> summary.append("\n  ").append(operation).append(' ').append(counts));
            System.out.println(summary);
            if (!failures.isEmpty()) {
                StringBuilder message = new StringBuilder(failureCounts.values().stream().mapToInt(Integer::intValue).sum()
                        + " answers broke the contract (" + what + (seed == null ? "" : "; rerun with -Dcontract.fuzz.seed=" + seed
                        + " -Dcontract.fuzz.requests=" + sent) + "), " + failures.size() + " kinds:");
                int shown = 0;
                for (Map.Entry<String, String> failure : failures.entrySet()) {
                    if (shown++ == MAX_REPORTED) {
                        message.append("\n… and ").append(failures.size() - MAX_REPORTED).append(" more kinds");
                        break;
                    }
                    message.append("\n\n[").append(failureCounts.get(failure.getKey())).append("×] ").append(failure.getValue());
                }
                fail(message.toString());
            }
        }
    }

    // ---------------------------------------------------------------- the checks

    static List<String> check(Exchange exchange, RawHttp.Response response) {
        List<String> problems = new ArrayList<>();
        int status = response.status();
        String type = response.header("Content-Type");
        Operation operation = exchange.operation;
        if (status >= 500) {
            problems.add("server error " + status);
        }
        if (!wellFormedUri(exchange.target())) {
            // Quarkus' HTTP layer refuses a request target that is not a URI before any application code runs
            if (status != 400) {
                problems.add("a request target that is not a URI answered with " + status + " instead of 400");
            }
            return problems;
        }
        // a method without an operation, or an empty or dot path segment (the server merges slashes and removes dot
        // segments): the request meets another operation or none
        boolean merged = Pattern.compile("/(\\.{1,2})?(/|$)").matcher(exchange.path.substring(1)).find();
        boolean outside = !exchange.method.equals(operation.method()) || merged;
        String accept = exchange.header("Accept");
        if (status >= 400) {
            // a page shows its errors as a page, and so does an address that is none, to a browser; whoever asks for
            // JSON gets the problem document
            boolean html = type != null && type.startsWith("text/html");
            // (a merged path may meet a page: GET /procurement/jobs//result.csv is the job page of a job "result.csv")
            boolean page = merged ? html && (accept == null || !accept.contains("json"))
                    : outside ? html && accept != null && (accept.contains("text/html") || accept.contains("text/*"))
                    : html && operation.pageTypes().contains("text/html") && (accept == null || !accept.contains("json"));
            if (!page) {
                problemDocument(response, problems);
            }
        }
        if (outside) {
            // RESTEasy answers a method it has no resource method for with 405, or 404 where a path's operations lie in
            // several resource classes; a key's check comes before either, so a request without one may get 401 (POST
            // /api/v1/admin/keys/ is createKey's address with a trailing slash, not revokeKey's with an empty id). A
            // merged path may meet another operation, which answers as that one does (GET /certificates//events is
            // getCertificate's address for a certificate numbered "events", which has no text/csv: 406)
            if (!merged && !exchange.method.equals(operation.method()) && status != 405 && status != 404 && status != 401) {
                problems.add("a method not in the contract answered with " + status);
            }
            return problems;
        }
        boolean declared = operation.statuses().contains(status);
        if (!declared && !(status >= 400 && ContractFuzzer.GENERIC_STATUSES.contains(status))) {
            problems.add("status " + status + " is not in the contract for " + operation.method() + " " + operation.path());
        }
        if (declared) {
            ValidationReport report = VALIDATOR.validateResponse(exchange.path, Request.Method.valueOf(operation.method()),
                    response(response));
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add("answer: " + m.getKey() + ": " + m.getMessage()));
        }
        if (status >= 200 && status < 300 && exchange.decodable) {
            ValidationReport report = VALIDATOR.validateRequest(request(exchange));
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR && !tolerated(m, exchange, response))
                    .forEach(m -> problems.add("accepted a request the contract does not allow: " + m.getKey() + ": " + m.getMessage()));
        }
        return problems;
    }

    /**
     * What the validator calls a bad request but the contract (or HTTP) allows: an Accept the answer does not match
     * or that does not parse (RFC 9110 lets a server disregard it), a body on a GET or DELETE (RFC 9110: it has no
     * meaning, so it is ignored), a blank path parameter (the validator takes it for a missing one; the path
     * has it, and a blank token is simply not genuine),
     * properties beyond the schema's (the validator forbids them unless told otherwise; OpenAPI allows them), a
     * scalar of another JSON type where a scalar is expected (read as its text or number, as Jackson does), the
     * auth scheme in another case (RFC 9110: case-insensitive), and a repeated {@code lang} on a token's JSON
     * verdict (the contract: accepted and ignored there).
     */
    private static boolean tolerated(ValidationReport.Message message, Exchange exchange, RawHttp.Response response) {
        String authorization = exchange.header("Authorization");
        String type = response.header("Content-Type");
        return switch (message.getKey()) {
            case "validation.request.accept.notAllowed", "validation.request.accept.invalid",
                    "validation.request.body.schema.additionalProperties" -> true;
            case "validation.request.body.unexpected" -> exchange.method.equals("GET") || exchange.method.equals("DELETE");
            case "validation.request.parameter.missing" -> exchange.operation.parameters().stream()
                    .anyMatch(p -> p.in().equals("path") && message.getMessage().contains("'" + p.name() + "'"));
            case "validation.request.body.schema.type" -> SCALAR_FOR_SCALAR.matcher(message.getMessage()).find();
            case "validation.request.security.invalid" -> authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && !authorization.startsWith("Bearer ");
            case "validation.request.parameter.collection.invalid" -> message.getMessage().contains("'lang'")
                    && exchange.operation.path().contains("{token}") && type != null && type.startsWith("application/json");
            default -> false;
        };
    }

    private static boolean wellFormedUri(String target) {
        try {
            // as the server reads the request line: byte by byte
            new URI(new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void problemDocument(RawHttp.Response response, List<String> problems) {
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            problems.add("a " + response.status() + " that is not application/problem+json but " + type);
            return;
        }
        JsonNode problem;
        try {
            problem = ContractFuzzer.JSON.readTree(response.body());
        } catch (IOException e) {
            problems.add("a problem document that is not JSON: " + e.getMessage());
            return;
        }
        for (String field : List.of("type", "title")) {
            if (!problem.path(field).isTextual() || problem.path(field).asText().isBlank()) {
                problems.add("a problem document without '" + field + "'");
            }
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != response.status()) {
            problems.add("a problem document whose status " + problem.path("status") + " is not the answer's " + response.status());
        }
    }

    private static SimpleResponse response(RawHttp.Response response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.status());
        response.headers().forEach((name, values) -> builder.withHeader(name, values));
        String type = response.header("Content-Type");
        if (response.body().length > 0 && type != null && (type.contains("json") || type.startsWith("text/") || type.contains("xml"))) {
            builder.withBody(response.text());
        } else if (response.body().length > 0) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static SimpleRequest request(Exchange exchange) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method, exchange.path);
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Map.Entry<String, Value> parameter : exchange.query) {
            query.computeIfAbsent(parameter.getKey(), k -> new ArrayList<>()).add(parameter.getValue().text());
        }
        query.forEach(builder::withQueryParam);
        exchange.headers.forEach(header -> builder.withHeader(header.getKey(), header.getValue()));
        if (exchange.body != null) {
            builder.withBody(new String(exchange.body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    // ---------------------------------------------------------------- what the answers teach

    /** Successful answers add what they made to the world: new certificates, keys, entity tags. */
    private static void learn(Exchange exchange, RawHttp.Response response) {
        if (response.status() >= 300) {
            String tag = response.header("ETag");
            if (response.status() == 304 && tag != null && !world.etags.contains(tag)) {
                world.etags.add(tag);
            }
            return;
        }
        String tag = response.header("ETag");
        if (tag != null && world.etags.size() < 50 && !world.etags.contains(tag)) {
            world.etags.add(tag);
        }
        String type = response.header("Content-Type");
        if (type == null || !type.contains("json") || response.status() != 201) {
            return;
        }
        try {
            JsonNode answer = ContractFuzzer.JSON.readTree(response.body());
            switch (exchange.operation.id()) {
                case "issueCertificate" -> {
                    world.ownNumbers.add(answer.path("number").asText());
                    world.creditCodes.add(answer.path("holder").path("creditCode").asText());
                    world.holderNames.add(answer.path("holder").path("name").asText());
                }
                case "createBodyKey", "createRegulatorKey", "createAdminKey" -> world.revocableKeyIds.add(answer.path("id").asText());
                case "registerBody" -> world.ownBodyCodes.add(answer.path("code").asText());
                case "registerRegulator" -> world.regulatorCodes.add(answer.path("code").asText());
                default -> {
                }
            }
        } catch (IOException e) {
            // the check has reported it
        }
    }

    // ---------------------------------------------------------------- the report

    private static String describe(Exchange exchange, RawHttp.Response response, List<String> problems) {
        StringBuilder text = new StringBuilder(exchange.operation.id()).append(": ").append(String.join("; ", problems));
        String target = exchange.target();
        text.append("\n  request: ").append(exchange.method).append(' ').append(excerpt(target, 400));
        for (Map.Entry<String, String> header : exchange.headers) {
            text.append("\n    ").append(header.getKey()).append(": ").append(excerpt(masked(header.getValue()), 120));
        }
        if (exchange.body != null) {
            text.append("\n    body (").append(exchange.body.length).append(" bytes): ")
                    .append(excerpt(new String(exchange.body, StandardCharsets.UTF_8), 400));
        }
        if (response != null) {
            text.append("\n  answer: ").append(response.status()).append(' ').append(response.header("Content-Type"))
                    .append("\n    ").append(excerpt(response.text(), 600));
        }
        return text.toString();
    }

    private static String masked(String value) {
        return value.replace(world.bodyKey, "<body key>").replace(world.otherBodyKey, "<other body's key>")
                .replace(world.regulatorKey, "<regulator key>").replace(world.revokedKey, "<revoked key>")
                .replace(world.adminKey, "<admin key>");
    }

    /** The start of a text, with anything unprintable escaped. */
    static String excerpt(String text, int length) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(length).forEach(c -> {
            if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || c == 0x2028 || c == 0xFEFF || c == 0xFFFD || c == 0x202E) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        if (text.codePointCount(0, text.length()) > length) {
            shown.append("… (").append(text.length()).append(" chars)");
        }
        return shown.toString();
    }

    /** The test's own data in a regression's text: numbers, a token, codes and keys, today, fresh codes. */
    private static String placeholders(String text) {
        Function<List<String>, String> first = list -> list.isEmpty() ? "" : list.get(0);
        return text.replace("{own}", first.apply(world.ownNumbers))
                .replace("{token}", first.apply(world.tokens))
                .replace("{bodyCode}", world.bodyCode)
                .replace("{bodyKey}", world.bodyKey)
                .replace("{adminKey}", world.adminKey)
                .replace("{today}", world.today.toString())
                .replace("{newCode}", "FZ" + TestRegister.RUN + "R" + REGRESSION_CODES.incrementAndGet())
                .replace("{newApproval}", TestRegister.approvalNumber())
                .replace("{newNumber}", TestRegister.number(world.bodyCode))
                .replace("{newCreditCode}", TestRegister.creditCode("440106"));
    }

    // ---------------------------------------------------------------- the world

    /** Two bodies with keys, a regulator, certificates in every status, their tokens, and the reference data. */
    private static World world() {
        World world = new World();
        Api.Body body = Api.newBody("FUZZ");
        Api.Body other = Api.newBody("FUZZB");
        world.bodyCode = body.code();
        world.bodyKey = body.key();
        world.otherBodyCode = other.code();
        world.otherBodyKey = other.key();
        world.ownBodyCodes.add(body.code());
        world.ownBodyCodes.add(other.code());
        String regulator = TestRegister.code("FUZZR");
        Api.as(Api.BOOTSTRAP_ADMIN).body(Map.of("code", regulator, "name", regulator + "市场监督管理局", "region", "44"))
                .post("/api/v1/admin/regulators").then().statusCode(201);
        world.regulatorCodes.add(regulator);
        world.regulatorKey = Api.as(Api.BOOTSTRAP_ADMIN).body(Map.of()).post("/api/v1/admin/regulators/" + regulator + "/keys")
                .then().statusCode(201).extract().path("key");
        world.revokedKey = Api.newKey(body.code());
        Api.as(Api.BOOTSTRAP_ADMIN).delete("/api/v1/admin/keys/" + world.revokedKey.split("_")[1]).then().statusCode(204);

        for (Map<String, Object> scheme : given().get("/api/v1/schemes").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("")) {
            Map<String, BigDecimal> grades = new LinkedHashMap<>();
            for (Object grade : (List<?>) scheme.get("grades")) {
                Map<?, ?> g = (Map<?, ?>) grade;
                grades.put((String) g.get("code"), new BigDecimal(g.get("minScore").toString()));
            }
            List<String> subScores = ((List<?>) scheme.get("subScores")).stream().map(s -> (String) ((Map<?, ?>) s).get("code")).toList();
            world.schemes.put((String) scheme.get("code"),
                    new ContractFuzzer.SchemeInfo((Integer) scheme.get("thresholdScale"), grades, subScores));
        }
        for (String parent : List.of("", "44", "4401", "4403", "11", "3301", "5101")) {
            JsonPath regions = (parent.isEmpty() ? given() : given().queryParam("parent", parent)).get("/api/v1/regions")
                    .then().statusCode(200).extract().jsonPath();
            List<String> codes = regions.getList("code");
            List<String> names = regions.getList("name");
            List<String> levels = regions.getList("level");
            for (int i = 0; i < codes.size(); i += parent.isEmpty() ? 4 : 1) {
                String code = codes.get(i);
                world.regionCodes.add(switch (levels.get(i)) {
                    case "PROVINCE" -> code.substring(0, 2);
                    case "CITY" -> code.substring(0, 4);
                    default -> code;
                });
                world.regionNames.add(names.get(i));
                if (levels.get(i).equals("DISTRICT")) {
                    world.districts.add(code);
                }
            }
        }
        world.regionNames.add("广东");
        world.regionNames.add("朝阳区");

        int[] ages = {20, 100, 400, 800, 1090, 1200, 1500, 5};
        for (int i = 0; i < ages.length; i++) {
            String district = world.districts.get(i % world.districts.size());
            Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), district, Api.TODAY.minusDays(ages[i]));
            certificate.put("holderName", "模糊测试" + TestRegister.name() + "电器有限公司");
            Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201);
            world.ownNumbers.add((String) certificate.get("number"));
            world.creditCodes.add((String) certificate.get("holderCreditCode"));
            world.holderNames.add((String) certificate.get("holderName"));
        }
        for (int i = 0; i < 3; i++) {
            world.foreignNumbers.add(Api.issue(other, world.districts.get(i), Api.TODAY.minusDays(30 + i)));
        }
        String[] kinds = {"SUSPENDED", "WITHDRAWN", "CANCELLED"};
        for (int i = 0; i < kinds.length; i++) {
            Api.as(body).body(Api.event(kinds[i], Api.TODAY, "模糊测试")).post("/api/v1/certificates/" + world.ownNumbers.get(i + 1) + "/events")
                    .then().statusCode(201);
        }
        try {
            for (String number : List.of(world.ownNumbers.get(0), world.ownNumbers.get(1), world.foreignNumbers.get(0))) {
                world.tokens.add(VerificationTest.path(VerificationTest.scan(number)).substring(3));
            }
        } catch (Exception e) {
            throw new IllegalStateException("The QR codes of the test's certificates do not read", e);
        }
        return world;
    }
}
