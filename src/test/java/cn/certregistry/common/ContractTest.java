package cn.certregistry.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.TestRegister;
import cn.certregistry.register.RegisterFixture;

/** Real requests and responses, checked against the contract in openapi/openapi.yaml. */
@QuarkusTest
class ContractTest {

    private static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("openapi", "openapi.yaml").toAbsolutePath().toUri().toString()).build());

    @Inject
    TestRegister register;

    @BeforeEach
    void loadFixture() {
        RegisterFixture.load(register);
    }

    private static RequestSpecification contract() {
        return given().filter(CONTRACT);
    }

    @Test
    void searchResultsMatchTheContract() {
        contract().queryParam("q", RegisterFixture.TOKEN).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
        contract().queryParam("region", "广东省").queryParam("status", "VALID").queryParam("sort", "-score")
                .queryParam("validOn", RegisterFixture.TODAY.toString()).queryParam("page", 1).queryParam("size", 5)
                .get("/api/v1/certificates").then().statusCode(200);
        contract().queryParam("q", "分页测试").queryParam("size", 10).queryParam("page", 2).get("/api/v1/certificates")
                .then().statusCode(200);
    }

    @Test
    void recordsAndStatusesMatchTheContract() {
        for (String number : new String[] {RegisterFixture.guangzhou, RegisterFixture.shenzhen, RegisterFixture.beijing,
                RegisterFixture.changchun, RegisterFixture.hangzhou}) {
            contract().get("/api/v1/certificates/" + number).then().statusCode(200);
            contract().get("/api/v1/certificates/" + number + "/status").then().statusCode(200);
        }
        contract().queryParam("on", RegisterFixture.SHENZHEN_ISSUED.minusDays(1).toString())
                .get("/api/v1/certificates/" + RegisterFixture.shenzhen + "/status").then().statusCode(200);
    }

    @Test
    void referenceDataMatchesTheContract() {
        contract().get("/api/v1/regions").then().statusCode(200);
        contract().queryParam("parent", "广州市").get("/api/v1/regions").then().statusCode(200);
        contract().get("/api/v1/schemes").then().statusCode(200);
        contract().queryParam("size", 2).get("/api/v1/bodies").then().statusCode(200);
    }

    @Test
    void problemsMatchTheContract() {
        contract().queryParam("size", "10000").get("/api/v1/certificates").then().statusCode(400);
        contract().queryParam("sceme", "X").get("/api/v1/certificates").then().statusCode(400);
        contract().queryParam("region", "999999").get("/api/v1/certificates").then().statusCode(400);
        contract().get("/api/v1/certificates/NO-SUCH-1").then().statusCode(404);
        contract().queryParam("on", "2024-02-30").get("/api/v1/certificates/NO-SUCH-1/status").then().statusCode(400);
        contract().get("/api/v1/certificates/NO-SUCH-1/status").then().statusCode(404);
        contract().queryParam("parent", "nowhere").get("/api/v1/regions").then().statusCode(400);
        contract().queryParam("page", "x").get("/api/v1/bodies").then().statusCode(400);
    }

    @Test
    void theServiceServesItsContract() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/certificates/{number}/status"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
