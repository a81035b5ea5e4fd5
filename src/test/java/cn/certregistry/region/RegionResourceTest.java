package cn.certregistry.region;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RegionResourceTest {

    @Test
    void listsTheProvinces() {
        given().get("/api/v1/regions").then().statusCode(200)
                .body("", hasSize(34))
                .body("level", everyItem(equalTo("PROVINCE")))
                .body("name", hasItem("广东省"))
                .body("find { it.code == '440000' }.levelLabel.zh", equalTo("省级"));
    }

    @Test
    void listsTheCitiesOfAProvinceByCodeOrName() {
        given().queryParam("parent", "440000").get("/api/v1/regions").then().statusCode(200)
                .body("", hasSize(21)).body("name", hasItem("广州市"));
        given().queryParam("parent", "广东省").get("/api/v1/regions").then().statusCode(200).body("", hasSize(21));
        given().queryParam("parent", "44").get("/api/v1/regions").then().statusCode(200).body("", hasSize(21));
    }

    @Test
    void listsTheDistrictsOfACity() {
        given().queryParam("parent", "广州市").get("/api/v1/regions").then().statusCode(200)
                .body("", hasSize(11))
                .body("find { it.code == '440106' }.name", equalTo("天河区"))
                .body("level", everyItem(equalTo("DISTRICT")));
        // municipalities: districts hang directly under the province
        given().queryParam("parent", "北京市").get("/api/v1/regions").then().statusCode(200)
                .body("", hasSize(16)).body("name", hasItem("朝阳区"));
    }

    @Test
    void aDistrictHasNoChildren() {
        given().queryParam("parent", "440106").get("/api/v1/regions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void listsTheSchemeCatalogue() {
        given().get("/api/v1/schemes").then().statusCode(200)
                .body("", hasSize(3))
                .body("find { it.code == 'AFTER_SALES' }.grades.code", org.hamcrest.Matchers.contains("COMPLIANT", "THREE_STAR",
                        "FOUR_STAR", "FIVE_STAR"))
                .body("find { it.code == 'AFTER_SALES' }.grades[3].name.zh", equalTo("五星级"))
                .body("find { it.code == 'CUSTOMER_SATISFACTION' }.thresholdScale", equalTo(1000))
                .body("find { it.code == 'AFTER_SALES' }.subScores.maxScore", org.hamcrest.Matchers.contains(40.0f, 35.0f, 25.0f));
    }
}
