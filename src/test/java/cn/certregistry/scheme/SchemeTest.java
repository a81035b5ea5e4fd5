package cn.certregistry.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.certregistry.common.Label;

class SchemeTest {

    static final Scheme AFTER_SALES = new Scheme("AFTER_SALES", new Label("售后服务认证", "After-sales"), "GB/T 27922-2011", 100, true,
            List.of(grade("COMPLIANT", 70), grade("THREE_STAR", 80), grade("FOUR_STAR", 90), grade("FIVE_STAR", 95)),
            List.of(sub("SERVICE_SYSTEM", 40), sub("PRODUCT_SERVICE", 35), sub("CUSTOMER_SERVICE", 25)));

    @Test
    void aFiveStarClaimWith93PointsIsRejected() {
        List<String> problems = AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("93"), 100, null);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("earns FOUR_STAR"), problems.get(0));
    }

    @Test
    void aGradeBelowWhatTheScoreEarnsIsRejectedToo() {
        assertEquals(1, AFTER_SALES.inconsistencies("THREE_STAR", new BigDecimal("96"), 100, null).size());
    }

    @Test
    void gradeBoundariesAreInclusive() {
        assertTrue(AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("95"), 100, null).isEmpty());
        assertTrue(AFTER_SALES.inconsistencies("FOUR_STAR", new BigDecimal("94.99"), 100, null).isEmpty());
        assertTrue(AFTER_SALES.inconsistencies("COMPLIANT", new BigDecimal("70"), 100, null).isEmpty());
    }

    @Test
    void thresholdsApplyProportionallyOnAThousandPointScale() {
        assertTrue(AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("950"), 1000, null).isEmpty());
        assertEquals("FOUR_STAR", AFTER_SALES.gradeEarnedBy(new BigDecimal("949"), 1000).orElseThrow().code());
        assertEquals(1, AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("930"), 1000, null).size());
    }

    @Test
    void aScoreBelowTheLowestGradeIsNotCertifiable() {
        assertTrue(AFTER_SALES.gradeEarnedBy(new BigDecimal("69.5"), 100).isEmpty());
        assertTrue(AFTER_SALES.inconsistencies("COMPLIANT", new BigDecimal("69.5"), 100, null).get(0).contains("not certifiable"));
    }

    @Test
    void scoresOutsideTheScaleOrOnAnUnknownScaleAreRejected() {
        assertEquals(1, AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("101"), 100, null).size());
        assertEquals(1, AFTER_SALES.inconsistencies("FIVE_STAR", new BigDecimal("96"), 10, null).size());
        assertEquals(1, AFTER_SALES.inconsistencies("SIX_STAR", new BigDecimal("96"), 100, null).size());
    }

    @Test
    void subScoresMustAddUpToTheTotalAndStayWithinTheirMaxima() {
        assertTrue(AFTER_SALES.inconsistencies("FOUR_STAR", new BigDecimal("92"), 100,
                Map.of("SERVICE_SYSTEM", bd(37), "PRODUCT_SERVICE", bd(33), "CUSTOMER_SERVICE", bd(22))).isEmpty());
        assertEquals(1, AFTER_SALES.inconsistencies("FOUR_STAR", new BigDecimal("92"), 100,
                Map.of("SERVICE_SYSTEM", bd(37), "PRODUCT_SERVICE", bd(33), "CUSTOMER_SERVICE", bd(21))).size());
        assertTrue(AFTER_SALES.inconsistencies("FOUR_STAR", new BigDecimal("92"), 100,
                Map.of("SERVICE_SYSTEM", bd(45), "PRODUCT_SERVICE", bd(30), "CUSTOMER_SERVICE", bd(17))).get(0)
                .contains("SERVICE_SYSTEM"));
        assertTrue(AFTER_SALES.inconsistencies("FOUR_STAR", new BigDecimal("920"), 1000,
                Map.of("SERVICE_SYSTEM", bd(370), "PRODUCT_SERVICE", bd(330), "CUSTOMER_SERVICE", bd(220))).isEmpty());
    }

    private static BigDecimal bd(int value) {
        return BigDecimal.valueOf(value);
    }

    private static Scheme.Grade grade(String code, int min) {
        return new Scheme.Grade(code, new Label(code, code), BigDecimal.valueOf(min));
    }

    private static Scheme.SubScore sub(String code, int max) {
        return new Scheme.SubScore(code, new Label(code, code), BigDecimal.valueOf(max));
    }
}
