package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/** A body migrates 10 000 certificates: the bad rows are reported and skipped, the rest land, once. */
@QuarkusTest
class CertificateImportTest {

    private static final String HEADER = "number,scheme,grade,score,scoreScale,subScores,scope,issueDate,expiryDate,"
            + "holderName,holderCreditCode,holderRegion,siteRegion,siteAddress\n";

    @Test
    void importsTenThousandRowsSkippingTheBadOnesAndNothingTwice() {
        String key = Api.bodyKey("IMPT");
        String prefix = "IMPT-" + System.nanoTime() % 100_000 + "-";
        StringBuilder csv = new StringBuilder(HEADER);
        Map<Integer, String> bad = Map.of(
                101, "grade",           // 五星级 claimed with 93 points
                2002, "issueDate",      // 2024-02-30
                3003, "holderCreditCode", // letter O is not in the alphabet
                4004, "siteRegion",     // no such division
                5005, "number");        // repeats the number of row 5004
        String issue = TODAY.minusDays(200).toString();
        String expiry = TODAY.minusDays(200).plusYears(3).minusDays(1).toString();
        for (int line = 2; line <= 10_001; line++) {
            String number = prefix + (line == 5005 ? 5004 : line);
            String grade = line == 101 ? "FIVE_STAR" : "FOUR_STAR";
            String issued = line == 2002 ? "2024-02-30" : issue;
            String creditCode = line == 3003 ? "91440106OOOOOOOOOO" : TestRegister.creditCode("440106");
            String site = line == 4004 ? "999999" : "440106";
            csv.append(String.join(",", number, "AFTER_SALES", grade, "93", "100",
                    "SERVICE_SYSTEM=38;PRODUCT_SERVICE=33;CUSTOMER_SERVICE=22", "\"家电维修, 安装与\"\"上门\"\"服务\"", issued, expiry,
                    "广州迁移测试电器有限公司", creditCode, "440106", site, "迁移路" + line + "号")).append('\n');
        }

        JsonPath first = given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + key)
                .body(csv.toString()).post("/api/v1/certificates:import").then().statusCode(200).extract().jsonPath();
        assertEquals(10_000, first.getInt("rows"));
        assertEquals(9_995, first.getInt("imported"));
        assertEquals(5, first.getInt("failed"));
        List<Map<String, Object>> failures = first.getList("results.findAll { it.result == 'FAILED' }");
        assertEquals(bad.keySet(), failures.stream().map(f -> (Integer) f.get("row")).collect(Collectors.toSet()));
        for (Map<String, Object> failure : failures) {
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) failure.get("problem");
            assertEquals(bad.get(failure.get("row")), problem.get("parameter"), failure.toString());
        }

        given().queryParam("body", "IMPT").queryParam("size", 1).get("/api/v1/certificates").then()
                .body("total", equalTo(9_995));
        given().get("/api/v1/certificates/" + prefix + "10001").then().statusCode(200)
                .body("scope", equalTo("家电维修, 安装与\"上门\"服务")).body("history.kind", org.hamcrest.Matchers.contains("ISSUED"));

        JsonPath again = given().contentType("text/csv").header("Authorization", "Bearer " + key)
                .body(csv.toString()).post("/api/v1/certificates:import").then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("imported"));
        assertEquals(9_995, again.getInt("alreadyPresent"));
        assertEquals(5, again.getInt("failed"));
        given().queryParam("body", "IMPT").queryParam("size", 1).get("/api/v1/certificates").then()
                .body("total", equalTo(9_995));
    }

    @Test
    void aFileWithUnknownOrMissingColumnsIsRefusedWhole() {
        String key = Api.bodyKey("IMPT");
        given().contentType("text/csv").header("Authorization", "Bearer " + key).body("number,colour\nX,red\n")
                .post("/api/v1/certificates:import").then().statusCode(400).body("parameter", equalTo("file"));
        given().contentType("text/csv").header("Authorization", "Bearer " + key).body("number,scheme\nX,AFTER_SALES\n")
                .post("/api/v1/certificates:import").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("Missing columns"));
    }
}
