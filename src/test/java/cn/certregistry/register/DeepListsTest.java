package cn.certregistry.register;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/**
 * A list longer than offset paging reaches: ten thousand and one certificates of one holder, imported
 * once for the class. Counting stops past a thousand and says so; a walk with {@code after} visits every
 * certificate once, in the order asked for; an export reads them page after page and counts every row.
 */
@QuarkusTest
class DeepListsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CERTIFICATES = 10_001;
    private static final String DISTRICT = "440106";
    private static Imported imported;

    record Imported(String body, String holderName, Set<String> numbers) {
    }

    @Test
    void countingStopsPastAThousandAndSaysThatMoreMatch() {
        Imported register = register();
        JsonPath page = given().queryParam("body", register.body()).get("/api/v1/certificates").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1_000, page.getLong("total"));
        assertFalse(page.getBoolean("totalExact"));
        assertEquals(50, page.getLong("totalPages"), "the pages the count fills, and more follow");
        assertTrue(page.getMap("links").get("last").toString().contains("page=500"), "the last page that offset paging reaches");

        JsonPath narrowed = given().queryParam("body", register.body()).queryParam("issuedFrom", TODAY.minusDays(9).toString())
                .get("/api/v1/certificates").then().statusCode(200).extract().jsonPath();
        assertTrue(narrowed.getBoolean("totalExact"));
        assertTrue(narrowed.getLong("total") > 0 && narrowed.getLong("total") < 1_000);

        given().queryParam("body", register.body()).get("/").then().statusCode(200)
                .body(containsString("超过 1,000 张证书"));
        given().queryParam("body", register.body()).queryParam("lang", "en").get("/").then().statusCode(200)
                .body(containsString("More than 1,000 certificates"));
        // a name search counts no further either: "有限" matches nearly every certificate
        given().queryParam("q", register.holderName()).get("/").then().statusCode(200)
                .body(containsString("超过 1,000 张证书"));
        JsonPath named = given().queryParam("q", register.holderName()).get("/api/v1/certificates").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1_000, named.getLong("total"));
        assertFalse(named.getBoolean("totalExact"));
    }

    @Test
    void aWalkWithAfterVisitsEveryCertificateOnceBeyondTheDepthOfPages() {
        Imported register = register();
        List<String> walked = walk(() -> given().queryParam("body", register.body()).queryParam("sort", "number")
                .queryParam("size", 100));
        assertEquals(CERTIFICATES, walked.size());
        assertTrue(register.numbers().equals(new HashSet<>(walked)), "every certificate, none twice");
    }

    @Test
    void everyOrderWalksAsItsPagesListIt() {
        Imported register = register();
        String from = TODAY.minusDays(8).toString();
        for (String sort : List.of("-issueDate", "issueDate", "expiryDate", "-number", "score", "-holderName")) {
            List<String> paged = new ArrayList<>();
            for (int page = 1; ; page++) {
                JsonNode json = json(search(register, from, sort).queryParam("size", 50).queryParam("page", page));
                paged.addAll(numbers(json));
                if (!json.path("links").has("next")) {
                    break;
                }
            }
            List<String> walked = walk(() -> search(register, from, sort).queryParam("size", 50));
            assertTrue(paged.size() > 5 * 50, sort + ": several pages");
            assertEquals(paged, walked, "the walk by " + sort + " lists what its pages list, in the same order");
        }
    }

    @Test
    void aCursorBelongsToItsOrderAndCannotBeForged() {
        Imported register = register();
        String after = given().queryParam("body", register.body()).queryParam("sort", "score").queryParam("size", 5)
                .get("/api/v1/certificates").then().statusCode(200).extract().path("after");
        given().queryParam("body", register.body()).queryParam("sort", "-score").queryParam("after", after)
                .get("/api/v1/certificates").then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("after")).body("detail", containsString("'score'"));
        given().queryParam("body", register.body()).queryParam("sort", "score").queryParam("after", after)
                .queryParam("page", 2).get("/api/v1/certificates").then().statusCode(400).body("parameter", equalTo("page"));
        for (String forged : List.of("not-a-cursor", "%%%", cursor("1\nscore\n1\n1e999999"), cursor("1\n-issueDate\n1\n+99999-01-01"),
                cursor("1\nnumber\n1\nA\u0000B"), cursor("1\nscore\nx\n1"), cursor("2\nscore\n1\n1"), "A".repeat(401))) {
            given().queryParam("body", register.body()).queryParam("sort", forged.equals(cursor("1\n-issueDate\n1\n+99999-01-01"))
                    ? "-issueDate" : forged.equals(cursor("1\nnumber\n1\nA\u0000B")) ? "number" : "score")
                    .queryParam("after", forged).get("/api/v1/certificates").then().statusCode(400)
                    .contentType("application/problem+json").body("parameter", equalTo("after"));
        }
    }

    @Test
    void anExportReadsPageAfterPageAndEndsWithTheCountOfEveryRow() {
        Imported register = register();
        String csv = given().queryParam("q", register.holderName()).queryParam("lang", "en")
                .get("/regions/" + DISTRICT + "/export.csv").then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r?\n");
        Set<String> exported = new HashSet<>();
        for (int i = 1; i < lines.length - 1; i++) {
            assertTrue(exported.add(lines[i].substring(0, lines[i].indexOf(',')).replace("\"", "")), "exported twice: " + lines[i]);
        }
        assertTrue(lines[lines.length - 1].startsWith("\"" + CERTIFICATES + " rows, export complete\","),
                lines.length + " lines, the last: " + lines[lines.length - 1]);
        Set<String> missing = new HashSet<>(register.numbers());
        missing.removeAll(exported);
        assertEquals(Set.of(), missing.stream().limit(5).collect(java.util.stream.Collectors.toSet()), "not exported");
        assertEquals(CERTIFICATES, exported.size(), "rows exported");
        assertTrue(lines[lines.length - 1].startsWith("\"" + CERTIFICATES + " rows, export complete\","), lines[lines.length - 1]);
    }

    private static RequestSpecification search(Imported register, String issuedFrom, String sort) {
        return given().queryParam("body", register.body()).queryParam("issuedFrom", issuedFrom).queryParam("sort", sort);
    }

    /**
     * Follows {@code after} from the first page to the last; the numbers in the order they came. The pages are read
     * with Jackson: a walk reads a hundred of them, and REST Assured's JsonPath evaluates each path through Groovy.
     */
    static List<String> walk(java.util.function.Supplier<RequestSpecification> request) {
        List<String> numbers = new ArrayList<>();
        JsonNode page = json(request.get());
        while (true) {
            numbers.addAll(numbers(page));
            String after = text(page, "after");
            if (after == null) {
                assertFalse(page.path("links").has("next"));
                return numbers;
            }
            page = json(request.get().queryParam("after", after));
            JsonNode links = page.path("links");
            assertNull(text(links, "prev"), "a walk does not go back");
            if (text(page, "after") != null) {
                assertEquals(text(page, "after"), java.net.URLDecoder.decode(text(links, "next").replaceAll(".*after=([^&]*).*", "$1"),
                        StandardCharsets.UTF_8), "the next link continues after the cursor");
            }
        }
    }

    /** A page of the search, answered 200. */
    private static JsonNode json(RequestSpecification request) {
        try {
            return JSON.readTree(request.get("/api/v1/certificates").then().statusCode(200).extract().asByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The numbers of a page's items, in their order. */
    private static List<String> numbers(JsonNode page) {
        List<String> numbers = new ArrayList<>();
        page.path("items").forEach(item -> numbers.add(item.path("number").asText()));
        return numbers;
    }

    /** A field's text; null where it is absent or null, as JsonPath reads it. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One body's 10 001 certificates of one holder, issued on 300 different days, imported in files of 1 000 rows (the
     * tests allow 1 200 a file: registry.import-max-rows).
     */
    private static synchronized Imported register() {
        if (imported == null) {
            Api.Body body = Api.newBody("DEEP");
            String holder = "深" + TestRegister.name() + "分页电器有限公司";
            String creditCode = TestRegister.creditCode(DISTRICT);
            String header = "number,scheme,grade,score,scoreScale,scope,issueDate,expiryDate,holderName,holderCreditCode,"
                    + "holderRegion,siteRegion\n";
            Set<String> numbers = new HashSet<>();
            for (int from = 1; from <= CERTIFICATES; from += 1_000) {
                StringBuilder csv = new StringBuilder(header);
                int to = Math.min(from + 999, CERTIFICATES);
                for (int i = from; i <= to; i++) {
                    String number = body.code() + "-" + i;
                    numbers.add(number);
                    String issued = TODAY.minusDays(i % 300).toString();
                    String expiry = TODAY.minusDays(i % 300).plusYears(3).minusDays(1).toString();
                    csv.append(String.join(",", number, "AFTER_SALES", "FOUR_STAR", "9" + (i % 4), "100", "家用电器的售后服务",
                            issued, expiry, holder, creditCode, DISTRICT, DISTRICT)).append('\n');
                }
                given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + body.key())
                        .body(csv.toString().getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates:import").then()
                        .statusCode(200).body("imported", equalTo(to - from + 1));
            }
            imported = new Imported(body.code(), holder, numbers);
        }
        return imported;
    }
}
