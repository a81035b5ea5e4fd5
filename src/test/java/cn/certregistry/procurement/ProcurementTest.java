package cn.certregistry.procurement;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/** Procurement officers check bid certificates: genuine, the bidder's, valid on the bid deadline. */
@QuarkusTest
class ProcurementTest {

    static Api.Body body;
    static String valid;
    static String validCreditCode;
    static String suspended;

    @BeforeEach
    void certificates() {
        if (body != null) {
            return;
        }
        body = Api.newBody("PROC");
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(100));
        validCreditCode = (String) request.get("holderCreditCode");
        valid = as(body).body(request).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        suspended = Api.issue(body, "440106", TODAY.minusDays(100));
        as(body).body(Api.event("SUSPENDED", TODAY.minusDays(10), "暂停")).post("/api/v1/certificates/" + suspended + "/events")
                .then().statusCode(201);
    }

    @Test
    void checksOneCertificateAgainstABidderAndADate() {
        given().queryParam("number", valid).queryParam("creditCode", validCreditCode).queryParam("on", TODAY.minusDays(5).toString())
                .get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("VALID_ON_DATE")).body("holderMatches", equalTo(true))
                .body("statusOn.code", equalTo("VALID")).body("label.zh", equalTo("真实，属于该投标人，投标截止日有效"));
        given().queryParam("number", valid).queryParam("creditCode", "91350100M000100Y43").get("/api/v1/verify").then()
                .body("verdict", equalTo("HOLDER_MISMATCH")).body("holderMatches", equalTo(false));
        given().queryParam("number", valid).queryParam("on", TODAY.minusDays(101).toString()).get("/api/v1/verify").then()
                .body("verdict", equalTo("NOT_VALID_ON_DATE")).body("statusOn.code", equalTo("NOT_YET_ISSUED"));
        given().queryParam("number", suspended).queryParam("on", TODAY.minusDays(11).toString()).get("/api/v1/verify").then()
                .body("verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED")).body("currentStatus.code", equalTo("SUSPENDED"));
        given().queryParam("number", suspended).get("/api/v1/verify").then().body("verdict", equalTo("NOT_VALID_ON_DATE"));
        given().queryParam("number", "PROC-NONE-1").get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("NOT_FOUND")).body("inRegister", equalTo(false));
        given().get("/api/v1/verify").then().statusCode(400).body("parameter", equalTo("number"));
        given().queryParam("number", valid).queryParam("creditCode", "123").get("/api/v1/verify").then().statusCode(400)
                .body("parameter", equalTo("creditCode"));
        given().queryParam("number", valid).queryParam("on", "2026-02-30").get("/api/v1/verify").then().statusCode(400);
    }

    /** Without the bidder's credit code nothing says the certificate is the bidder's: each line names whose it is. */
    @Test
    void withoutACreditCodeTheHolderIsNamedAndNotCalledTheBidders() {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(100));
        String holder = "广州未核对持证测试有限公司" + ((String) request.get("holderCreditCode")).substring(12);
        request.put("holderName", holder);
        String bidders = (String) request.get("holderCreditCode");
        String number = as(body).body(request).post("/api/v1/certificates").then().statusCode(201).extract().path("number");

        Api.contract().queryParam("number", number).get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED")).body("holderMatches", nullValue())
                .body("holderName", equalTo(holder))
                .body("label.zh", equalTo("真实，投标截止日有效；未核对持证组织是否为该投标人（持证组织：" + holder + "）"))
                .body("label.en", equalTo("genuine, valid on the date; holder not checked against the bidder (holder: " + holder + ")"));
        List<Map<String, Object>> results = Api.contract().contentType("application/json").body(Map.of("items", List.of(
                Map.of("number", number), Map.of("number", number, "creditCode", bidders),
                Map.of("number", number, "creditCode", "91350100M000100Y43")))).post("/api/v1/verify").then().statusCode(200)
                .extract().path("results");
        assertEquals(List.of("VALID_ON_DATE_HOLDER_NOT_CHECKED", "VALID_ON_DATE", "HOLDER_MISMATCH"),
                results.stream().map(r -> r.get("verdict")).toList());
        assertFalse(((Map<?, ?>) results.get(0).get("label")).get("zh").toString().contains("属于该投标人"));

        // the page and its downloads: the list's lines and its summary
        String list = number + "\n" + number + "," + bidders + "\n";
        Document page = Jsoup.parse(given().formParam("list", list).formParam("bidDate", TODAY.toString()).post("/procurement")
                .then().statusCode(200).extract().asString());
        Elements rows = page.select("#verdicts tbody tr");
        assertEquals("VALID_ON_DATE_HOLDER_NOT_CHECKED", rows.get(0).attr("data-verdict"));
        assertFalse(rows.get(0).text().contains("属于该投标人"), rows.get(0).text());
        assertTrue(rows.get(0).select(".badge").text().contains(holder), rows.get(0).text());
        assertEquals("VALID_ON_DATE", rows.get(1).attr("data-verdict"));
        assertEquals("共 2 行：1 行有效且属于所填投标人，1 行有效但未核对持证组织（未填统一社会信用代码），0 行需注意",
                page.select("#summary").text());
        String csv = given().formParam("list", number + "\n").formParam("bidDate", TODAY.toString()).post("/procurement/result.csv")
                .then().statusCode(200).extract().asString();
        assertFalse(csv.contains("属于该投标人"), csv);
        assertTrue(csv.contains("未核对持证组织是否为该投标人（持证组织：" + holder + "）"), csv);
    }

    @Test
    void checksAThousandCertificatesAtOnceEachWithItsIndex() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> item = new HashMap<>();
            switch (i % 5) {
                case 0 -> {
                    item.put("number", valid);
                    item.put("creditCode", validCreditCode);
                }
                case 1 -> item.put("number", suspended);
                case 2 -> item.put("number", "PROC-NONE-" + i);
                case 3 -> {
                    item.put("number", valid);
                    item.put("creditCode", "91350100M000100Y43");
                }
                default -> item.put("number", "bad number!");
            }
            items.add(item);
        }
        List<Map<String, Object>> results = given().contentType("application/json")
                .body(Map.of("on", TODAY.toString(), "items", items)).post("/api/v1/verify").then().statusCode(200)
                .body("count", equalTo(1000)).extract().path("results");
        assertEquals(1000, results.size());
        String[] expected = {"VALID_ON_DATE", "NOT_VALID_ON_DATE", "NOT_FOUND", "HOLDER_MISMATCH", "INVALID_REQUEST"};
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, results.get(i).get("index"));
            assertEquals(expected[i % 5], results.get(i).get("verdict"), "item " + i);
        }
        assertEquals("number", ((Map<?, ?>) results.get(4).get("problem")).get("parameter"));

        items.add(Map.of("number", valid));
        given().contentType("application/json").body(Map.of("items", items)).post("/api/v1/verify").then().statusCode(413)
                .body("parameter", equalTo("items"));
        given().contentType("application/json").body("{}").post("/api/v1/verify").then().statusCode(400);
    }
}
