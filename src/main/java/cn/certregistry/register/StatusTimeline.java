package cn.certregistry.register;

import java.time.LocalDate;
import java.time.Period;
import java.util.Comparator;
import java.util.List;

/**
 * Derives a certificate's status on any day from its dates and its history. Pure: no framework, no
 * database, so the rules read and test on their own. The same rules in SQL, for queries over many
 * certificates, are the status functions of V7__status_rules.sql; StatusRulesAgreementTest holds
 * the two forms to the same answers.
 *
 * <p>Rules: before the issue date nothing is in force; otherwise the latest standing-changing event
 * effective on or before the day decides (ties broken by recording order); withdrawn and cancelled
 * are final and outrank expiry; a valid or suspended certificate is expired after its expiry date.
 */
public final class StatusTimeline {

    private StatusTimeline() {
    }

    /** One standing-changing event: its effective day, its recording order, the standing it leaves. */
    public record Change(LocalDate effectiveDate, long sequence, Status standing) {
    }

    /** The status on a day and the day that status began. */
    public record StatusOn(Status status, LocalDate since) {
    }

    public static StatusOn statusOn(LocalDate day, LocalDate issueDate, LocalDate expiryDate, List<Change> changes) {
        if (day.isBefore(issueDate)) {
            return new StatusOn(Status.NOT_YET_ISSUED, null);
        }
        Change latest = changes.stream()
                .filter(change -> !change.effectiveDate().isAfter(day))
                .max(Comparator.comparing(Change::effectiveDate).thenComparingLong(Change::sequence))
                .orElse(new Change(issueDate, Long.MIN_VALUE, Status.VALID));
        return withExpiry(day, expiryDate, latest.standing(), latest.effectiveDate());
    }

    /** The standing the whole history leaves, expiry left out: what is stored for searching. */
    public static Status standing(LocalDate issueDate, List<Change> changes) {
        return statusOn(LocalDate.MAX, issueDate, LocalDate.MAX, changes).status();
    }

    /** Whether on a day a certificate's annual surveillance audit, due on {@code due}, is later than the grace allows. */
    public static boolean surveillanceOverdue(Status statusThatDay, LocalDate due, LocalDate day, Period grace) {
        return statusThatDay == Status.VALID && due.isBefore(day.minus(grace));
    }

    /** The status on a day given the standing already derived from the history (as stored for searching). */
    private static StatusOn withExpiry(LocalDate day, LocalDate expiryDate, Status standing, LocalDate standingSince) {
        if (!standing.isFinal() && day.isAfter(expiryDate)) {
            return new StatusOn(Status.EXPIRED, expiryDate.plusDays(1));
        }
        return new StatusOn(standing, standingSince);
    }
}
