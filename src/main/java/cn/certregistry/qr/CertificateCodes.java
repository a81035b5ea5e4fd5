package cn.certregistry.qr;

import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.GenerationalCache;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/** The signed token and the verification URL a certificate's QR code carries. */
@ApplicationScoped
public class CertificateCodes {

    @Inject
    SigningKeys keys;
    @Inject
    RegistryConfig config;
    @Inject
    ReadReplica replica;

    private record Unsigned(TokenClaims claims, String kid) {
    }

    /** Tokens signed lately (about 10 MB at most), by what they sign and the key that signed them. */
    private final GenerationalCache<Unsigned, String> signed = GenerationalCache.ofEntries(20_000);

    /**
     * Signs the certificate's current facts. The issued-at time is that of the latest recorded event, so the
     * same certificate gives the same token (Ed25519 is deterministic) until something about it changes.
     */
    public String token(Certificate certificate) {
        long issuedAt = certificate.events.stream().map(e -> e.recordedAt).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).map(t -> t.toEpochSecond())
                .orElse(certificate.issueDate.atStartOfDay().toEpochSecond(ZoneOffset.UTC));
        TokenClaims claims = new TokenClaims(certificate.number, certificate.holder.creditCode, certificate.schemeCode,
                certificate.gradeCode, certificate.issueDate, certificate.expiryDate, issuedAt, certificate.holderName, certificate.id);
        SigningKey key = keys.ring().active();
        // the same claims and key give the same token: a QR code asked for again costs no signature
        Unsigned unsigned = new Unsigned(claims, key.kid());
        String token = signed.get(unsigned);
        if (token == null) {
            token = Tokens.sign(claims, key);
            signed.put(unsigned, token);
        }
        return token;
    }

    /** The URL of the certificate numbered {@code number} (as typed), read from the public register; 404 when none. */
    public String url(String number) {
        String normalised = CertificateSearch.normalisedNumber("number", number);
        return replica.inSession(session -> url(Certificate.findWithHistory(session, normalised).orElseThrow(
                () -> Certificate.notFound(normalised))));
    }

    /** {@code HTTPS://HOST/V/TOKEN}: all upper case, so the whole URL fits the QR alphanumeric mode. */
    public String url(Certificate certificate) {
        return (config.publicBaseUrl().replaceAll("/+$", "") + "/V/").toUpperCase(Locale.ROOT) + token(certificate);
    }

}
