package cn.certregistry.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every kind of bad input gets the right 4xx problem document, naming the offending parameter. Never a 500. */
@QuarkusTest
class BadInputTest {

    private static final String SEARCH = "/api/v1/certificates?";
    private static final String STATUS = "/api/v1/certificates/HXSC-AS-2024-0000001/status?";
    private static final String INVALID = "/problems/invalid-parameter";
    private static final String UNKNOWN = "/problems/unknown-parameter";

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // malformed credit codes
                bad(SEARCH + "creditCode=9144010612345678", INVALID, "creditCode"),
                bad(SEARCH + "creditCode=91440106123456789XX", INVALID, "creditCode"),
                bad(SEARCH + "creditCode=91440106I23456789X", INVALID, "creditCode"),
                bad(SEARCH + "creditCode=9144010612345678%E4%B8%AD", INVALID, "creditCode"),
                // malformed and impossible dates
                bad(SEARCH + "issuedFrom=2024-13-01", INVALID, "issuedFrom"),
                bad(SEARCH + "issuedTo=2023-02-29", INVALID, "issuedTo"),
                bad(SEARCH + "validOn=24-01-01", INVALID, "validOn"),
                bad(SEARCH + "validOn=2024/01/01", INVALID, "validOn"),
                bad(SEARCH + "expiresFrom=yesterday", INVALID, "expiresFrom"),
                bad(SEARCH + "expiresTo=1800-01-01", INVALID, "expiresTo"),
                bad(STATUS + "on=2024-1-1", INVALID, "on"),
                bad(STATUS + "on=2999-01-01", INVALID, "on"),
                // reversed ranges
                bad(SEARCH + "issuedFrom=2025-01-01&issuedTo=2024-01-01", INVALID, "issuedFrom"),
                bad(SEARCH + "expiresFrom=2027-06-01&expiresTo=2027-05-31", INVALID, "expiresFrom"),
                // unknown enums and codes
                bad(SEARCH + "status=ACTIVE", INVALID, "status"),
                bad(SEARCH + "status=NOT_YET_ISSUED", INVALID, "status"),
                bad(SEARCH + "scheme=ISO9001", INVALID, "scheme"),
                bad(SEARCH + "grade=ELEVEN_STAR", INVALID, "grade"),
                bad(SEARCH + "scheme=AFTER_SALES&grade=TEN_STAR", INVALID, "grade"),
                bad(SEARCH + "sort=price", INVALID, "sort"),
                bad(SEARCH + "body=NOBODY", INVALID, "body"),
                bad(SEARCH + "region=999999", INVALID, "region"),
                bad(SEARCH + "region=%E4%B9%8C%E6%89%98%E9%82%A6", INVALID, "region"),
                bad("/api/v1/regions?parent=%E6%9C%9D%E9%98%B3%E5%8C%BA", INVALID, "parent"),
                // paging out of bounds
                bad(SEARCH + "size=10000", INVALID, "size"),
                bad(SEARCH + "size=0", INVALID, "size"),
                bad(SEARCH + "page=0", INVALID, "page"),
                bad(SEARCH + "page=-1", INVALID, "page"),
                bad(SEARCH + "page=abc", INVALID, "page"),
                bad(SEARCH + "size=99999999999999", INVALID, "size"),
                bad("/api/v1/bodies?size=101", INVALID, "size"),
                // oversized, repeated, too short and hostile text
                bad(SEARCH + "q=" + "%E8%93%9D".repeat(3400), INVALID, "q"),
                bad(SEARCH + "q=" + "a".repeat(10_240), INVALID, "q"),
                bad(SEARCH + "q=%E8%93%9D", INVALID, "q"),
                bad(SEARCH + "q=ab&q=cd", INVALID, "q"),
                bad(SEARCH + "q=%E8%93%9D%00%E9%B2%B8", INVALID, "q"),
                bad(SEARCH + "q=%E8%93%9D%0A%E9%B2%B8", INVALID, "q"),
                bad(SEARCH + "q=%1B%5B31m%E8%93%9D", INVALID, "q"),
                bad(SEARCH + "number=X%27%3B%20DROP%20TABLE%20certificate%3B--", INVALID, "number"),
                bad(SEARCH + "number=A%25", INVALID, "number"),
                bad(SEARCH + "region=44%27%20OR%20%271%27%3D%271", INVALID, "region"),
                bad(SEARCH + "scheme=AFTER_SALES%27--", INVALID, "scheme"),
                bad("/api/v1/certificates/%27%20OR%201%3D1--", INVALID, "number"),
                bad("/api/v1/certificates/A%2FB", INVALID, "number"),
                // parameters that do not exist, typos included
                bad(SEARCH + "sceme=AFTER_SALES", UNKNOWN, "sceme"),
                bad(SEARCH + "q=%E8%93%9D%E9%B2%B8&limit=5", UNKNOWN, "limit"),
                bad("/api/v1/schemes?lang=en", UNKNOWN, "lang"),
                bad(STATUS + "date=2024-01-01", UNKNOWN, "date"));
    }

    private static Arguments bad(String url, String type, String parameter) {
        return Arguments.of(url, type, parameter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void answersWithAProblemDocument(String url, String type, String parameter) {
        ValidatableResponse response = given().urlEncodingEnabled(false).get(url).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("status", equalTo(400))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()))
                .body("parameter", equalTo(parameter))
                .body("trace", nullValue());
        response.body("detail", not(org.hamcrest.Matchers.containsString("Exception")));
    }

    @org.junit.jupiter.api.Test
    void unknownPathsAndMethodsAreProblemsToo() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        given().delete("/api/v1/schemes").then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo("/problems/method-not-allowed"));
        given().accept("application/xml").get("/api/v1/schemes").then().statusCode(406)
                .contentType("application/problem+json");
    }
}
