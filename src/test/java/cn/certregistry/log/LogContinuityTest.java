package cn.certregistry.log;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.signing.SigningKey;

/**
 * The log never signs a tree that does not extend the last checkpoint it signed. The database is taken back here as a
 * restore from an older backup would take it (the newest entries, their nodes and checkpoints gone), or given a
 * checkpoint the register did not sign, inside a transaction the test holds and then rolls back: the log stops, signs
 * nothing, readiness says why, and it integrates again once the database holds what it had signed.
 */
@QuarkusTest
class LogContinuityTest {

    @Inject
    LogIntegrator integrator;
    @Inject
    LogOrigin origin;

    @Test
    void aDatabaseRestoredFromAnOlderStateStopsTheLog() throws Exception {
        Api.Body body = Api.newBody("REST");
        long first = Api.issueLogged(body, "440106", TODAY.minusDays(20));
        long second = Api.issueLogged(body, "440106", TODAY.minusDays(10));
        try (Connection restored = PostgresTestResource.owner()) {
            restored.setAutoCommit(false);
            // the checkpoint the older backup ends with: it covers the first certificate, not the second
            long kept = single(restored, "select max(size) from log_checkpoint where size <= " + second);
            assertEquals(true, kept > first);
            update(restored, "delete from log_checkpoint where size > " + kept);
            update(restored, "delete from log_node where (index + 1) * (1::bigint << level) > " + kept);
            update(restored, "delete from log_entry where index >= " + kept);
            // a change after the restore, which the log would otherwise enter as entry `kept` again
            update(restored, "update certification_body set name = name || '（恢复后）' where code = '" + body.code() + "'");

            stopsAndSignsNothing(restored, "older than one this server saw", kept);
            restored.rollback();
        }
        integratesAgain();
    }

    @Test
    void aCheckpointTheRegisterDidNotSignStopsTheLog() throws Exception {
        Api.issueLogged(Api.newBody("FORGE"), "440106", TODAY.minusDays(20));
        try (Connection forged = PostgresTestResource.owner()) {
            forged.setAutoCommit(false);
            long latest = single(forged, "select max(size) from log_checkpoint");
            SigningKey stranger = SigningKey.generate("x1");
            String body;
            try (PreparedStatement read = forged.prepareStatement("select note from log_checkpoint where size = " + latest);
                    ResultSet row = read.executeQuery()) {
                row.next();
                body = row.getString(1).substring(0, row.getString(1).indexOf("\n\n") + 1);
            }
            try (PreparedStatement forge = forged.prepareStatement("update log_checkpoint set note = ? where size = " + latest)) {
                forge.setString(1, SignedNote.sign(body, origin.name(), stranger.publicKeyBytes(), stranger::sign));
                forge.executeUpdate();
            }
            update(forged, "update certification_body set name = name || '（伪造后）' where code like 'FORGE%'");

            stopsAndSignsNothing(forged, "not signed by the register's keys", latest);
            forged.rollback();
        }
        integratesAgain();
    }

    /**
     * A tree signed in a transaction whose commit is lost (the primary gone in a failover before its standby had it) is
     * not one the database holds: the log goes on from what the database holds, rather than stopping for it.
     */
    @Test
    void aCheckpointWhoseCommitWasLostDoesNotStopTheLog() throws Exception {
        Api.Body body = Api.newBody("LOST");
        Api.issueLogged(body, "440106", TODAY.minusDays(20));
        try (Connection lost = PostgresTestResource.owner()) {
            lost.setAutoCommit(false);
            // a change the test's transaction signs into the log, before the background integration takes it in
            Await.until("a tree signed in the test's transaction", () -> {
                try {
                    update(lost, "update certification_body set name = name || '（丢失）' where code = '" + body.code() + "'");
                    return integrator.integrate(lost);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, appended -> appended > 0);
            lost.rollback();
        }
        long after = Api.issueLogged(body, "440106", TODAY.minusDays(10));
        assertEquals(Optional.empty(), integrator.halted());
        assertEquals(true, size() > after);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static long size() throws SQLException {
        try (Connection connection = PostgresTestResource.owner()) {
            return single(connection, "select max(size) from log_checkpoint");
        }
    }

    /** The integration the test runs on its own transaction stops the log (the background one waits for the lock). */
    private void stopsAndSignsNothing(Connection connection, String why, long size) throws SQLException {
        Await.until("the log stopped", () -> {
            try {
                integrator.integrate(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return integrator.halted();
        }, Optional::isPresent);
        assertEquals(true, integrator.halted().orElseThrow().contains(why), integrator.halted().orElseThrow());
        assertEquals(0, single(connection, "select count(*) from log_checkpoint where size > " + size), "nothing signed");
        given().get("/q/health/ready").then().statusCode(503).body(containsString(why));
    }

    private void integratesAgain() {
        Await.until("the log integrating again", () -> integrator.halted(), Optional::isEmpty);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(sql); ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
