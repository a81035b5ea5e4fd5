package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.WithDefault;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.common.RegistryConfig;

/** A body migrates its register from CSV: the bad rows are reported and skipped, the rest land, once. */
@QuarkusTest
class CertificateImportTest {

    @Inject
    AgroalDataSource primary;

    private static final String HEADER = "number,scheme,grade,score,scoreScale,subScores,scope,issueDate,expiryDate,"
            + "holderName,holderCreditCode,holderRegion,siteRegion,siteAddress\n";
    private static final String SCOPE = "家电维修, 安装与\"上门\"服务 {A\\B}";

    @Test
    void importsRowsSkippingTheBadOnesAndNothingTwice() {
        String body = newBody();
        String key = Api.newKey(body);
        Api.Body other = Api.newBody("IMPO");
        String othersNumber = Api.issue(other, "440106", TODAY.minusDays(10));
        Map<Integer, String> bad = Map.of(
                11, "grade",            // 五星级 claimed with 93 points
                52, "issueDate",        // 2024-02-30
                103, "holderCreditCode", // letter O is not in the alphabet
                154, "siteRegion",      // no such division
                205, "number",          // repeats the number of row 204
                256, "number");         // another body's certificate
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 2; row <= 301; row++) {
            String number = row == 256 ? othersNumber : body + "-" + (row == 205 ? 204 : row);
            csv.append(row(number, row == 11 ? "FIVE_STAR" : "FOUR_STAR", "100", row == 52 ? "2024-02-30" : null,
                    row == 103 ? "91440106OOOOOOOOOO" : TestRegister.creditCode("440106"), row == 154 ? "999999" : "440106"));
        }

        JsonPath first = importCsv(key, csv.toString()).statusCode(200).extract().jsonPath();
        assertEquals(300, first.getInt("rows"));
        assertEquals(294, first.getInt("imported"));
        assertEquals(6, first.getInt("failed"));
        List<Map<String, Object>> failures = first.<Map<String, Object>>getList("results").stream()
                .filter(r -> r.get("result").equals("FAILED")).toList();
        assertEquals(bad.keySet(), failures.stream().map(f -> (Integer) f.get("row")).collect(Collectors.toSet()));
        for (Map<String, Object> failure : failures) {
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) failure.get("problem");
            assertEquals(bad.get(failure.get("row")), problem.get("parameter"), failure.toString());
        }
        assertEquals(294, certificatesOf(body));
        given().get("/api/v1/certificates/" + body + "-301").then().statusCode(200)
                .body("scope", equalTo(SCOPE)).body("history.kind", contains("ISSUED"));
        given().get("/api/v1/certificates/" + othersNumber).then().statusCode(200).body("body.code", equalTo(other.code()));

        JsonPath again = importCsv(key, csv.toString()).statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("imported"));
        assertEquals(294, again.getInt("alreadyPresent"));
        assertEquals(6, again.getInt("failed"));
        assertEquals(294, certificatesOf(body));
    }

    @Test
    void anImportedCertificateReadsAsTheSameOneIssuedSingly() {
        String body = newBody();
        String key = Api.newKey(body);
        Map<String, Object> single = Api.certificate(body + "-SINGLE", "440106", TODAY.minusDays(30));
        Api.as(key).body(single).post("/api/v1/certificates").then().statusCode(201);
        Map<String, Object> imported = new LinkedHashMap<>(single);
        imported.put("number", body + "-IMPORTED");
        @SuppressWarnings("unchecked")
        Map<String, Object> subScores = (Map<String, Object>) imported.get("subScores");
        imported.put("subScores", subScores.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";")));
        String csv = String.join(",", imported.keySet()) + "\n" + imported.values().stream().map(String::valueOf)
                .collect(Collectors.joining(",")) + "\n";

        importCsv(key, csv).statusCode(200).body("imported", equalTo(1));
        assertEquals(record(body + "-SINGLE"), record(body + "-IMPORTED"));
    }

    @Test
    void aScoreScaleThatIsNotAWholeNumberFailsThatRowOnly() {
        String body = newBody();
        String csv = "\uFEFF" + HEADER + row(body + "-1", "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106")
                + row(body + "-2", "FOUR_STAR", "100.5", null, TestRegister.creditCode("440106"), "440106")
                + row(body + "-3", "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106");

        importCsv(Api.newKey(body), csv).statusCode(200)
                .body("imported", equalTo(2)).body("failed", equalTo(1))
                .body("results.result", contains("IMPORTED", "FAILED", "IMPORTED"))
                .body("results[1].row", equalTo(3)).body("results[1].problem.parameter", equalTo("scoreScale"));
        assertEquals(2, certificatesOf(body));
    }

    @Test
    void aQuotedFieldLeftOpenRefusesTheFileNamingItsLine() {
        String body = newBody();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 2; row <= 41; row++) {
            csv.append(row(body + "-" + row, "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106"));
        }
        csv.append(body).append("-42,AFTER_SALES,FOUR_STAR,93,100,,\"家电维修,2025-01-01\n")
                .append(row(body + "-43", "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106"));

        String key = Api.newKey(body);
        importCsv(key, csv.toString()).statusCode(400).contentType("application/problem+json").body("parameter", equalTo("file"))
                .body("detail", equalTo("Line 42: a quoted field is not closed, or a quote within it is not doubled."));
        importCsv(key, HEADER + row(body + "-2", "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106")
                + body + "-3,AFTER_SALES,FOUR_STAR,93,100,,\"家电维修\n").statusCode(400)
                .body("detail", equalTo("Line 3: a quoted field is not closed, or a quote within it is not doubled."));
        assertEquals(0, certificatesOf(body));
    }

    @Inject
    RegistryConfig config;

    /** The rows allowed per file are fewer in the tests (registry.import-max-rows) than a register's 50 000. */
    @Test
    void aFileBeyondTheRowLimitIsRefusedWhole() throws NoSuchMethodException {
        int maxRows = config.importMaxRows();
        String body = newBody();
        String key = Api.newKey(body);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 2; row <= maxRows + 2; row++) {
            // good rows first: refusing the file must write none of them
            csv.append(row < 102 ? row(body + "-" + row, "FOUR_STAR", "100", null, TestRegister.creditCode("440106"), "440106")
                    : "X\n");
        }
        importCsv(key, csv.toString()).statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("/problems/content-too-large")).body("parameter", equalTo("file"))
                .body("detail", containsString("At most " + maxRows + " rows"));
        assertEquals(0, certificatesOf(body));
        csv.setLength(csv.length() - 2);
        importCsv(key, csv.toString()).statusCode(200).body("rows", equalTo(maxRows))
                .body("imported", equalTo(100));
        // a running register, configured nothing, allows the 50 000 rows the contract promises
        assertEquals("50000", RegistryConfig.class.getMethod("importMaxRows").getAnnotation(WithDefault.class).value());
    }

    @Test
    void aFileNotInUtf8IsRefusedWhole() {
        byte[] gbk = (HEADER + "X,AFTER_SALES,FOUR_STAR,92,100,,家电维修\n").getBytes(Charset.forName("GBK"));
        given().contentType("text/csv").header("Authorization", "Bearer " + Api.newBody("IMPT").key()).body(gbk)
                .post("/api/v1/certificates:import").then().statusCode(400).body("parameter", equalTo("file"))
                .body("detail", equalTo("The text is not UTF-8."));
    }

    @Test
    void aFileWithUnknownOrMissingColumnsIsRefusedWhole() {
        String key = Api.newBody("IMPT").key();
        importCsv(key, "number,colour\nX,red\n").statusCode(400).body("parameter", equalTo("file"));
        importCsv(key, "number,scheme\nX,AFTER_SALES\n").statusCode(400).body("detail", containsString("Missing columns"));
    }

    /**
     * More rows than the search counts (1 100), two certificates per holder and one holder already in the register,
     * land through the staging table each once, with one ISSUED event each, each logged once (in the outbox or already
     * in the log), entered in the file's order, and leave nothing staged; the same file again creates nothing.
     */
    @Test
    void moreRowsThanTheSearchCountsLandOnceEachAndAreLoggedInTheFilesOrder() throws Exception {
        int count = 1_100;
        String body = newBody();
        String key = Api.newKey(body);
        Api.Body other = Api.newBody("IMPH");
        String known = TestRegister.creditCode("440106");
        Map<String, Object> certificate = Api.certificate(TestRegister.number(other.code()), "440106", TODAY.minusDays(30));
        certificate.put("holderCreditCode", known);
        Api.as(other).body(certificate).post("/api/v1/certificates").then().statusCode(201);
        StringBuilder csv = new StringBuilder(HEADER);
        String holder = TestRegister.creditCode("440106");
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                holder = i == 1000 ? known : TestRegister.creditCode("440106");
            }
            csv.append(row(body + "-" + (count - i), "FOUR_STAR", "100", null, holder, "440106"));
        }

        JsonPath first = importCsv(key, csv.toString()).statusCode(200).extract().jsonPath();
        assertEquals(count, first.getInt("imported"));
        // the search counts to 1 000: past it the statement below counts them
        given().queryParam("body", body).queryParam("size", 1).get("/api/v1/certificates").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1000)).body("totalExact", org.hamcrest.Matchers.equalTo(false));
        List<Integer> rows = first.getList("results.row");
        assertEquals(java.util.stream.IntStream.rangeClosed(2, count + 1).boxed().toList(), rows);
        try (Connection connection = primary.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select (select count(*) from certificate c join certificate_event e on e.certificate_id = c.id"
                        + " where c.number like ? and e.kind = 'ISSUED'),"
                        + " (select count(distinct c.holder_id) from certificate c where c.number like ?),"
                        + " (select count(*) from certificate c join holder h on h.id = c.holder_id"
                        + " where c.number like ? and h.credit_code = ?),"
                        + " (select count(*) from certificate_import_row where number like ?),"
                        + " (select array_agg(n order by i) from (select o.certificate_number n, o.id i from log_outbox o"
                        + " where o.kind = 'ISSUED' and o.certificate_number like ? union all select l.certificate_number,"
                        + " l.index from log_entry l where l.kind = 'ISSUED' and l.certificate_number like ?) logged)")) {
            for (int i = 1; i <= 7; i++) {
                select.setString(i, i == 4 ? known : body + "-%");
            }
            try (ResultSet result = select.executeQuery()) {
                result.next();
                assertEquals(count, result.getLong(1), "one ISSUED event per certificate");
                assertEquals(count / 2, result.getLong(2), "two certificates per holder");
                assertEquals(2, result.getLong(3), "the holder already in the register is the one entered, not a second");
                assertEquals(0, result.getLong(4), "nothing left staged");
                List<String> logged = List.of((String[]) result.getArray(5).getArray());
                // whether the integrator has taken a row from the outbox into the log yet or not, it is in one of them
                assertEquals(count, logged.size(), "each certificate logged once");
                assertEquals(count, new java.util.HashSet<>(logged).size(), "each certificate logged once");
            }
        }
        try (Connection connection = primary.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select c.number from certificate c where c.number like ? order by c.id")) {
            select.setString(1, body + "-%");
            List<String> numbers = new java.util.ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    numbers.add(result.getString(1));
                }
            }
            assertEquals(java.util.stream.IntStream.range(0, count).mapToObj(i -> body + "-" + (count - i)).toList(), numbers,
                    "certificates are entered in the file's order");
        }

        JsonPath again = importCsv(key, csv.toString()).statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("imported"));
        assertEquals(count, again.getInt("alreadyPresent"));
        try (Connection connection = primary.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select count(*) from certificate where number like ?")) {
            select.setString(1, body + "-%");
            try (ResultSet result = select.executeQuery()) {
                result.next();
                assertEquals(count, result.getLong(1), "a second import creates nothing");
            }
        }
    }

    /** A body of its own for each test, so that counting its certificates counts this test's rows only. */
    private static String newBody() {
        return Api.newBody("IMP").code();
    }

    /** An after-sales row, 四星级 at 93 points unless the grade says otherwise; {@code issueDate} null means 200 days ago. */
    private static String row(String number, String grade, String scoreScale, String issueDate, String creditCode,
            String siteRegion) {
        String issued = issueDate != null ? issueDate : TODAY.minusDays(200).toString();
        String expiry = TODAY.minusDays(200).plusYears(3).minusDays(1).toString();
        return String.join(",", number, "AFTER_SALES", grade, "93", scoreScale,
                "SERVICE_SYSTEM=38;PRODUCT_SERVICE=33;CUSTOMER_SERVICE=22", '"' + SCOPE.replace("\"", "\"\"") + '"', issued,
                expiry, "广州迁移测试电器有限公司", creditCode, "440106", siteRegion, "迁移路1号") + "\n";
    }

    private static ValidatableResponse importCsv(String key, String csv) {
        return given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + key)
                .body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates:import").then();
    }

    /** A certificate's public record without what differs between two issues of the same content. */
    private static Map<String, Object> record(String number) {
        Map<String, Object> record = given().get("/api/v1/certificates/" + number).then().statusCode(200).extract()
                .jsonPath().getMap("");
        record.remove("number");
        record.remove("links");
        record.remove("logIndex"); // each its own entry, and either may not be in the log yet
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) record.get("history");
        history.forEach(event -> event.remove("recordedAt"));
        return record;
    }

    private static int certificatesOf(String body) {
        return given().queryParam("body", body).queryParam("size", 1).get("/api/v1/certificates").then().statusCode(200)
                .extract().path("total");
    }
}
