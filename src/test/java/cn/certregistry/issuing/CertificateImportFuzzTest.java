package cn.certregistry.issuing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Validation;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.code_intelligence.jazzer.junit.FuzzTest;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Inputs;
import cn.certregistry.common.Label;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.region.TestRegions;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/**
 * A body's import file read and every row checked as a single issue is, with the catalogue and the
 * GB/T 2260 table in memory instead of a database: a bad file is an invalid-parameter problem naming
 * the upload, a bad row a problem of its own (invalid certificate, or grade and score at odds), never
 * another exception; a row that passes is one the register could write as it stands.
 */
class CertificateImportFuzzTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 15);
    private static final CertificateImport IMPORT = importer();
    private static final CertificationBody BODY = body();
    private static final List<String> PREFIXES = List.of("HXSC-");

    private static CertificateImport importer() {
        IssuingService issuing = new IssuingService();
        issuing.schemes = new Catalogue();
        issuing.regions = TestRegions.service();
        issuing.clock = new RegisterClock() {
            @Override
            public LocalDate today() {
                return TODAY;
            }

            @Override
            public ZoneId zone() {
                return ZoneId.of("Asia/Shanghai");
            }
        };
        issuing.inputs = new Inputs(Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());
        CertificateImport importer = new CertificateImport();
        importer.issuing = issuing;
        return importer;
    }

    private static CertificationBody body() {
        CertificationBody body = new CertificationBody();
        body.code = "HXSC";
        return body;
    }

    @FuzzTest(maxDuration = "2m")
    void rows(byte[] input) {
        List<CertificateImport.Row> rows = new java.util.ArrayList<>();
        try {
            IMPORT.read(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8.newDecoder()), BODY,
                    PREFIXES, cn.certregistry.body.ApprovalHistory.UNRECORDED, rows::add);
        } catch (ProblemException e) {
            assertEquals(ProblemType.INVALID_PARAMETER, e.type());
            assertEquals("file", e.parameter());
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            CertificateImport.Row row = rows.get(i);
            assertEquals(i + 2, row.row(), "rows are numbered as the file's records, the header being 1");
            assertTrue(row.checked() == null ^ row.problem() == null);
            if (row.problem() != null) {
                assertTrue(Set.of(ProblemType.INVALID_CERTIFICATE, ProblemType.GRADE_SCORE_MISMATCH).contains(row.problem().type()),
                        row.problem().type()::toString);
                continue;
            }
            IssuingService.Checked checked = row.checked();
            assertTrue(checked.number().startsWith("HXSC-"));
            assertEquals(2, checked.score().scale());
            assertTrue(checked.score().abs().compareTo(new BigDecimal("100000")) < 0);
            assertTrue(checked.scheme().inconsistencies(checked.grade(), checked.score(), checked.scale(), checked.subScores()).isEmpty());
            assertTrue(!checked.issueDate().isAfter(TODAY) && checked.expiryDate().isAfter(checked.issueDate())
                    && !checked.expiryDate().isAfter(checked.issueDate().plusYears(3)));
            assertTrue(checked.creditCode().value().length() == 18);
            assertTrue(issuingRegion(checked.siteRegion()));
        }
    }

    private static boolean issuingRegion(String code) {
        return TestRegions.table().stream().anyMatch(r -> r.code.equals(code));
    }

    /** The catalogue of V3__scheme_catalogue.sql. */
    private static final class Catalogue extends SchemeCatalogue {

        private static final List<Scheme> SCHEMES = List.of(
                new Scheme("AFTER_SALES", new Label("售后服务认证", "After-sales service certification"), "GB/T 27922-2011", 100, true,
                        List.of(grade("COMPLIANT", 70), grade("THREE_STAR", 80), grade("FOUR_STAR", 90), grade("FIVE_STAR", 95)),
                        List.of(sub("SERVICE_SYSTEM", 40), sub("PRODUCT_SERVICE", 35), sub("CUSTOMER_SERVICE", 25))),
                new Scheme("AFTER_SALES_COMPLETENESS", new Label("售后服务体系完善程度认证", "Completeness"), "CTEAS 1001-2017", 100, false,
                        List.of(grade("FIVE_STAR", 95), grade("SIX_STAR", 96), grade("SEVEN_STAR", 97)), List.of()),
                new Scheme("CUSTOMER_SATISFACTION", new Label("顾客满意度测评认证", "Customer satisfaction"), "GB/T 19039-2009", 1000, false,
                        List.of(grade("SEVEN_STAR", 800), grade("EIGHT_STAR", 850), grade("NINE_STAR", 900), grade("TEN_STAR", 950)),
                        List.of(sub("RELIABILITY", 1000), sub("TANGIBLES", 1000), sub("RESPONSIVENESS", 1000), sub("EMPATHY", 1000),
                                sub("ASSURANCE", 1000))));

        private static Scheme.Grade grade(String code, int min) {
            return new Scheme.Grade(code, new Label(code, code), BigDecimal.valueOf(min));
        }

        private static Scheme.SubScore sub(String code, int max) {
            return new Scheme.SubScore(code, new Label(code, code), BigDecimal.valueOf(max));
        }

        @Override
        public List<Scheme> all() {
            return SCHEMES;
        }

        @Override
        public Optional<Scheme> find(String code) {
            return SCHEMES.stream().filter(s -> s.code().equals(code)).findFirst();
        }
    }
}
