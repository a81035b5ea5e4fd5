package cn.certregistry.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The approval rule exists twice: in Java ({@link ApprovalHistory}, for a loaded history) and in SQL (registry_approval_on
 * in V27__body_approvals.sql, for queries over many certificates). This test generates random histories, including ones
 * the administrator's API would refuse (restored without a grant, several events on one day, grants that overlap),
 * writes them in a transaction it rolls back, and asks both forms about every scheme on every day on which the answer
 * can change and the days beside it.
 */
@QuarkusTest
class ApprovalRulesAgreementTest {

    private static final int HISTORIES = 400;
    private static final long SEED = Long.getLong("approval-rules.seed", 20261206L);
    /** Far above the ids the sequences hand out, so the rows of this rolled-back transaction collide with none. */
    private static final long ID_BASE = 7_000_000_000_000_000L;
    private static final List<String> SCHEMES = List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION");

    @Inject
    AgroalDataSource database;

    @Test
    void theSqlAndTheJavaFormOfTheApprovalRuleAgreeOnGeneratedHistories() throws SQLException {
        Random random = new Random(SEED);
        List<ApprovalHistory> histories = new ArrayList<>();
        for (int i = 0; i < HISTORIES; i++) {
            histories.add(history(random, ID_BASE + i * 100L));
        }
        int run = random.nextInt(1_000_000);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                write(connection, histories, run);
                int compared = compare(connection, histories);
                assertTrue(compared > HISTORIES * 10, "compared " + compared + " answers");
            } finally {
                connection.rollback();
            }
        }
    }

    /** Up to six events of any kind (none: unrecorded), a third of them on a day an earlier one has. */
    private static ApprovalHistory history(Random random, long id) {
        List<ApprovalHistory.Event> events = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        ApprovalHistory.Kind[] kinds = ApprovalHistory.Kind.values();
        int count = random.nextInt(7);
        for (int e = 1; e <= count; e++) {
            ApprovalHistory.Kind kind = kinds[random.nextInt(kinds.length)];
            LocalDate day = random.nextInt(3) == 0 && !days.isEmpty() ? days.get(random.nextInt(days.size()))
                    : LocalDate.of(2018, 1, 1).plusDays(random.nextInt(3000));
            days.add(day);
            List<String> schemes = null;
            LocalDate validUntil = null;
            if (kind == ApprovalHistory.Kind.APPROVED) {
                schemes = SCHEMES.stream().filter(s -> random.nextBoolean()).toList();
                schemes = schemes.isEmpty() ? List.of(SCHEMES.get(random.nextInt(3))) : schemes;
                validUntil = day.plusDays(1 + random.nextInt(2500));
            }
            events.add(new ApprovalHistory.Event(id + e, kind, day, schemes, validUntil));
        }
        return new ApprovalHistory(events);
    }

    private static void write(Connection connection, List<ApprovalHistory> histories, int run) throws SQLException {
        try (PreparedStatement body = connection.prepareStatement("insert into certification_body (id, code, name, approval_number)"
                + " values (?, ?, '批准规则一致性测试认证有限公司', ?)");
                PreparedStatement event = connection.prepareStatement("insert into body_approval_event (id, body_id, kind,"
                        + " effective_date, schemes, valid_until) values (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < histories.size(); i++) {
                long id = ID_BASE + i * 100L;
                body.setLong(1, id);
                body.setString(2, "AR" + run + "-" + i);
                body.setString(3, "CNCA-R-AR-" + run + "-" + i);
                body.addBatch();
                for (ApprovalHistory.Event e : histories.get(i).events()) {
                    event.setLong(1, e.sequence());
                    event.setLong(2, id);
                    event.setString(3, e.kind().name());
                    event.setDate(4, Date.valueOf(e.effectiveDate()));
                    event.setArray(5, e.schemes() == null ? null : connection.createArrayOf("varchar", e.schemes().toArray()));
                    event.setDate(6, e.validUntil() == null ? null : Date.valueOf(e.validUntil()));
                    event.addBatch();
                }
            }
            body.executeBatch();
            event.executeBatch();
        }
    }

    private static int compare(Connection connection, List<ApprovalHistory> histories) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<String> schemes = new ArrayList<>();
        List<Date> days = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            ApprovalHistory history = histories.get(i);
            for (LocalDate day : telling(history)) {
                for (String scheme : SCHEMES) {
                    ids.add(ID_BASE + i * 100L);
                    schemes.add(scheme);
                    days.add(Date.valueOf(day));
                    expected.add(history.on(scheme, day).name());
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement("select p.ordinality, registry_approval_on(p.id, p.scheme, p.day)"
                + " from unnest(?, ?, ?) with ordinality as p(id, scheme, day, ordinality) order by p.ordinality")) {
            query.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            query.setArray(2, connection.createArrayOf("text", schemes.toArray()));
            query.setArray(3, connection.createArrayOf("date", days.toArray()));
            int compared = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int at = rows.getInt(1) - 1;
                    assertEquals(expected.get(at), rows.getString(2), "body " + ids.get(at) + ", " + schemes.get(at) + " on "
                            + days.get(at) + ": " + histories.get((int) ((ids.get(at) - ID_BASE) / 100)).events());
                    compared++;
                }
            }
            return compared;
        }
    }

    /** Every day on which the rule can change its answer (events' days, the day after each grant's end) and the days beside. */
    private static Set<LocalDate> telling(ApprovalHistory history) {
        Set<LocalDate> days = new TreeSet<>(List.of(LocalDate.of(2017, 6, 1)));
        for (ApprovalHistory.Event event : history.events()) {
            for (LocalDate boundary : event.validUntil() == null ? List.of(event.effectiveDate())
                    : List.of(event.effectiveDate(), event.validUntil().plusDays(1))) {
                days.add(boundary.minusDays(1));
                days.add(boundary);
                days.add(boundary.plusDays(1));
            }
        }
        return days;
    }
}
