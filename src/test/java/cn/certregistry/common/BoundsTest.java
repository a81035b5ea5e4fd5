package cn.certregistry.common;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.web.CertificateExport;

/** Each bound of an anonymous request, sent just over it: a named problem document, never a 500. */
@QuarkusTest
class BoundsTest {

    @Inject
    CertificateExport export;
    @Inject
    RegistryConfig config;

    @Test
    void pagesReachTheFirstTenThousandResultsAndNoDeeper() {
        given().queryParam("page", 100).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
        given().queryParam("page", 101).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("page"))
                .body("detail", containsString("10000"));
        given().queryParam("page", 10_000).get("/api/v1/certificates").then().statusCode(400).body("parameter", equalTo("page"));
    }

    @Test
    void exportsBeyondTheServersSlotsWaitTheirTurnAndEachEndsWithItsCount() {
        Api.Body body = Api.newBody("BOUND");
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        for (int i = 0; i < config.exportsAtOnce(); i++) {
            export.admit();
        }
        try {
            given().get("/regions/440106/export.csv").then().statusCode(429).header("Retry-After", equalTo("5"))
                    .contentType("application/problem+json");
        } finally {
            for (int i = 0; i < config.exportsAtOnce(); i++) {
                export.release();
            }
        }
        String csv = given().queryParam("q", given().get("/api/v1/certificates/" + number).then().extract().<String>path(
                "holder.name")).queryParam("lang", "en").get("/regions/440106/export.csv").then().statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("\"[0-9]+ rows, export complete\""), lines.get(lines.size() - 1));
        assertEquals(lines.size() - 2 + " rows, export complete", lines.get(lines.size() - 1).replace("\"", ""));
    }

    @Test
    void aPastedListOfAThousandLinesIsChecked() {
        Api.Body body = Api.newBody("BOUND");
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        StringBuilder list = new StringBuilder(number).append('\n');
        for (int i = 1; i < 1000; i++) {
            list.append(TestRegister.number(body.code())).append(",91440106MA59C4XJ7T\n");
        }
        assertEquals(1000, list.toString().lines().count());
        String[] paths = {"/procurement", "/procurement/result.csv", "/procurement/report"};
        for (String path : paths) {
            given().formParam("list", list.toString()).formParam("bidDate", TODAY.toString()).post(path).then()
                    .statusCode(200).body(containsString(number));
        }
    }
}
