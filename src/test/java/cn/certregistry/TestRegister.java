package cn.certregistry;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.issuing.IssuingService;
import cn.certregistry.issuing.NewCertificate;
import cn.certregistry.issuing.NewEvent;
import cn.certregistry.register.EventKind;

/**
 * Writes test certificates through the issuing service, so they obey every rule real ones do, and
 * makes the identifiers of test data: every body code, number, credit code and name fragment carries
 * this run's random id, so that a run never meets the rows an earlier run left in the same database.
 */
@ApplicationScoped
public class TestRegister {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Rare characters, absent from the demo data's names, for name fragments. */
    private static final String NAME_CHARACTERS = "鲸鲨鲤鲈鳄鸥隼麋貂獭豹狮熊猿蛟螭麟鸾鹊翠琥珀玛瑙璇玑瑶琼瑾瑜璋琮";
    /**
     * Five characters of the credit-code alphabet, the first a letter: demo credit codes have a 0 in that
     * place, so a test holder never takes over a demo holder's code.
     */
    public static final String RUN = CreditCode.ALPHABET.charAt(10 + RANDOM.nextInt(21)) + base31(RANDOM.nextInt(31 * 31 * 31 * 31), 4);
    private static final String RUN_NAME = characters(RANDOM.nextInt(1 << 20), 4);
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);
    private static final AtomicInteger CODES = new AtomicInteger(1);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Inject
    IssuingService issuing;

    /** A body code unique to this run: {@code prefix}, the run id and a sequence number. */
    public static String code(String prefix) {
        return prefix + "-" + RUN + CODES.getAndIncrement();
    }

    /** A CNCA approval number unique to this run. */
    public static String approvalNumber() {
        return "CNCA-R-2099-" + RUN + CODES.getAndIncrement();
    }

    /** A valid credit code registered in a district, unique to this call. */
    public static String creditCode(String district) {
        String first17 = "91" + district + RUN + base31(SEQUENCE.getAndIncrement(), 4);
        return first17 + CreditCode.checkCharacter(first17);
    }

    /** A certificate number under a test body's prefix (its code and a hyphen), unique to this call. */
    public static String number(String bodyCode) {
        return bodyCode + "-" + SEQUENCE.getAndIncrement();
    }

    /** Six Chinese characters for holder names, unique to this call: four of the run's, then a sequence number. */
    public static String name() {
        return RUN_NAME + characters(NAMES.getAndIncrement(), 2);
    }

    /** Registers a body with a code unique to this run ({@code prefix} and the run id); returns the code. */
    @Transactional
    public String newBody(String prefix, String name) {
        CertificationBody body = new CertificationBody();
        body.code = code(prefix);
        body.name = name;
        body.approvalNumber = approvalNumber();
        body.website = "https://" + body.code.toLowerCase() + ".example.cn";
        body.persist();
        NumberPrefix.register(body, body.code + "-");
        return body.code;
    }

    /** An after-sales certificate (100-point scale, 四星级 at 92) unless the caller says otherwise. */
    public String issue(String body, String number, String holderName, String creditCode, String district, LocalDate issueDate) {
        return issue(body, new NewCertificate(number, "AFTER_SALES", "FOUR_STAR", new BigDecimal("92"), 100,
                Map.of("SERVICE_SYSTEM", new BigDecimal("37"), "PRODUCT_SERVICE", new BigDecimal("33"),
                        "CUSTOMER_SERVICE", new BigDecimal("22")),
                "家用电器的售后服务", issueDate, issueDate.plusYears(3).minusDays(1), holderName, creditCode, district,
                district, "测试路1号"));
    }

    public String issue(String body, NewCertificate certificate) {
        return io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting()
                .call(() -> issuing.issue(issuing.body(body), certificate, "test").number);
    }

    public void record(String body, String number, EventKind kind, LocalDate effectiveDate, String reason) {
        issuing.record(body, number, new NewEvent(kind, effectiveDate, reason, null, null, null, null, null), "test");
    }

    private static String base31(int value, int width) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0, rest = value; i < width; i++, rest /= 31) {
            digits.append(CreditCode.ALPHABET.charAt(rest % 31));
        }
        if (value >= Math.pow(31, width)) {
            throw new IllegalStateException(value + " does not fit " + width + " base-31 digits");
        }
        return digits.reverse().toString();
    }

    private static String characters(int value, int width) {
        StringBuilder characters = new StringBuilder();
        for (int i = 0, rest = value; i < width; i++, rest >>= 5) {
            characters.append(NAME_CHARACTERS.charAt(rest & 31));
        }
        if (value >= 1 << (5 * width)) {
            throw new IllegalStateException(value + " does not fit " + width + " characters");
        }
        return characters.toString();
    }
}
