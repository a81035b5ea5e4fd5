package cn.certregistry.regional;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.TestRegister;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;

/**
 * A region's figures are counted ahead (once a refresh, for every server): after a certificate is issued or suspended,
 * the region's page, its trends.csv and the map show it within the refresh, and the change in the figures agrees with a
 * direct count of the certificates this test made.
 */
@QuarkusTest
class RegionPageTest {

    private static final String DISTRICT = "440305";

    @Inject
    RegionFigures figures;
    @Inject
    RegionService regions;

    @Test
    void theFiguresFollowIssuesAndSuspensionsWithinTheRefresh() {
        Figures before = taken();
        Api.Body body = Api.newBody("RFIG");
        String holder = "深" + TestRegister.name() + "统计测试有限公司";
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), DISTRICT, TODAY.minusDays(5));
            certificate.put("holderName", holder);
            numbers.add(Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number"));
        }
        Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + numbers.get(0) + "/events").then().statusCode(201);
        Figures after = taken();

        // what the register says of this test's own certificates, counted directly
        Map<String, Long> direct = new HashMap<>();
        for (String status : List.of("VALID", "SUSPENDED", "WITHDRAWN", "CANCELLED", "EXPIRED")) {
            long count = given().queryParam("q", holder).queryParam("status", status).get("/api/v1/certificates").then()
                    .statusCode(200).extract().<Number>path("total").longValue();
            direct.put(status, count);
        }
        assertEquals(Map.of("VALID", 2L, "SUSPENDED", 1L, "WITHDRAWN", 0L, "CANCELLED", 0L, "EXPIRED", 0L), direct);
        Map<String, Long> change = new HashMap<>();
        direct.keySet().forEach(status -> change.put(status, after.byStatus(status) - before.byStatus(status)));
        assertEquals(direct, change, "the district's figures changed by what this test did");
        assertEquals(2, after.validInProvince - before.validInProvince, "the map's figure for 广东");

        String month = YearMonth.from(TODAY.minusDays(5)).toString();
        assertEquals(3, after.month(month, "ISSUED") - before.month(month, "ISSUED"), "issued in " + month);
        String suspendedIn = YearMonth.from(TODAY.minusDays(1)).toString();
        assertEquals(1, after.month(suspendedIn, "SUSPENDED") - before.month(suspendedIn, "SUSPENDED"), "suspended in " + suspendedIn);

        // the page says how current its figures are
        given().accept("text/html").get("/regions/" + DISTRICT).then().statusCode(200)
                .body(containsString("统计数据截至")).body(containsString("每分钟更新"));
        given().accept("text/html").queryParam("lang", "en").get("/regions/" + DISTRICT).then().statusCode(200)
                .body(containsString("Figures as of")).body(containsString("refreshed every minute"));
    }

    /** The district's figures from a take that began after this moment: one that counted every write made before it. */
    private Figures taken() {
        Instant now = Instant.now();
        RegionFigures.Figures counted = Await.until("the region figures taken after " + now,
                () -> figures.of(regions.find(DISTRICT).orElseThrow().codeRange()),
                seen -> seen.takenAt().filter(at -> at.toInstant().isAfter(now)).isPresent());
        Map<String, Long> months = new HashMap<>();
        for (String line : given().get("/regions/" + DISTRICT + "/trends.csv").then().statusCode(200).extract().asString()
                .strip().split("\r\n")) {
            String[] columns = line.split(",");
            for (int k = 0; k < CertificateQueries.CHANGE_KINDS.size() && !columns[0].equals("month"); k++) {
                months.put(columns[0] + " " + CertificateQueries.CHANGE_KINDS.get(k), Long.parseLong(columns[k + 1]));
            }
        }
        return new Figures(counted, months, figures.validByProvince(Optional.empty()).getOrDefault("44", 0L));
    }

    private record Figures(RegionFigures.Figures counted, Map<String, Long> months, long validInProvince) {

        long byStatus(String status) {
            return counted.counts().stream().filter(count -> count.status().name().equals(status))
                    .mapToLong(CertificateQueries.Count::count).sum();
        }

        long month(String month, String kind) {
            return months.getOrDefault(month + " " + kind, 0L);
        }
    }
}
