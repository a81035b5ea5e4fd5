package cn.certregistry.access;

import static cn.certregistry.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;

/** The bootstrap key makes the first admin key; from then on admins are keys, created and revoked like any other. */
@QuarkusTest
class AdminKeysTest {

    @Test
    void anAdministratorCreatesAnotherAdminKeyThatWorksUntilRevoked() {
        JsonPath created = as(Api.BOOTSTRAP_ADMIN).body(Map.of("label", "second administrator")).post("/api/v1/admin/keys")
                .then().statusCode(201).header("Cache-Control", "no-store").body("role", equalTo("admin"))
                .body("key", notNullValue()).extract().jsonPath();
        String key = created.getString("key");
        long id = created.getLong("id");

        as(key).body(Map.of("label", "made by the second administrator")).post("/api/v1/admin/keys").then().statusCode(201);
        as(key).queryParam("size", 100).get("/api/v1/admin/keys").then().statusCode(200);

        as(Api.BOOTSTRAP_ADMIN).delete("/api/v1/admin/keys/" + id).then().statusCode(204);
        as(key).get("/api/v1/admin/keys").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aBodyKeyCannotMakeAdminKeys() {
        Api.Body body = Api.newBody("ADMK");
        as(body).body(Map.of("label", "escalation")).post("/api/v1/admin/keys").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aBootstrapKeyShorterThanThirtyTwoCharactersRefusesToStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> BootstrapKeyCheck.check("choose-a-long-random-secret"));
        assertTrue(refused.getMessage().contains("at least 32"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("choose-a-long-random-secret"), "the key itself is never printed");
        assertDoesNotThrow(() -> BootstrapKeyCheck.check(Api.BOOTSTRAP_ADMIN));
    }
}
