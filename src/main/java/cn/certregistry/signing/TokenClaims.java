package cn.certregistry.signing;

import java.time.LocalDate;

/**
 * What a QR code's token asserts about a certificate, as signed. {@code scheme} is the scheme's code
 * (AFTER_SALES, AFTER_SALES_COMPLETENESS, CUSTOMER_SATISFACTION); {@code issuedAt} is in epoch seconds;
 * {@code holderName} is the holder's name as the certificate prints it; {@code statusIndex} is the
 * certificate's place in the signed status snapshot (an offline verifier reads its status there). Every new
 * token signs both; they are null only in tokens signed before those claims existed (no claim 8, no claim 9).
 */
public record TokenClaims(String number, String creditCode, String scheme, String grade, LocalDate issueDate,
        LocalDate expiryDate, long issuedAt, String holderName, Long statusIndex) {
}
