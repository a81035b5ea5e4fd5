package cn.certregistry.deploy;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.verification.VerificationTest;

/**
 * Two datasources on one PostgreSQL, told apart by their application names: writes go to the primary
 * (the read-only one refuses them), public searches and verification to the read-only one.
 */
@QuarkusTest
class ReadOnlyDatasourceTest {

    @Inject
    AgroalDataSource primary;
    @Inject
    @DataSource("readonly")
    AgroalDataSource readOnly;

    @Test
    void writesGoToThePrimaryAndPublicSearchesToTheReadOnlyDatasource() throws Exception {
        Api.Body key = Api.newBody("ROUTE");
        Map<String, Object> request = Api.certificate(TestRegister.number("ROUTE"), "440106", TODAY.minusDays(3));
        request.put("holderName", "分流测试电器有限公司");
        as(key).body(request).post("/api/v1/certificates").then().statusCode(201);
        // the write succeeded, and only the primary can write: the read-only datasource refuses (below)
        assertTrue(!lastQueries(PostgresTestResource.PRIMARY).isEmpty(), "the primary datasource is in use");

        given().queryParam("q", "分流测试").get("/api/v1/certificates").then().statusCode(200)
                .body("items[0].number", equalTo(request.get("number")));
        List<String> readOnlyQueries = lastQueries(PostgresTestResource.READ_ONLY);
        assertTrue(readOnlyQueries.stream().anyMatch(q -> q.contains("registry_bigrams")),
                "the search ran on the read-only datasource: " + readOnlyQueries);
        assertTrue(lastQueries(PostgresTestResource.PRIMARY).stream().noneMatch(q -> q.contains("registry_bigrams")),
                "and not on the primary");

        try (Connection connection = readOnly.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("update certification_body set website = null where code = '" + key.code() + "'"));
            assertTrue(refused.getMessage().contains("read-only transaction"), refused.getMessage());
        }
    }

    @Test
    void verificationReadsTheReadOnlyDatasource() throws Exception {
        String number = Api.issue(Api.newBody("ROUTV"), "ROUTV", "440106", TODAY.minusDays(3));
        String token = VerificationTest.path(VerificationTest.scan(number));
        // the issuing wrote through the primary; its last statements there are the writes
        assertTrue(lastQueries(PostgresTestResource.PRIMARY).stream().noneMatch(ReadOnlyDatasourceTest::readsCertificates),
                "no certificate read on the primary yet: " + lastQueries(PostgresTestResource.PRIMARY));

        // The first read on a new connection is followed by the driver's type lookups, which then show as
        // its last statement; by the third check the connection in use has them cached.
        for (int check = 0; check < 3; check++) {
            given().accept("application/json").get(token).then().statusCode(200).body("verdict", equalTo("VALID"));
        }
        assertTrue(lastQueries(PostgresTestResource.READ_ONLY).stream().anyMatch(ReadOnlyDatasourceTest::readsCertificates),
                "the scanned code was checked on the read-only datasource: " + lastQueries(PostgresTestResource.READ_ONLY));
        given().queryParam("number", number).get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("VALID_ON_DATE"));
        assertTrue(lastQueries(PostgresTestResource.PRIMARY).stream().noneMatch(ReadOnlyDatasourceTest::readsCertificates),
                "and neither check read the primary: " + lastQueries(PostgresTestResource.PRIMARY));
    }

    /** A select of certificates with their histories, as verification runs it. */
    private static boolean readsCertificates(String query) {
        return query.startsWith("select") && query.contains("certificate_event") && query.contains("holder");
    }

    /** The last statement of every open connection of one datasource, as the server saw it. */
    private List<String> lastQueries(String applicationName) throws SQLException {
        List<String> queries = new ArrayList<>();
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select query from pg_stat_activity where application_name = '"
                        + applicationName + "' and pid <> pg_backend_pid()")) {
            while (rows.next()) {
                queries.add(rows.getString(1));
            }
        }
        return queries;
    }
}
