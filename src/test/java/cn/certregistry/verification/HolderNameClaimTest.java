package cn.certregistry.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.certregistry.holder.Holder;
import cn.certregistry.qr.CertificateCodes;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateEvent;
import cn.certregistry.register.EventKind;
import cn.certregistry.signing.Base32;
import cn.certregistry.signing.Cbor;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/**
 * The token signs the holder's name (claim 8): a code whose holder has since been renamed is MISMATCH naming
 * {@code holderName}; a code printed before the claim existed is compared as before. Without the framework:
 * the register's token code and the verdict rules, on a certificate held in memory.
 */
class HolderNameClaimTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 15);
    static final SigningKey KEY = SigningKey.generate("u1");
    static final KeyRing RING = new KeyRing(List.of(KEY));

    static Certificate certificate(String holderName) {
        Holder holder = new Holder();
        holder.creditCode = "91440106MA59C4XJ7T";
        Certificate certificate = new Certificate();
        certificate.id = 42L;
        certificate.holderName = holderName;
        certificate.number = "HXSC-AS-2026-0000042";
        certificate.schemeCode = "AFTER_SALES";
        certificate.gradeCode = "FIVE_STAR";
        certificate.issueDate = TODAY.minusDays(30);
        certificate.expiryDate = certificate.issueDate.plusYears(3).minusDays(1);
        certificate.holder = holder;
        CertificateEvent issued = new CertificateEvent();
        issued.kind = EventKind.ISSUED;
        issued.effectiveDate = certificate.issueDate;
        issued.recordedAt = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        certificate.record(issued);
        return certificate;
    }

    /** The register's own QR token for the certificate, signed with {@link #KEY}. */
    static String token(Certificate certificate) throws Exception {
        SigningKeys keys = new SigningKeys(); // no subclass: a test class must not become a second bean
        set(keys, "ring", RING);
        CertificateCodes codes = new CertificateCodes();
        set(codes, "keys", keys);
        return codes.token(certificate);
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field declared = target.getClass().getDeclaredField(field);
        declared.setAccessible(true);
        declared.set(target, value);
    }

    static VerificationService.Facts facts(Certificate certificate) {
        return new VerificationService.Facts(certificate.holder.creditCode, certificate.holderName, certificate.schemeCode,
                certificate.gradeCode, certificate.issueDate, certificate.expiryDate);
    }

    static Verdict verdict(TokenClaims claims, Certificate certificate) {
        return VerificationService.verdict(certificate.statusOn(TODAY).status(), VerificationService.differences(claims, facts(certificate)));
    }

    @Test
    void theTokenSignsTheNameTheCertificatePrints() throws Exception {
        Certificate certificate = certificate("广州示例家用电器维修服务有限公司");
        Tokens.Checked checked = Tokens.verify(token(certificate), RING);
        assertTrue(checked.genuine(), checked.failure());
        assertEquals("广州示例家用电器维修服务有限公司", checked.claims().holderName());
        assertEquals(List.of(), VerificationService.differences(checked.claims(), facts(certificate)));
        assertEquals(Verdict.VALID, verdict(checked.claims(), certificate));
    }

    @Test
    void aCodeOfARenamedHolderIsAMismatchNamingHolderName() throws Exception {
        Certificate certificate = certificate("广州示例家用电器维修服务有限公司");
        Tokens.Checked checked = Tokens.verify(token(certificate), RING);
        certificate.holderName = "广州新名家用电器维修服务有限公司"; // renamed in the register after the code was printed
        assertTrue(checked.genuine());
        assertEquals(List.of("holderName"), VerificationService.differences(checked.claims(), facts(certificate)));
        assertEquals(Verdict.MISMATCH, verdict(checked.claims(), certificate));
        // a fresh code of the renamed certificate signs the new name and is valid again
        Tokens.Checked fresh = Tokens.verify(token(certificate), RING);
        assertEquals("广州新名家用电器维修服务有限公司", fresh.claims().holderName());
        assertEquals(Verdict.VALID, verdict(fresh.claims(), certificate));
    }

    @Test
    void aCodeSignedBeforeTheNameWasSignedIsComparedAsBefore() throws Exception {
        Certificate certificate = certificate("广州示例家用电器维修服务有限公司");
        TokenClaims signed = Tokens.verify(token(certificate), RING).claims();
        String old = TokenVectorsGenerator.oldFormatToken(signed, KEY);
        Tokens.Checked checked = Tokens.verify(old, RING);
        assertTrue(checked.genuine(), checked.failure());
        assertNull(checked.claims().holderName());
        assertEquals(signed.number(), checked.claims().number());
        certificate.holderName = "广州新名家用电器维修服务有限公司";
        assertEquals(List.of(), VerificationService.differences(checked.claims(), facts(certificate)));
        assertEquals(Verdict.VALID, verdict(checked.claims(), certificate));
        certificate.gradeCode = "FOUR_STAR";
        assertEquals(List.of("grade"), VerificationService.differences(checked.claims(), facts(certificate)));
        assertEquals(Verdict.MISMATCH, verdict(checked.claims(), certificate));
    }

    @Test
    void aNewTokenRequiresTheName() {
        for (String name : new String[] {null, "", "  "}) {
            TokenClaims claims = new TokenClaims("HXSC-AS-2026-0000042", "91440106MA59C4XJ7T", "AFTER_SALES", "FIVE_STAR",
                    TODAY, TODAY.plusYears(3).minusDays(1), 1_795_000_000L, name, 42L);
            assertThrows(IllegalArgumentException.class, () -> Tokens.sign(claims, KEY), String.valueOf(name));
        }
    }

    @Test
    void aSignedNameOfAnotherTypeIsNotGenuine() {
        TokenClaims claims = new TokenClaims("HXSC-AS-2026-0000042", "91440106MA59C4XJ7T", "AFTER_SALES", "FIVE_STAR",
                TODAY, TODAY.plusYears(3).minusDays(1), 1_795_000_000L, "广州示例家电维修有限公司", 42L);
        for (Object wrong : new Object[] {42L, "广州".getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of("广州")}) {
            Map<Object, Object> payload = TokenVectorsGenerator.payload(claims);
            payload.put(8L, wrong);
            Tokens.Checked checked = Tokens.verify(Base32.encode(CoseSign1.sign(Cbor.encode(payload), KEY)), RING);
            assertEquals(Tokens.MALFORMED, checked.failure(), wrong.getClass().getSimpleName());
        }
    }

    @Test
    void theLongestFactsTheRegisterAcceptsSignToATokenItVerifies() {
        // a 40-character number and a 200-character name (the issuing limits), each character 3 bytes of UTF-8
        TokenClaims claims = new TokenClaims("HXSC-" + "9".repeat(35), "91440106MA59C4XJ7T", "AFTER_SALES_COMPLETENESS",
                "SEVEN_STAR", TODAY, TODAY.plusYears(3).minusDays(1), 1_795_000_000L, "廣".repeat(200), Long.MAX_VALUE);
        String token = Tokens.sign(claims, KEY);
        assertTrue(token.length() <= Tokens.MAX_TOKEN_LENGTH, token.length() + " characters");
        assertEquals(claims, Tokens.verify(token, RING).claims());
        assertEquals(Tokens.MALFORMED, Tokens.verify("A".repeat(Tokens.MAX_TOKEN_LENGTH + 1), RING).failure());
    }
}
