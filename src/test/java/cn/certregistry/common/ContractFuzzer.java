package cn.certregistry.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/**
 * Makes random requests from the contract: the operations, their parameters and request bodies are read from
 * openapi/openapi.yaml; the values are valid ones (what the contract's schemas and descriptions allow, with real
 * certificates, tokens and keys where an entity must exist) or hostile ones (boundaries, wrong types, control
 * characters, malformed escapes, broken JSON, wrong media types). Everything random comes from one seeded
 * {@link Random}, so a seed replays the same sequence of choices.
 */
final class ContractFuzzer {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One operation of the contract. */
    record Operation(String id, String method, String path, String tag, List<Param> parameters,
            Map<String, Schema<?>> bodies, boolean bodyRequired, boolean anonymous, boolean keyed, Set<Integer> statuses,
            Set<String> pageTypes) {

        Param parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
    }

    record Param(String name, String in, boolean required) {
    }

    /** A parameter value: {@code text} as meant (null when {@code raw} does not decode), {@code raw} as on the wire. */
    record Value(String text, String raw) {

        static Value of(String text) {
            return new Value(text, encode(text));
        }

        static Value raw(String raw) {
            return new Value(null, raw);
        }
    }

    /** A request made by the fuzzer, and what it was made of (for the contract's request validation and the report). */
    static final class Exchange {
        final Operation operation;
        String method;
        String path;
        final List<Map.Entry<String, Value>> query = new ArrayList<>();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body;
        /** Whether every part of the request is as the generator meant it (no raw bytes): then the request can be validated. */
        boolean decodable = true;

        Exchange(Operation operation) {
            this.operation = operation;
            this.method = operation.method();
        }

        String target() {
            if (query.isEmpty()) {
                return path;
            }
            StringBuilder target = new StringBuilder(path).append('?');
            for (int i = 0; i < query.size(); i++) {
                if (i > 0) {
                    target.append('&');
                }
                Map.Entry<String, Value> parameter = query.get(i);
                target.append(parameter.getKey());
                if (parameter.getValue() != null) {
                    target.append('=').append(parameter.getValue().raw());
                }
            }
            return target.toString();
        }

        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }

        RawHttp.Request request() {
            return new RawHttp.Request(method, target(), headers, body);
        }
    }

    /** What the fuzzer knows of the register: real entities and keys made by the test, growing as requests succeed. */
    static final class World {
        final LocalDate today = Api.TODAY;
        String bodyCode;
        String otherBodyCode;
        String bodyKey;
        String otherBodyKey;
        String regulatorKey;
        String revokedKey;
        final String adminKey = Api.BOOTSTRAP_ADMIN;
        final List<String> ownNumbers = new ArrayList<>();
        final List<String> foreignNumbers = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        final List<String> creditCodes = new ArrayList<>();
        final List<String> holderNames = new ArrayList<>();
        final List<String> etags = new ArrayList<>();
        final List<String> revocableKeyIds = new ArrayList<>();
        final List<String> ownBodyCodes = new ArrayList<>();
        final List<String> regulatorCodes = new ArrayList<>();
        final List<String> districts = new ArrayList<>();
        final List<String> regionCodes = new ArrayList<>();
        final List<String> regionNames = new ArrayList<>();
        /** Scheme code to its threshold scale, grades (code to minimum score, lowest first) and sub-score codes. */
        final Map<String, SchemeInfo> schemes = new LinkedHashMap<>();
    }

    record SchemeInfo(int scale, Map<String, BigDecimal> grades, List<String> subScores) {
    }

    private static final String[] STATUSES = {"VALID", "SUSPENDED", "WITHDRAWN", "CANCELLED", "EXPIRED"};
    private static final String[] SORTS = {"issueDate", "expiryDate", "number", "holderName", "score"};
    private static final String[] DATE_PARAMETERS = {"issuedFrom", "issuedTo", "expiresFrom", "expiresTo", "validOn", "on",
            "from", "to", "issueDate", "expiryDate", "effectiveDate"};
    private static final String CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";
    /** Statuses the contract's Problem table lists for any operation: a service may answer them wherever they apply. */
    static final Set<Integer> GENERIC_STATUSES = Set.of(405, 406, 413, 415, 429);

    final Random random;
    final World world;
    final List<Operation> operations;
    private final String run = TestRegister.RUN;
    private int sequence;

    ContractFuzzer(long seed, World world, List<Operation> operations) {
        this.random = new Random(seed);
        this.world = world;
        this.operations = operations;
    }

    // ---------------------------------------------------------------- the contract

    static OpenAPI contract(String location) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().read(location, null, options);
        if (api == null) {
            throw new IllegalStateException("The contract at " + location + " does not parse");
        }
        return api;
    }

    static List<Operation> operations(OpenAPI api) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, io.swagger.v3.oas.models.Operation> entry
                    : path.getValue().readOperationsMap().entrySet()) {
                io.swagger.v3.oas.models.Operation operation = entry.getValue();
                List<Param> parameters = new ArrayList<>();
                List<Parameter> declared = new ArrayList<>();
                if (path.getValue().getParameters() != null) {
                    declared.addAll(path.getValue().getParameters());
                }
                if (operation.getParameters() != null) {
                    declared.addAll(operation.getParameters());
                }
                for (Parameter parameter : declared) {
                    if (parameter.get$ref() != null) {
                        parameter = api.getComponents().getParameters().get(parameter.get$ref().replaceAll(".*/", ""));
                    }
                    parameters.add(new Param(parameter.getName(), parameter.getIn(), Boolean.TRUE.equals(parameter.getRequired())));
                }
                Map<String, Schema<?>> bodies = new LinkedHashMap<>();
                boolean bodyRequired = false;
                if (operation.getRequestBody() != null) {
                    bodyRequired = Boolean.TRUE.equals(operation.getRequestBody().getRequired());
                    operation.getRequestBody().getContent().forEach((type, media) -> bodies.put(type, media.getSchema()));
                }
                List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity() : api.getSecurity();
                boolean anonymous = security == null || security.isEmpty() || security.stream().anyMatch(Map::isEmpty);
                boolean keyed = security != null && security.stream().anyMatch(s -> s.containsKey("apiKey"));
                Set<Integer> statuses = new TreeSet<>();
                Set<String> pageTypes = new LinkedHashSet<>();
                operation.getResponses().forEach((status, response) -> {
                    if (status.matches("[0-9]{3}")) {
                        statuses.add(Integer.parseInt(status));
                    }
                    if (status.startsWith("2") && response.getContent() != null) {
                        pageTypes.addAll(response.getContent().keySet());
                    }
                    // an address a browser opens that is no page (the e-certificate's PDF) shows its errors as a page
                    if (status.startsWith("4") && response.getContent() != null && response.getContent().containsKey("text/html")) {
                        pageTypes.add("text/html");
                    }
                });
                String tag = operation.getTags() == null || operation.getTags().isEmpty() ? "" : operation.getTags().get(0);
                operations.add(new Operation(operation.getOperationId(), entry.getKey().name(), path.getKey(), tag,
                        List.copyOf(parameters), bodies, bodyRequired, anonymous, keyed, statuses, pageTypes));
            }
        }
        return operations;
    }

    /** A query part without a value, or a whole raw query. */
    static Map.Entry<String, Value> bare(String text) {
        return new java.util.AbstractMap.SimpleEntry<>(text, null);
    }

    // ---------------------------------------------------------------- requests

    /** A random request to a random operation, operations with more inputs drawn more often. */
    Exchange next() {
        int total = operations.stream().mapToInt(ContractFuzzer::weight).sum();
        int draw = random.nextInt(total);
        for (Operation operation : operations) {
            draw -= weight(operation);
            if (draw < 0) {
                return request(operation);
            }
        }
        throw new IllegalStateException();
    }

    private static int weight(Operation operation) {
        return 2 + operation.parameters().size() + (operation.bodies().isEmpty() ? 0 : 3);
    }

    Exchange request(Operation operation) {
        Exchange exchange = new Exchange(operation);
        StringBuilder path = new StringBuilder();
        Matcher template = Pattern.compile("\\{([^}]+)}").matcher(operation.path());
        while (template.find()) {
            Value value = chance(0.2) ? hostile(template.group(1), false) : valid(operation, template.group(1));
            if (chance(0.01)) {
                value = Value.of("");
            }
            exchange.decodable &= value.text() != null;
            template.appendReplacement(path, Matcher.quoteReplacement(value.raw()));
        }
        template.appendTail(path);
        exchange.path = path.toString();

        boolean surveillance = false;
        for (Param parameter : operation.parameters()) {
            if (parameter.in().equals("path")) {
                continue;
            }
            if (!parameter.required() && !chance(operation.parameters().size() > 6 ? 0.25 : 0.5)) {
                continue;
            }
            if (parameter.required() && chance(0.05)) {
                continue;
            }
            boolean header = parameter.in().equals("header");
            Value value = chance(0.3) ? hostile(parameter.name(), header) : valid(operation, parameter.name());
            if (header) {
                if (value.text() != null) {
                    exchange.headers.add(Map.entry(parameter.name(), value.text()));
                }
            } else {
                exchange.decodable &= value.text() != null;
                exchange.query.add(Map.entry(parameter.name(), value));
                surveillance |= parameter.name().equals("surveillanceOverdue");
            }
        }
        mutateQuery(exchange, operation);
        authorize(exchange, operation, surveillance);
        accept(exchange, operation);
        if (!operation.bodies().isEmpty() && (operation.bodyRequired() || chance(0.6))) {
            body(exchange, operation);
        } else if (chance(0.03)) {
            exchange.headers.add(Map.entry("Content-Type", "application/json"));
            exchange.body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
        }
        if (chance(0.02)) {
            List<String> undeclared = new ArrayList<>(List.of("PUT", "PATCH", "DELETE", "POST", "GET"));
            operations.stream().filter(o -> o.path().equals(operation.path())).forEach(o -> undeclared.remove(o.method()));
            exchange.method = pick(undeclared);
            exchange.decodable = false;
        }
        return exchange;
    }

    private void mutateQuery(Exchange exchange, Operation operation) {
        List<String> names = operation.parameters().stream().filter(p -> p.in().equals("query")).map(Param::name).toList();
        if (chance(0.04)) {
            String name = names.isEmpty() ? "page" : pick(names);
            exchange.query.add(Map.entry(pick(List.of(name.toUpperCase(Locale.ROOT), name + "s", name.substring(1), "x", "_",
                    encode("数量"), "%00", "%ZZ", "a%5B%5D")), Value.of("1")));
            exchange.decodable = false;
        }
        if (chance(0.04) && !names.isEmpty()) {
            String name = pick(names);
            exchange.query.add(Map.entry(name, valid(operation, name)));
            exchange.query.add(Map.entry(name, valid(operation, name)));
        }
        if (chance(0.02)) {
            exchange.query.add(bare(pick(List.of("", "=", "&", names.isEmpty() ? "q" : pick(names)))));
            exchange.decodable = false;
        }
    }

    private void authorize(Exchange exchange, Operation operation, boolean surveillance) {
        String proper = switch (operation.tag()) {
            case "admin" -> world.adminKey;
            case "issuing" -> operation.id().equals("getCertificateSurveillance")
                    ? pick(List.of(world.bodyKey, world.bodyKey, world.regulatorKey, world.adminKey)) : world.bodyKey;
            default -> pick(List.of(world.bodyKey, world.regulatorKey, world.adminKey));
        };
        boolean needed = !operation.anonymous() || surveillance;
        String authorization;
        if (needed ? chance(0.8) : chance(0.9)) {
            authorization = needed ? "Bearer " + proper : null;
        } else {
            authorization = pick(List.of("", "Bearer", "Bearer ", "Bearer " + world.otherBodyKey, "Bearer " + world.regulatorKey,
                    "Bearer " + world.adminKey, "Bearer " + world.bodyKey, "Bearer " + world.revokedKey, "bearer " + proper,
                    proper, "Bearer " + proper + "x", "Bearer crk_1_x", "Bearer crk_99999999999999999999_x", "Bearer crk_-1_x",
                    "Bearer crk_abc_def", "Bearer crk__", "Basic dXNlcjpwYXNz", "Bearer " + "a".repeat(3000),
                    "Bearer 密钥", "Bearer " + proper + " " + proper, "Digest x", "Bearer crk_0_" + "A".repeat(43)));
        }
        if (authorization != null) {
            exchange.headers.add(Map.entry("Authorization", authorization));
        }
    }

    private void accept(Exchange exchange, Operation operation) {
        if (operation.pageTypes().contains("text/html") && chance(0.5)) {
            exchange.headers.add(Map.entry("Accept", pick(List.of("text/html", "text/html,application/xhtml+xml,*/*;q=0.8",
                    "application/json"))));
        } else if (chance(0.12)) {
            exchange.headers.add(Map.entry("Accept", pick(List.of("application/json", "*/*", "application/xml", "text/html",
                    "text/csv", "image/png", "application/problem+json", "application/json;q=0", "@@@", "", "text/*",
                    "application/json, text/html;q=0.5"))));
        }
    }

    // ---------------------------------------------------------------- request bodies

    private void body(Exchange exchange, Operation operation) {
        List<String> types = new ArrayList<>(operation.bodies().keySet());
        String type = pick(types);
        String text;
        if (type.startsWith("text/")) {
            text = csv();
        } else {
            Object instance = template(operation, operation.bodies().get(type));
            instance = mutate(instance, operation.bodies().get(type), chance(0.5) ? 0 : 1 + random.nextInt(3));
            instance = guardSharedNames(instance);
            text = write(instance);
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (chance(0.12)) {
            body = corrupt(text);
            exchange.decodable = false;
        }
        String contentType = type;
        if (chance(0.1)) {
            contentType = pick(Arrays.asList(null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json;charset=utf-16",
                    "APPLICATION/JSON", "*/*", "application/problem+json", ";;;", "text/csv", "application/json", "image/png"));
            exchange.decodable = false;
        }
        if (contentType != null) {
            exchange.headers.add(Map.entry("Content-Type", contentType));
        }
        exchange.body = body;
    }

    /** A valid instance for the operation's body, made from the world where the contract's schema alone cannot say. */
    private Object template(Operation operation, Schema<?> schema) {
        return switch (operation.id()) {
            case "issueCertificate" -> certificate();
            case "recordCertificateEvent" -> event();
            case "verifyCertificates" -> batch();
            case "registerBody" -> newBody();
            case "registerRegulator" -> newRegulator();
            case "registerNumberPrefix" -> new LinkedHashMap<>(Map.of("prefix", prefix()));
            default -> schema == null ? null : instance(schema, "", 0);
        };
    }

    Map<String, Object> certificate() {
        String number = TestRegister.number(world.bodyCode);
        String district = pick(world.districts);
        LocalDate issued = world.today.minusDays(random.nextInt(1000));
        Map<String, Object> certificate = Api.certificate(number, district, issued);
        certificate.put("holderName", holderName());
        if (chance(0.5)) {
            String scheme = pick(new ArrayList<>(world.schemes.keySet()));
            SchemeInfo info = world.schemes.get(scheme);
            int scale = scheme.equals("AFTER_SALES") && chance(0.3) ? 1000 : info.scale();
            BigDecimal factor = BigDecimal.valueOf(scale).divide(BigDecimal.valueOf(info.scale()));
            BigDecimal lowest = info.grades().values().iterator().next().multiply(factor);
            BigDecimal score = lowest.add(BigDecimal.valueOf(random.nextInt(BigDecimal.valueOf(scale).subtract(lowest).intValue()
                    * 100 + 1), 2));
            String grade = null;
            for (Map.Entry<String, BigDecimal> g : info.grades().entrySet()) {
                if (g.getValue().multiply(factor).compareTo(score) <= 0) {
                    grade = g.getKey();
                }
            }
            certificate.put("scheme", chance(0.1) ? scheme.toLowerCase(Locale.ROOT) : scheme);
            certificate.put("grade", grade);
            certificate.put("score", score.stripTrailingZeros());
            certificate.put("scoreScale", scale);
            certificate.remove("subScores");
            if (chance(0.3)) {
                certificate.remove("scoreScale");
                certificate.put("score", score.divide(factor).stripTrailingZeros());
            }
        }
        if (chance(0.2)) {
            certificate.put("expiryDate", issued.plusDays(1 + random.nextInt(1000)).toString());
        }
        for (String optional : List.of("holderRegion", "siteAddress", "scoreScale")) {
            if (chance(0.15)) {
                certificate.put(optional, null);
            }
        }
        return certificate;
    }

    private Map<String, Object> event() {
        String kind = pick(List.of("SURVEILLANCE_PASSED", "SURVEILLANCE_PASSED", "SUSPENDED", "RESTORED", "WITHDRAWN", "CANCELLED",
                "GRADE_CHANGED", "SCOPE_CHANGED", "HOLDER_CHANGED"));
        Map<String, Object> event = Api.event(kind, chance(0.8) ? world.today : world.today.minusDays(random.nextInt(400)),
                pick(List.of("年度监督审核", "投诉核查", "整改完成", "企业申请")));
        switch (kind) {
            case "GRADE_CHANGED" -> {
                String[][] grades = {{"FIVE_STAR", "96"}, {"FOUR_STAR", "91.5"}, {"THREE_STAR", "85"}, {"COMPLIANT", "70"}};
                String[] grade = grades[random.nextInt(grades.length)];
                event.put("grade", grade[0]);
                event.put("score", new BigDecimal(grade[1]));
            }
            case "SCOPE_CHANGED" -> event.put("scope", "家用电器的安装与维修服务" + random.nextInt(100));
            case "HOLDER_CHANGED" -> event.put("holderName", holderName());
            default -> {
            }
        }
        return event;
    }

    private Map<String, Object> batch() {
        Map<String, Object> batch = new LinkedHashMap<>();
        if (chance(0.3)) {
            batch.put("on", date("on"));
        }
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(chance(0.1) ? 60 : 6); i > 0; i--) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("number", chance(0.8) ? number(null) : valid(null, "number").text());
            if (chance(0.5)) {
                item.put("creditCode", pick(world.creditCodes));
            }
            if (chance(0.3)) {
                item.put("on", date("on"));
            }
            items.add(chance(0.03) ? null : item);
        }
        batch.put("items", items);
        return batch;
    }

    private Map<String, Object> newBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        String code = code();
        body.put("code", code);
        body.put("name", code + "认证有限公司");
        body.put("approvalNumber", TestRegister.approvalNumber());
        if (chance(0.5)) {
            body.put("website", "https://" + code.toLowerCase(Locale.ROOT) + ".example.cn");
        }
        if (chance(0.7)) {
            body.put("numberPrefixes", List.of(code + "-"));
        }
        return body;
    }

    private Map<String, Object> newRegulator() {
        Map<String, Object> regulator = new LinkedHashMap<>();
        String code = code();
        regulator.put("code", code);
        regulator.put("name", code + "市场监督管理局");
        regulator.put("region", pick(world.regionCodes));
        return regulator;
    }

    /** A body or regulator code of this run: the fuzzer must not take a code, name or prefix another test will want. */
    private String code() {
        return "FZ" + run + (++sequence);
    }

    private String prefix() {
        return "FZ" + run + "P" + (++sequence) + "-";
    }

    /**
     * Bodies, regulators and number prefixes are global: a random value that the service would accept (say
     * {@code NULL} or {@code A}) would take a code or a start of numbers from every later test. Such values
     * get this run's mark; malformed ones stay as they are.
     */
    @SuppressWarnings("unchecked")
    private Object guardSharedNames(Object instance) {
        if (!(instance instanceof Map)) {
            return instance;
        }
        Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) instance);
        for (String field : List.of("code", "prefix")) {
            if (map.containsKey(field)) {
                map.put(field, marked(map.get(field)));
            }
        }
        if (map.get("numberPrefixes") instanceof List<?> prefixes) {
            map.put("numberPrefixes", prefixes.stream().map(this::marked).toList());
        }
        return map;
    }

    /** A scalar (which the service reads as text) with this run's mark in front. */
    private Object marked(Object value) {
        boolean scalar = value instanceof String || value instanceof Number || value instanceof Boolean;
        return scalar && !value.toString().toUpperCase(Locale.ROOT).startsWith("FZ" + run) ? "FZ" + run + value : value;
    }

    /** A value the schema allows, with the field's meaning (from its name) deciding what a plain string holds. */
    private Object instance(Schema<?> schema, String field, int depth) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return pick(new ArrayList<Object>(schema.getEnum()));
        }
        String type = schema.getType() == null ? (schema.getProperties() != null ? "object" : "string") : schema.getType();
        switch (type) {
            case "object": {
                Map<String, Object> object = new LinkedHashMap<>();
                if (schema.getProperties() != null) {
                    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                    schema.getProperties().forEach((name, property) -> {
                        if (required.contains(name) || chance(0.5)) {
                            object.put(name, instance(property, name, depth + 1));
                        }
                    });
                }
                if (schema.getAdditionalProperties() instanceof Schema<?> values) {
                    List<String> codes = new ArrayList<>();
                    world.schemes.values().forEach(s -> codes.addAll(s.subScores()));
                    for (int i = random.nextInt(4); i > 0; i--) {
                        object.put(chance(0.9) ? pick(codes) : hostileText("subScore"), instance(values, "subScore", depth + 1));
                    }
                }
                return object;
            }
            case "array": {
                List<Object> array = new ArrayList<>();
                if (depth < 4) {
                    for (int i = random.nextInt(4); i > 0; i--) {
                        array.add(instance(schema.getItems(), field, depth + 1));
                    }
                }
                return array;
            }
            case "integer":
                return field.equals("scoreScale") ? pick(List.of(100, 1000)) : random.nextInt(1000);
            case "number":
                return BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(3));
            case "boolean":
                return random.nextBoolean();
            default:
                return valid(null, field).text();
        }
    }

    /** {@code count} changes at random places of a valid instance: a field dropped, nulled, of the wrong type or hostile. */
    @SuppressWarnings("unchecked")
    private Object mutate(Object instance, Schema<?> schema, int count) {
        for (int i = 0; i < count; i++) {
            if (!(instance instanceof Map) || chance(0.05)) {
                return hostileJson("");
            }
            Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) instance);
            instance = map;
            List<String> fields = new ArrayList<>(map.keySet());
            if (schema != null && schema.getProperties() != null) {
                fields.addAll(schema.getProperties().keySet());
            }
            if (fields.isEmpty() || chance(0.1)) {
                map.put(pick(List.of("unknown", "Number", "number ", "__proto__", "", "字段")), hostileJson("x"));
                continue;
            }
            String field = pick(fields);
            Schema<?> property = schema == null || schema.getProperties() == null ? null : schema.getProperties().get(field);
            Object current = map.get(field);
            double what = random.nextDouble();
            if (what < 0.2) {
                map.remove(field);
            } else if (what < 0.3) {
                map.put(field, null);
            } else if (what < 0.45 && property != null) {
                map.put(field, instance(property, field, 1));
            } else if (what < 0.55 && current instanceof List<?> list && !list.isEmpty()) {
                List<Object> items = new ArrayList<>(list);
                int at = random.nextInt(items.size());
                items.set(at, items.get(at) instanceof Map && property != null && property.getItems() != null
                        ? mutate(new LinkedHashMap<>((Map<String, Object>) items.get(at)), property.getItems(), 1) : hostileJson(field));
                map.put(field, items);
            } else if (what < 0.75 && (current instanceof String || property != null && "string".equals(property.getType()))) {
                map.put(field, hostileText(field));
            } else {
                map.put(field, hostileJson(field));
            }
        }
        return instance;
    }

    /** A JSON value likely to be of the wrong type or out of bounds. */
    private Object hostileJson(String field) {
        return switch (random.nextInt(22)) {
            case 0 -> null;
            case 1 -> -1;
            case 2 -> 0;
            case 3 -> new BigDecimal("1e400");
            case 4 -> new BigDecimal("-1e-400");
            case 5 -> new BigInteger("9".repeat(400));
            case 6 -> new BigDecimal("99999.99");
            case 7 -> new BigDecimal("100000");
            case 8 -> 2147483648L;
            case 9 -> new BigDecimal("0.001");
            case 10 -> 3.14159;
            case 11 -> true;
            case 12 -> List.of();
            case 13 -> Map.of();
            case 14 -> List.of(List.of(List.of("x")));
            case 15 -> Map.of("a", Map.of("b", Arrays.asList(1, "2", null)));
            case 16 -> "";
            case 17 -> "x".repeat(1 + random.nextInt(5000));
            case 18 -> randomCjk(1 + random.nextInt(2500));
            case 19 -> "\u0000";
            case 20 -> Long.MIN_VALUE;
            default -> hostileText(field);
        };
    }

    private byte[] corrupt(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(14)) {
            case 0:
                return java.util.Arrays.copyOf(utf8, random.nextInt(Math.max(1, utf8.length)));
            case 1:
                return new byte[0];
            case 2:
                return pick(List.of("{", "}", "[", "nul", "{\"a\":}", "{\"items\":[1,]}", "{'number':'x'}", "NaN", "\"x\"", "[]",
                        "null", "{} {}", "{\"a\":1}/*x*/", "\u0000")).getBytes(StandardCharsets.UTF_8);
            case 3:
                return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 4:
                return ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            case 5: {
                byte[] bad = utf8.clone();
                if (bad.length > 0) {
                    bad[random.nextInt(bad.length)] = (byte) (0x80 + random.nextInt(0x80));
                }
                return bad;
            }
            case 6:
                return ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
            case 7:
                return json.getBytes(StandardCharsets.UTF_16);
            case 8:
                return json.replaceFirst(":", ":" + "1".repeat(6000) + ",\"x\":").getBytes(StandardCharsets.UTF_8);
            case 9:
                return (json + json).getBytes(StandardCharsets.UTF_8);
            case 10:
                return json.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 11:
                return ("{\"items\":[" + "{},".repeat(1200) + "{}]}").getBytes(StandardCharsets.UTF_8);
            case 12:
                return json.replaceFirst("\\{", "{\"number\":\"A\",\"number\":\"B\",").getBytes(StandardCharsets.UTF_8);
            default: {
                byte[] bad = utf8.clone();
                if (bad.length > 0) {
                    bad[random.nextInt(bad.length)] = (byte) "{}\",:[\\\u0000".charAt(random.nextInt(8));
                }
                return bad;
            }
        }
    }

    /** A CSV file for the import: a header of the contract's columns and a few rows, valid or broken. */
    private String csv() {
        List<String> columns = new ArrayList<>(List.of("number", "scheme", "grade", "score", "scope", "issueDate", "expiryDate",
                "holderName", "holderCreditCode", "siteRegion"));
        for (String optional : List.of("scoreScale", "subScores", "holderRegion", "siteAddress")) {
            if (chance(0.4)) {
                columns.add(optional);
            }
        }
        Collections.shuffle(columns, random);
        if (chance(0.08)) {
            columns.remove(random.nextInt(columns.size()));
        }
        if (chance(0.05)) {
            columns.add(pick(List.of("number", "unknown", "", "编号")));
        }
        String newline = chance(0.3) ? "\r\n" : "\n";
        StringBuilder csv = new StringBuilder(chance(0.1) ? "\uFEFF" : "");
        csv.append(String.join(",", columns)).append(newline);
        for (int rows = random.nextInt(chance(0.05) ? 40 : 5); rows > 0; rows--) {
            Map<String, Object> certificate = certificate();
            if (certificate.get("subScores") instanceof Map<?, ?> subScores) {
                StringBuilder written = new StringBuilder();
                subScores.forEach((code, points) -> written.append(written.length() == 0 ? "" : ";").append(code).append('=').append(points));
                certificate.put("subScores", written.toString());
            }
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                Object value = certificate.get(column);
                String cell = value == null ? "" : value.toString();
                if (chance(0.08)) {
                    cell = hostileText(column);
                }
                cells.add(quote(cell));
            }
            if (chance(0.03)) {
                cells.add("extra");
            }
            csv.append(String.join(",", cells)).append(newline);
        }
        if (chance(0.04)) {
            csv.append("\"unclosed,").append(newline);
        }
        return chance(0.03) ? pick(List.of("", "\n", ",,,", "number")) : csv.toString();
    }

    private String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r") || chance(0.05)) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    // ---------------------------------------------------------------- values

    /** A value that the contract's description of the parameter or field allows. */
    Value valid(Operation operation, String name) {
        String id = operation == null ? "" : operation.id();
        String value = switch (name) {
            case "q", "holderName" -> chance(0.5) && !world.holderNames.isEmpty() ? fragment(pick(world.holderNames)) : randomCjk(2 + random.nextInt(9));
            case "creditCode", "holderCreditCode" -> creditCode();
            case "number" -> number(id);
            case "scheme" -> variant(pick(new ArrayList<>(world.schemes.keySet())));
            case "grade" -> variant(pick(world.schemes.values().stream().flatMap(s -> s.grades().keySet().stream()).toList()));
            case "status" -> variant(pick(List.of(STATUSES)));
            case "region", "parent" -> chance(0.5) ? pick(world.regionCodes) : pick(world.regionNames);
            case "holderRegion", "siteRegion" -> pick(world.districts);
            case "body" -> variant(pick(List.of(world.bodyCode, world.otherBodyCode)));
            case "surveillanceOverdue" -> pick(List.of("true", "false"));
            case "sort" -> (chance(0.5) ? "-" : "") + pick(List.of(SORTS));
            case "page" -> Integer.toString(chance(0.8) ? 1 + random.nextInt(5) : 1 + random.nextInt(500));
            case "size" -> Integer.toString(chance(0.3) ? pick(List.of(1, 20, 100)) : 1 + random.nextInt(100));
            case "ecc" -> pick(List.of("L", "M", "Q", "H", "l", "q"));
            case "lang" -> pick(List.of("zh", "en", "EN", "zh-CN", "fr", ""));
            case "token" -> token();
            case "code" -> id.contains("Regulator") ? variant(pick(world.regulatorCodes))
                    : variant(pick(world.ownBodyCodes));
            case "prefix" -> prefix();
            case "id" -> world.revocableKeyIds.isEmpty() || chance(0.2) ? Long.toString(900_000_000_000L + random.nextInt(1000))
                    : pick(world.revocableKeyIds);
            case "Idempotency-Key" -> pick(List.of(UUID.nameUUIDFromBytes(bytes(8)).toString(), "fuzz-" + random.nextInt(50),
                    "k".repeat(200), "!~" + random.nextInt(1000)));
            case "If-None-Match" -> world.etags.isEmpty() || chance(0.3) ? pick(List.of("*", "\"abc\"", "W/\"abc\""))
                    : pick(world.etags);
            case "kind" -> pick(List.of("SURVEILLANCE_PASSED", "SUSPENDED", "RESTORED", "WITHDRAWN", "CANCELLED", "GRADE_CHANGED",
                    "SCOPE_CHANGED", "HOLDER_CHANGED"));
            case "score", "subScore" -> BigDecimal.valueOf(random.nextInt(100_001), 2).toPlainString();
            case "scope", "reason", "siteAddress", "label", "name" -> randomCjk(1 + random.nextInt(40));
            case "approvalNumber" -> TestRegister.approvalNumber();
            case "website" -> "https://fuzz" + random.nextInt(100) + ".example.cn";
            default -> List.of(DATE_PARAMETERS).contains(name) ? date(name) : randomCjk(1 + random.nextInt(10));
        };
        return Value.of(value);
    }

    private String number(String operation) {
        List<String> pool = operation != null && (operation.equals("recordCertificateEvent") || operation.equals("getCertificateScans")
                || operation.equals("getCertificateSurveillance")) && chance(0.85) ? world.ownNumbers
                : chance(0.5) ? world.ownNumbers : world.foreignNumbers;
        if (chance(0.1)) {
            return TestRegister.number(world.bodyCode);
        }
        String number = pool.isEmpty() ? world.ownNumbers.get(0) : pick(pool.subList(Math.max(0, pool.size() - 40), pool.size()));
        return chance(0.1) ? number.toLowerCase(Locale.ROOT) : number;
    }

    private String creditCode() {
        double what = random.nextDouble();
        if (what < 0.6) {
            return pick(world.creditCodes);
        } else if (what < 0.7) {
            return pick(world.creditCodes).toLowerCase(Locale.ROOT);
        } else if (what < 0.85) {
            String code = pick(world.creditCodes);
            return code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0');
        }
        return TestRegister.creditCode(pick(world.districts));
    }

    private String token() {
        String token = pick(world.tokens);
        double what = random.nextDouble();
        if (what < 0.6) {
            return token;
        } else if (what < 0.7) {
            return token.toLowerCase(Locale.ROOT);
        } else if (what < 0.85) {
            char[] chars = token.toCharArray();
            int at = random.nextInt(chars.length);
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            return new String(chars);
        }
        return token.substring(0, random.nextInt(token.length()));
    }

    private String date(String name) {
        if (chance(0.15)) {
            return pick(List.of("1900-01-01", "9999-12-31", "2024-02-29", world.today.toString(), world.today.minusYears(3).toString()));
        }
        boolean future = name.startsWith("expires") || name.equals("expiryDate");
        return world.today.plusDays(future ? random.nextInt(3000) - 1500 : -random.nextInt(3000)).toString();
    }

    /**
     * A value a careful client would not send: boundaries, wrong types, very long, unicode, control characters,
     * malformed escapes, or a valid value slightly changed. {@code header}: only what a header line can carry.
     */
    Value hostile(String name, boolean header) {
        for (int attempt = 0; ; attempt++) {
            Value value = anyHostile(name);
            if (!header) {
                return value;
            }
            if (value.text() != null && value.text().length() <= 4000
                    && value.text().chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)) {
                return value;
            }
        }
    }

    /** A hostile value as text (a raw escape stays raw: in a body it is just text). */
    private String hostileText(String name) {
        Value value = hostile(name, false);
        return value.text() != null ? value.text() : value.raw();
    }

    private Value anyHostile(String name) {
        switch (random.nextInt(12)) {
            case 0:
                return Value.of(pick(List.of("", " ", "   ", "\t")));
            case 1:
                return Value.of(chance(0.5) ? "a".repeat(1 + random.nextInt(4000)) : randomCjk(1 + random.nextInt(1500)));
            case 2:
                return Value.of(pick(List.of("广州市天河区", "𠀀𠀁𠀂", "😀😀", "\u202Egnp.exe", "a\u200Bb", "é", "Ａ１", "２０２４-01-01",
                        "ß", "İ", "\uFFFD", "\uFEFF1")));
            case 3:
                return Value.of(pick(List.of("\u0000", "a\u0000b", "\u001B[31m", "\n", "\r\n", "a\u007Fb", "\u0085", "\u2028", "\b")));
            case 4:
                return Value.of(pick(List.of("-1", "0", "-0", "1e400", "99999999999999999999", "2147483648", "-2147483649",
                        "9223372036854775808", "0x10", "1.5", "NaN", "Infinity", "+1", " 1", "1 ", "00001", "1_000", "10001")));
            case 5:
                return Value.of(pick(List.of("true", "null", "[]", "{}", "[1,2]", "\"x\"", "undefined", "false")));
            case 6:
                return Value.of(pick(List.of("' OR '1'='1", "'; DROP TABLE certificate;--", "<script>alert(1)</script>",
                        "../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", "%s%n%x", "\\", "*", "%", "_", "%00", "..", ".",
                        "a/b", "a?b", "a#b", "a;b", "a&b=c", "+", "%2F", "\"")));
            case 7:
                return Value.raw(pick(List.of("%ZZ", "%", "%E4%B8", "%FF%FE", "%C0%AF", "%ED%A0%80", "%0", "a%", "%%", "%u4E2D",
                        "中文", "%F0%9F%98", "%00", "%0A", "%20%20")));
            case 8: {
                String date = world.today.plusDays(random.nextInt(5)).toString();
                return Value.of(pick(List.of("1899-12-31", "10000-01-01", "+10000-01-01", "2023-02-29", "2024-13-01", "2024-00-10",
                        "2024-1-1", "20240101", "2024/01/01", "2026-11-15T00:00:00", "2026-11-15Z", date, "0000-01-01",
                        "-2024-01-01", "2024-12-32")));
            }
            default: {
                String valid = valid(null, name).text();
                if (valid.isEmpty()) {
                    valid = "x";
                }
                return Value.of(switch (random.nextInt(9)) {
                    case 0 -> valid + " ";
                    case 1 -> " " + valid;
                    case 2 -> valid.toLowerCase(Locale.ROOT);
                    case 3 -> valid + "\u0000";
                    case 4 -> valid.repeat(3);
                    case 5 -> valid.length() > 1 ? valid.substring(1) : valid + "x";
                    case 6 -> valid + valid.charAt(valid.length() - 1);
                    case 7 -> valid + "-";
                    default -> valid.replace('-', '_');
                });
            }
        }
    }

    private String variant(String code) {
        return chance(0.15) ? code.toLowerCase(Locale.ROOT).replace('_', chance(0.5) ? '-' : '_') : code;
    }

    private String fragment(String name) {
        int length = 2 + random.nextInt(Math.max(1, Math.min(name.length() - 1, 10)));
        int start = random.nextInt(Math.max(1, name.length() - length + 1));
        return name.substring(start, Math.min(name.length(), start + length));
    }

    private String holderName() {
        return "模糊测试" + randomCjk(4) + "有限公司";
    }

    private String randomCjk(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(CJK.charAt(random.nextInt(CJK.length())));
        }
        return text.toString();
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static String write(Object instance) {
        try {
            return JSON.writeValueAsString(instance);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encoding of everything but the RFC 3986 unreserved characters. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return encoded.toString();
    }
}
