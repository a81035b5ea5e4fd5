package cn.certregistry.deploy;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.TestRegister;
import cn.certregistry.verification.VerificationTest;

/**
 * The read-only datasource logs in as a role that may only select (PostgresTestResource): public reads
 * run on it, writes on the primary. Taking the reader's right to read certificates shows which is which.
 */
@QuarkusTest
class ReadOnlyDatasourceTest {

    /** A public read that the read-only datasource answers. */
    record PublicRead(String name, Supplier<Response> request) {
    }

    @Inject
    AgroalDataSource primary;
    @Inject
    @DataSource("readonly")
    AgroalDataSource readOnly;

    /** The public reads routed to the read-only datasource, one line each. */
    private static List<PublicRead> publicReads(String number, String holderName, String token) {
        return List.of(
                new PublicRead("search by name", () -> given().queryParam("q", holderName).get("/api/v1/certificates")),
                new PublicRead("scanned code", () -> given().accept("application/json").get(token)),
                new PublicRead("procurement check", () -> given().queryParam("number", number).get("/api/v1/verify")),
                new PublicRead("record", () -> given().get("/api/v1/certificates/" + number)),
                new PublicRead("status on a day", () -> given().get("/api/v1/certificates/" + number + "/status")),
                new PublicRead("QR code", () -> given().get("/api/v1/certificates/" + number + "/qr.png")),
                new PublicRead("certificate page", () -> given().accept("text/html").get("/certificates/" + number)),
                new PublicRead("region figures", () -> given().accept("text/html").get("/regions/440106")));
    }

    @Test
    void theReadOnlyDatasourceCannotWrite() throws Exception {
        try (Connection connection = readOnly.getConnection(); Statement statement = connection.createStatement()) {
            // a write of no row: refused all the same, and harmless if it were not
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("update certification_body set website = null where false"));
            // read-only transaction, or permission denied
            assertTrue(Set.of("25006", "42501").contains(refused.getSQLState()), refused.getSQLState() + " " + refused.getMessage());
            try (ResultSet rights = statement.executeQuery("select current_user, has_table_privilege('certificate', 'select'),"
                    + " has_table_privilege('certificate', 'insert, update, delete, truncate')")) {
                rights.next();
                assertEquals(PostgresTestResource.READER, rights.getString(1));
                assertTrue(rights.getBoolean(2), "the reader reads certificates");
                assertFalse(rights.getBoolean(3), "and writes nothing, whatever the transaction");
            }
            try (ResultSet timeout = statement.executeQuery("show statement_timeout")) {
                timeout.next();
                assertEquals("5s", timeout.getString(1), "every public read has a bounded cost");
            }
            try (ResultSet workers = statement.executeQuery("show max_parallel_workers_per_gather")) {
                workers.next();
                assertEquals("0", workers.getString(1), "and takes one core at most");
            }
        }
    }

    @Test
    void publicReadsFailWithoutTheReadersRightsWhileWritesGoOn() throws Exception {
        Api.Body body = Api.newBody("ROUTE");
        String holderName = TestRegister.name();
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        request.put("holderName", holderName + "分流测试有限公司");
        String number = as(body).body(request).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        List<PublicRead> reads = publicReads(number, holderName, VerificationTest.path(VerificationTest.scan(number)));

        // Pooled connections have run each read, past the driver's threshold for server-side prepared statements,
        // before the revoke: PostgreSQL checks rights whenever a statement runs, so these fail at once too.
        for (int i = 0; i < 6; i++) {
            assertAnswer(reads, 200);
        }
        // an export streams after its 200 is sent: without the reader's rights it must lack the row
        java.util.function.Supplier<String> export = () -> given().queryParam("q", holderName)
                .get("/regions/440106/export.csv").asString();
        assertTrue(export.get().contains(number), "the export lists the certificate");
        reader("revoke select on certificate from ");
        // the records read before are kept in memory until a change is heard: "anything may have changed" sends every
        // read below to the database
        try (Connection connection = PostgresTestResource.owner(); Statement statement = connection.createStatement()) {
            statement.execute("select pg_notify('registry_certificate_changed', '*')");
        }
        try {
            assertFalse(export.get().contains(number), "the export must not list it without the reader's rights");
            for (PublicRead read : reads) {
                Response answer = read.request().get();
                assertTrue(answer.statusCode() >= 500, read.name() + " must fail without the reader's rights, but answered "
                        + answer.statusCode() + ": " + answer.asString());
            }
            String written = Api.issue(body, "440106", TODAY.minusDays(2));
            as(body).body(Api.event("SUSPENDED", TODAY, "分流测试")).post("/api/v1/certificates/" + written + "/events")
                    .then().statusCode(201);
        } finally {
            reader("grant select on certificate to ");
        }
        assertAnswer(reads, 200);
    }

    private static void assertAnswer(List<PublicRead> reads, int status) {
        for (PublicRead read : reads) {
            Response answer = read.request().get();
            assertEquals(status, answer.statusCode(), read.name() + ": " + answer.asString());
        }
    }

    /** Rights are the owner's to give and take: the service's own roles own nothing. */
    private static void reader(String change) throws SQLException {
        try (Connection connection = PostgresTestResource.owner(); Statement statement = connection.createStatement()) {
            statement.execute(change + PostgresTestResource.READER);
        }
    }
}
