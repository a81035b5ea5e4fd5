package cn.certregistry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.issuing.IssuingService;
import cn.certregistry.issuing.NewCertificate;
import cn.certregistry.issuing.NewEvent;
import cn.certregistry.register.EventKind;

/** Writes test certificates through the issuing service, so they obey every rule real ones do. */
@ApplicationScoped
public class TestRegister {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

    @Inject
    IssuingService issuing;

    @Transactional
    public void ensureBody(String code, String name) {
        if (CertificationBody.findByCode(code).isEmpty()) {
            CertificationBody body = new CertificationBody();
            body.code = code;
            body.name = name;
            body.approvalNumber = "CNCA-R-2099-" + code;
            body.website = "https://" + code.toLowerCase() + ".example.cn";
            body.persist();
            cn.certregistry.body.NumberPrefix prefix = new cn.certregistry.body.NumberPrefix();
            prefix.prefix = code + "-";
            prefix.body = body;
            prefix.registeredAt = java.time.OffsetDateTime.now();
            prefix.persist();
        }
    }

    /** A valid credit code registered in a district, unique per call. */
    public static String creditCode(String district) {
        String first17 = "91" + district + String.format("%09d", SEQUENCE.getAndIncrement());
        return first17 + CreditCode.checkCharacter(first17);
    }

    public static String number(String prefix) {
        return prefix + "-" + String.format("%06d", SEQUENCE.getAndIncrement());
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
        return issuing.issue(body, certificate, "test").number;
    }

    public void record(String body, String number, EventKind kind, LocalDate effectiveDate, String reason) {
        issuing.record(body, number, new NewEvent(kind, effectiveDate, reason, null, null, null, null, null), "test");
    }
}
