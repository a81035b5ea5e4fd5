package cn.certregistry.directory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import cn.certregistry.common.Label;
import cn.certregistry.region.RegionService;

/** The directory of certification bodies (认证机构名录) as JSON: public entries, and the regulators' figures. */
public final class DirectoryViews {

    private DirectoryViews() {
    }

    /**
     * A body's approval today, summed up over the schemes: {@code status} is the rule's answer (registry_approval_on) for
     * the schemes it is in force for, or, for none, what it is for all; {@code schemes} those it may certify today.
     * {@code recorded} is false for a body registered before approvals were recorded (approved for every scheme,
     * validity unknown).
     */
    public record ApprovalToday(String status, Label label, boolean recorded, List<String> schemes, LocalDate validUntil,
            LocalDate since) {
    }

    /** One body as the directory lists it; {@code certificatesInForce} by scheme code (every scheme, 0 where none). */
    public record Entry(String code, String name, String approvalNumber, String website, String address,
            RegionService.RegionRef region, String phone, ApprovalToday approval, Map<String, Long> certificatesInForce) {
    }

    /** One recorded change of a body's approval. */
    public record ApprovalEventView(String kind, Label label, LocalDate effectiveDate, List<String> schemes,
            LocalDate validUntil, String reason, OffsetDateTime recordedAt) {
    }

    /** A month's changes to a body's certificates, by kind (ISSUED, SUSPENDED, WITHDRAWN, CANCELLED, EXPIRED). */
    public record MonthChanges(String month, Map<String, Long> counts) {
    }

    /** A grade's certificates in force: the body's and the whole register's for the scheme, with their shares. */
    public record GradeShare(String grade, Label name, long count, double share, long registerCount, double registerShare) {
    }

    /** A scheme's grades among the body's certificates in force, beside the register's. */
    public record SchemeGrades(String scheme, Label name, long total, long registerTotal, List<GradeShare> grades) {
    }

    /** One body in full: its entry, its approval history, number prefixes, changes per month and grades. */
    public record Detail(String code, String name, String approvalNumber, String website, String address,
            RegionService.RegionRef region, String phone, ApprovalToday approval, Map<String, Long> certificatesInForce,
            List<ApprovalEventView> history, List<String> numberPrefixes, List<MonthChanges> changesPerMonth,
            List<SchemeGrades> grades) {

        static Detail of(Entry entry, List<ApprovalEventView> history, List<String> numberPrefixes,
                List<MonthChanges> changesPerMonth, List<SchemeGrades> grades) {
            return new Detail(entry.code(), entry.name(), entry.approvalNumber(), entry.website(), entry.address(),
                    entry.region(), entry.phone(), entry.approval(), entry.certificatesInForce(), history, numberPrefixes,
                    changesPerMonth, grades);
        }

        public Entry entry() {
            return new Entry(code, name, approvalNumber, website, address, region, phone, approval, certificatesInForce);
        }
    }

    /**
     * What a regulator sees of a body, over the certificates whose site is in the regulator's region (an administrator:
     * all): how many, the share suspended or withdrawn today, the share whose surveillance audit is overdue, and its
     * grades in force against the scheme's in the same region. Not public.
     */
    public record BodyFigures(String code, String name, long certificates, long suspendedOrWithdrawn,
            double suspendedOrWithdrawnShare, long surveillanceOverdue, double surveillanceOverdueShare,
            List<SchemeGrades> grades) {
    }
}
