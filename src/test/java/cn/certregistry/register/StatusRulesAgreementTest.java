package cn.certregistry.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.holder.CreditCode;

/**
 * The status rules exist twice: in Java ({@link StatusTimeline}, for a loaded certificate) and in SQL
 * (V7__status_rules.sql, for queries over many; V32's registry_has_status states a status as conditions on the
 * stored standing and the dates, which the searches use). This test generates random histories, including ones
 * the issuing rules would refuse (restored after withdrawal, events after expiry, several on one day),
 * writes them in a transaction that it rolls back, and asks both forms about every day on which the
 * answer can change: each event's day, the issue and expiry days and the surveillance deadline, and the
 * days beside them. Between two such days neither form can change its answer, so agreeing on them is
 * agreeing on every day.
 */
@QuarkusTest
class StatusRulesAgreementTest {

    private static final int HISTORIES = 1_000;
    private static final long SEED = Long.getLong("status-rules.seed", 20261201L);
    /** Far above the ids the sequences hand out, so the rows of this rolled-back transaction collide with none. */
    private static final long ID_BASE = 8_000_000_000_000_000L;
    private static final List<Period> GRACES = List.of(Period.ZERO, Period.ofDays(30), Period.ofMonths(1), Period.of(0, 2, 10));

    @Inject
    AgroalDataSource database;

    record History(long id, LocalDate issueDate, LocalDate expiryDate, List<StatusTimeline.Change> changes, List<String> kinds,
            LocalDate surveillanceDue, Period grace) {

        Status standing() {
            return StatusTimeline.standing(issueDate, changes);
        }

        LocalDate lastEvent() {
            return changes.stream().map(StatusTimeline.Change::effectiveDate).max(LocalDate::compareTo).orElse(issueDate);
        }

        /** Every day on which some rule can change its answer, and the days on either side. */
        Set<LocalDate> telling() {
            Set<LocalDate> days = new TreeSet<>();
            List<LocalDate> boundaries = new ArrayList<>(List.of(issueDate, expiryDate));
            changes.forEach(change -> boundaries.add(change.effectiveDate()));
            for (LocalDate boundary : boundaries) {
                days.add(boundary.minusDays(1));
                days.add(boundary);
                days.add(boundary.plusDays(1));
            }
            // "due before the day less a grace of months" turns true up to four days after due + grace (month ends)
            for (int d = -1; d <= 4; d++) {
                days.add(surveillanceDue.plus(grace).plusDays(d));
            }
            return days;
        }
    }

    @Test
    void theSqlAndTheJavaFormOfEveryStatusRuleAgreeOnGeneratedHistories() throws SQLException {
        Random random = new Random(SEED);
        List<History> histories = new ArrayList<>();
        for (int i = 0; i < HISTORIES; i++) {
            histories.add(history(random, ID_BASE + i * 100L));
        }
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                write(connection, histories, random.nextInt(1_000_000));
                int days = compare(connection, histories);
                assertTrue(days > HISTORIES * 10, "compared " + days + " days");
            } finally {
                connection.rollback();
            }
        }
    }

    /** A random history: issued, then up to eight events of any kind on random days, some after expiry. */
    private static History history(Random random, long id) {
        LocalDate issueDate = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000));
        LocalDate expiryDate = issueDate.plusYears(3).minusDays(random.nextInt(3) == 0 ? random.nextInt(900) : 1);
        List<String> kinds = new ArrayList<>(List.of(EventKind.ISSUED.name()));
        List<StatusTimeline.Change> changes = new ArrayList<>(List.of(new StatusTimeline.Change(issueDate, id, Status.VALID)));
        List<LocalDate> days = new ArrayList<>(List.of(issueDate));
        int events = random.nextInt(9);
        EventKind[] all = EventKind.values();
        for (int e = 1; e <= events; e++) {
            EventKind kind = all[random.nextInt(all.length)];
            // a quarter of the events share a day with an earlier one, so the recording order decides
            LocalDate day = random.nextInt(4) == 0 ? days.get(random.nextInt(days.size()))
                    : issueDate.plusDays(random.nextInt((int) (expiryDate.toEpochDay() - issueDate.toEpochDay()) + 120));
            days.add(day);
            kinds.add(kind.name());
            long eventId = id + e;
            kind.standingAfter().ifPresent(standing -> changes.add(new StatusTimeline.Change(day, eventId, standing)));
        }
        LocalDate surveillanceDue = issueDate.plusMonths(12 + random.nextInt(30));
        return new History(id, issueDate, expiryDate, changes, kinds, surveillanceDue, GRACES.get(random.nextInt(GRACES.size())));
    }

    private static void write(Connection connection, List<History> histories, int run) throws SQLException {
        long body = ID_BASE;
        long holder = ID_BASE;
        String first17 = "91440106" + String.format("%09d", run);
        try (PreparedStatement insertBody = connection.prepareStatement("insert into certification_body (id, code, name,"
                + " approval_number) values (?, ?, '规则一致性测试认证有限公司', ?)");
                PreparedStatement insertHolder = connection.prepareStatement("insert into holder (id, credit_code,"
                        + " credit_code_check_ok) values (?, ?, true)")) {
            insertBody.setLong(1, body);
            insertBody.setString(2, "RULES" + run);
            insertBody.setString(3, "CNCA-R-RULES-" + run);
            insertBody.executeUpdate();
            insertHolder.setLong(1, holder);
            insertHolder.setString(2, first17 + CreditCode.checkCharacter(first17));
            insertHolder.executeUpdate();
        }
        try (PreparedStatement certificate = connection.prepareStatement("insert into certificate (id, number, scheme_code,"
                + " grade_code, score, score_scale, scope, issue_date, expiry_date, body_id, holder_id, site_region_code, standing,"
                + " surveillance_due, holder_name) values (?, ?, 'AFTER_SALES', 'FOUR_STAR', 92, 100, '规则一致性', ?, ?, ?, ?, '440106', ?, ?,"
                + " '规则一致性测试有限公司')");
                // the events in one statement: the table's statement triggers (the log's outbox, the change notices, the
                // region figures) then run once over all of them, not once for each of some 5 000 rows sent as a batch,
                // which was most of this test's time
                PreparedStatement event = connection.prepareStatement("insert into certificate_event (id, certificate_id, kind,"
                        + " effective_date, recorded_by, holder_name) select id, certificate_id, kind, effective_date, 'test',"
                        + " holder_name from unnest(?, ?, ?, ?, ?) as e(id, certificate_id, kind, effective_date, holder_name)"
                        + " order by id")) {
            for (History history : histories) {
                certificate.setLong(1, history.id());
                certificate.setString(2, "RULES-" + run + "-" + (history.id() - ID_BASE));
                certificate.setDate(3, Date.valueOf(history.issueDate()));
                certificate.setDate(4, Date.valueOf(history.expiryDate()));
                certificate.setLong(5, body);
                certificate.setLong(6, holder);
                certificate.setString(7, history.standing().name());
                certificate.setDate(8, Date.valueOf(history.surveillanceDue()));
                certificate.addBatch();
            }
            certificate.executeBatch();
            List<Long> ids = new ArrayList<>();
            List<Long> certificates = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            List<Date> effective = new ArrayList<>();
            List<String> holderNames = new ArrayList<>();
            for (History history : histories) {
                Map<Long, LocalDate> days = new HashMap<>();
                history.changes().forEach(change -> days.put(change.sequence(), change.effectiveDate()));
                for (int e = 0; e < history.kinds().size(); e++) {
                    long id = history.id() + e;
                    ids.add(id);
                    certificates.add(history.id());
                    kinds.add(history.kinds().get(e));
                    // events that change no standing are not in the changes; any day of the life does for them
                    effective.add(Date.valueOf(days.getOrDefault(id, history.issueDate().plusDays(e))));
                    boolean names = List.of("ISSUED", "HOLDER_CHANGED").contains(history.kinds().get(e));
                    holderNames.add(names ? "规则一致性测试有限公司" + e : null);
                }
            }
            event.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            event.setArray(2, connection.createArrayOf("bigint", certificates.toArray()));
            event.setArray(3, connection.createArrayOf("varchar", kinds.toArray()));
            event.setArray(4, connection.createArrayOf("date", effective.toArray()));
            event.setArray(5, connection.createArrayOf("varchar", holderNames.toArray()));
            event.executeUpdate();
        }
    }

    /** Asks the database about every telling day of every history and compares with the Java form; returns the days asked. */
    private static int compare(Connection connection, List<History> histories) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Date> days = new ArrayList<>();
        List<String> graces = new ArrayList<>();
        Map<Long, History> byId = new HashMap<>();
        for (History history : histories) {
            byId.put(history.id(), history);
            for (LocalDate day : history.telling()) {
                ids.add(history.id());
                days.add(Date.valueOf(day));
                graces.add(history.grace().toString());
            }
        }
        Map<Status, Set<Status>> standingsShowing = new EnumMap<>(Status.class);
        // V32's forms of "shows this status", one column per status, named as a constant as the searches name it
        StringBuilder perStatus = new StringBuilder();
        for (Status status : Status.values()) {
            perStatus.append(", registry_has_status(c.standing, c.issue_date, c.expiry_date, p.day, '").append(status.name())
                    .append("'), registry_can_have_status(c.issue_date, c.expiry_date, p.day, '").append(status.name()).append("')");
        }
        try (PreparedStatement query = connection.prepareStatement("select p.id, p.day,"
                + " registry_status_on(c.id, c.issue_date, c.expiry_date, p.day),"
                + " registry_status(c.standing, c.issue_date, c.expiry_date, p.day),"
                + " registry_surveillance_overdue(c.standing, c.issue_date, c.expiry_date, c.surveillance_due, p.day, cast(p.grace as interval))"
                + perStatus + " from unnest(?, ?, ?) as p(id, day, grace) join certificate c on c.id = p.id")) {
            query.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            query.setArray(2, connection.createArrayOf("date", days.toArray()));
            query.setArray(3, connection.createArrayOf("text", graces.toArray()));
            int compared = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    History history = byId.get(rows.getLong(1));
                    LocalDate day = rows.getDate(2).toLocalDate();
                    Status java = StatusTimeline.statusOn(day, history.issueDate(), history.expiryDate(), history.changes()).status();
                    String context = history + " on " + day + " (seed " + SEED + ")";
                    assertEquals(java, Status.valueOf(rows.getString(3)), "status on a day from the history: " + context);
                    Status fromStanding = Status.valueOf(rows.getString(4));
                    for (Status status : Status.values()) {
                        int column = 6 + 2 * status.ordinal();
                        // the search's conditions on the standing and dates select what registry_status says, on every day
                        assertEquals(fromStanding == status, rows.getBoolean(column),
                                "registry_has_status(" + status + ") against registry_status, stored standing: " + context);
                        // and the dates' prefilter of a past day's status never leaves out a certificate that had it
                        if (java == status) {
                            assertTrue(rows.getBoolean(column + 1), "registry_can_have_status(" + status + "): " + context);
                        }
                    }
                    // the stored standing stands for the history from its last event on, as it does for "today"
                    if (!day.isBefore(history.lastEvent())) {
                        assertEquals(java, fromStanding, "status from the stored standing: " + context);
                        assertTrue(rows.getBoolean(6 + 2 * java.ordinal()), "registry_has_status against Java: " + context);
                        assertEquals(StatusTimeline.surveillanceOverdue(java, history.surveillanceDue(), day, history.grace()),
                                rows.getBoolean(5), "surveillance overdue: " + context);
                        standingsShowing.computeIfAbsent(java, s -> EnumSet.noneOf(Status.class)).add(history.standing());
                    }
                    compared++;
                }
            }
            assertEquals(ids.size(), compared);
            checkStandingsShowing(connection, standingsShowing);
            return compared;
        }
    }

    /** The standing prefilter of a status search never leaves out a certificate that shows the status. */
    private static void checkStandingsShowing(Connection connection, Map<Status, Set<Status>> seen) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select unnest(registry_standings_showing(?))")) {
            for (Map.Entry<Status, Set<Status>> entry : seen.entrySet()) {
                query.setString(1, entry.getKey().name());
                Set<Status> showing = EnumSet.noneOf(Status.class);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        showing.add(Status.valueOf(rows.getString(1)));
                    }
                }
                assertTrue(showing.containsAll(entry.getValue()), entry.getKey() + " is shown by standings " + entry.getValue()
                        + ", the prefilter allows " + showing);
            }
        }
    }
}
