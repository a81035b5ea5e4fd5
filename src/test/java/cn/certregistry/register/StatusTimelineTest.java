package cn.certregistry.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatusTimelineTest {

    static final LocalDate ISSUED = LocalDate.of(2024, 3, 1);
    static final LocalDate EXPIRES = LocalDate.of(2027, 2, 28);
    static final List<StatusTimeline.Change> SUSPENDED_THEN_RESTORED = List.of(
            new StatusTimeline.Change(ISSUED, 0, Status.VALID),
            new StatusTimeline.Change(LocalDate.of(2025, 5, 10), 1, Status.SUSPENDED),
            new StatusTimeline.Change(LocalDate.of(2025, 7, 1), 2, Status.VALID));

    @Test
    void answersForEveryDayOfASuspendRestoreHistory() {
        assertEquals(Status.NOT_YET_ISSUED, on("2024-02-29"));
        assertEquals(Status.VALID, on("2024-03-01"));
        assertEquals(Status.VALID, on("2025-05-09"));
        assertEquals(Status.SUSPENDED, on("2025-05-10"));
        assertEquals(Status.SUSPENDED, on("2025-06-30"));
        assertEquals(Status.VALID, on("2025-07-01"));
        assertEquals(Status.VALID, on("2027-02-28"));
        assertEquals(Status.EXPIRED, on("2027-03-01"));
    }

    @Test
    void reportsWhenTheStatusBegan() {
        StatusTimeline.StatusOn status = StatusTimeline.statusOn(LocalDate.of(2025, 6, 1), ISSUED, EXPIRES, SUSPENDED_THEN_RESTORED);
        assertEquals(LocalDate.of(2025, 5, 10), status.since());
        assertEquals(EXPIRES.plusDays(1), StatusTimeline.statusOn(LocalDate.of(2028, 1, 1), ISSUED, EXPIRES,
                SUSPENDED_THEN_RESTORED).since());
    }

    @Test
    void withdrawnAndCancelledAreFinalAndOutrankExpiry() {
        List<StatusTimeline.Change> withdrawn = List.of(new StatusTimeline.Change(ISSUED, 0, Status.VALID),
                new StatusTimeline.Change(LocalDate.of(2025, 1, 1), 1, Status.WITHDRAWN));
        assertEquals(Status.WITHDRAWN, StatusTimeline.statusOn(LocalDate.of(2030, 1, 1), ISSUED, EXPIRES, withdrawn).status());
    }

    @Test
    void aSuspendedCertificatePastItsExpiryIsExpired() {
        List<StatusTimeline.Change> suspended = List.of(new StatusTimeline.Change(ISSUED, 0, Status.VALID),
                new StatusTimeline.Change(LocalDate.of(2026, 12, 1), 1, Status.SUSPENDED));
        assertEquals(Status.EXPIRED, StatusTimeline.statusOn(LocalDate.of(2027, 3, 1), ISSUED, EXPIRES, suspended).status());
    }

    @Test
    void eventsOfTheSameDayApplyInRecordingOrder() {
        List<StatusTimeline.Change> sameDay = List.of(new StatusTimeline.Change(ISSUED, 0, Status.VALID),
                new StatusTimeline.Change(LocalDate.of(2025, 1, 1), 2, Status.VALID),
                new StatusTimeline.Change(LocalDate.of(2025, 1, 1), 1, Status.SUSPENDED));
        assertEquals(Status.VALID, StatusTimeline.statusOn(LocalDate.of(2025, 1, 1), ISSUED, EXPIRES, sameDay).status());
    }

    private static Status on(String day) {
        return StatusTimeline.statusOn(LocalDate.parse(day), ISSUED, EXPIRES, SUSPENDED_THEN_RESTORED).status();
    }
}
