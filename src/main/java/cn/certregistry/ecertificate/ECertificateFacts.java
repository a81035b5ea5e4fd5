package cn.certregistry.ecertificate;

import java.math.BigDecimal;
import java.time.LocalDate;

import cn.certregistry.common.Label;
import cn.certregistry.register.CertificateViews;

/**
 * What an e-certificate prints, all of it public: a file is made once for each distinct value of this (and the key
 * that signs it), so everything that may differ between two files of one certificate is here. Surveillance schedules
 * and the history's reasons are not; nor the record's place in the transparency log, which arrives a moment after a
 * change and would make a second version of every new one.
 */
public record ECertificateFacts(String number, String holderName, String creditCode, Label scheme, String standards,
        Label grade, BigDecimal score, int scoreScale, String scope, LocalDate issueDate, LocalDate expiryDate,
        String bodyName, String approvalNumber, Label approvalOnIssueDate, Label status, LocalDate statusSince,
        String verificationUrl) {

    public static ECertificateFacts of(CertificateViews.Record record, String verificationUrl) {
        return new ECertificateFacts(record.number(), record.holder().name(), record.holder().creditCode(),
                record.scheme().name(), record.scheme().standards(), record.grade().name(), record.score(),
                record.scoreScale(), record.scope(), record.issueDate(), record.expiryDate(), record.body().name(),
                record.body().approvalNumber(), record.issuerApproval().onIssueDate().label(), record.status().label(),
                record.status().since(), verificationUrl);
    }
}
