package cn.certregistry.common;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/** Each bound of an anonymous request, sent just over it: a named problem document, never a 500. */
@QuarkusTest
class BoundsTest {

    @Test
    void pagesReachTheFirstTenThousandResultsAndNoDeeper() {
        given().queryParam("page", 100).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
        given().queryParam("page", 101).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("page"))
                .body("detail", containsString("10000"));
        given().queryParam("page", 10_000).get("/api/v1/certificates").then().statusCode(400).body("parameter", equalTo("page"));
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
