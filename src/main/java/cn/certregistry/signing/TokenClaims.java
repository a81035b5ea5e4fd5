package cn.certregistry.signing;

import java.time.LocalDate;

/**
 * What a QR code's token asserts about a certificate, as signed. {@code scheme} is the scheme's code
 * (AFTER_SALES, AFTER_SALES_COMPLETENESS, CUSTOMER_SATISFACTION); {@code issuedAt} is in epoch seconds;
 * {@code holderName} is the holder's name as the certificate prints it. Every new token signs a
 * holder name; it is null only in a token signed before that claim existed (no claim 8).
 */
public record TokenClaims(String number, String creditCode, String scheme, String grade, LocalDate issueDate,
        LocalDate expiryDate, long issuedAt, String holderName) {
}
