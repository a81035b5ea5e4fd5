package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.issuing.NewCertificate;

/**
 * A small register of one test class's own: 30 certificates of two new bodies, whose holders all carry a
 * name fragment found nowhere else ({@link #token}), covering every scheme and status and several regions.
 */
public final class RegisterFixture {

    /** Dates are relative to the tests' fixed today. */
    public static final LocalDate TODAY = Api.TODAY;
    public static final LocalDate GUANGZHOU_ISSUED = TODAY.minusDays(300);
    public static final LocalDate SHENZHEN_ISSUED = TODAY.minusDays(400);
    public static final LocalDate SHENZHEN_SUSPENDED = SHENZHEN_ISSUED.plusDays(30);
    public static final LocalDate SHENZHEN_RESTORED = SHENZHEN_ISSUED.plusDays(90);
    public static final LocalDate BEIJING_ISSUED = TODAY.minusYears(4);
    public static final LocalDate BEIJING_EXPIRES = BEIJING_ISSUED.plusYears(3).minusDays(1);
    public static final LocalDate CHANGCHUN_WITHDRAWN = TODAY.minusDays(200);
    public static final LocalDate CHENGDU_FIRST_ISSUED = TODAY.minusDays(100);
    public static final int TOTAL = 30;

    public final String token = TestRegister.name();
    public final String bodyA;
    public final String bodyB;
    public final String guangzhou;        // 广州 天河区, after-sales 四星级, valid
    public final String shenzhen;         // 深圳 南山区, satisfaction 八星级, suspended then restored, valid
    public final String shenzhenCreditCode;
    public final String beijing;          // 北京 朝阳区, completeness 六星级, expired
    public final String changchun;        // 长春 朝阳区, withdrawn
    public final String hangzhou;         // 杭州 西湖区, cancelled, credit code fails its check
    public final String hangzhouCreditCode;
    public final List<String> chengdu = new ArrayList<>(); // 25 valid certificates of one holder, for paging
    /** Part of the name of the holder in 成都 only. */
    public final String chengduFragment = token + "分页测试";

    private RegisterFixture(TestRegister register) {
        bodyA = register.newBody("FIXA", "测试认证甲有限公司");
        bodyB = register.newBody("FIXB", "测试认证乙有限公司");

        guangzhou = register.issue(bodyA, TestRegister.number(bodyA), "广州" + token + "电器有限公司",
                TestRegister.creditCode("440106"), "440106", GUANGZHOU_ISSUED);

        shenzhenCreditCode = TestRegister.creditCode("440305");
        shenzhen = register.issue(bodyB, new NewCertificate(TestRegister.number(bodyB), "CUSTOMER_SATISFACTION",
                "EIGHT_STAR", new BigDecimal("870"), 1000, Map.of("RELIABILITY", new BigDecimal("880")), "智能手机的顾客满意度测评",
                SHENZHEN_ISSUED, SHENZHEN_ISSUED.plusYears(3).minusDays(1), "深圳" + token + "科技股份有限公司", shenzhenCreditCode,
                "440305", "440305", "科技园路8号"));
        register.record(bodyB, shenzhen, EventKind.SUSPENDED, SHENZHEN_SUSPENDED, "未按期接受年度监督审核");
        register.record(bodyB, shenzhen, EventKind.RESTORED, SHENZHEN_RESTORED, "补充监督审核通过");

        beijing = register.issue(bodyA, new NewCertificate(TestRegister.number(bodyA), "AFTER_SALES_COMPLETENESS",
                "SIX_STAR", new BigDecimal("96.5"), 100, null, "物流服务售后服务体系", BEIJING_ISSUED,
                BEIJING_EXPIRES, "北京" + token + "物流有限公司", TestRegister.creditCode("110105"), "110105", "110105", null));

        changchun = register.issue(bodyB, TestRegister.number(bodyB), "长春" + token + "家具有限公司",
                TestRegister.creditCode("220104"), "220104", TODAY.minusDays(500));
        register.record(bodyB, changchun, EventKind.WITHDRAWN, CHANGCHUN_WITHDRAWN, "监督审核不合格");

        String valid = TestRegister.creditCode("330106");
        hangzhouCreditCode = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
        hangzhou = register.issue(bodyA, TestRegister.number(bodyA), "杭州" + token + "门窗有限公司", hangzhouCreditCode,
                "330106", TODAY.minusDays(600));
        register.record(bodyA, hangzhou, EventKind.CANCELLED, TODAY.minusDays(100), "获证组织申请注销");

        String chengduCode = TestRegister.creditCode("510104");
        for (int i = 0; i < 25; i++) {
            chengdu.add(register.issue(bodyA, TestRegister.number(bodyA), "成都" + chengduFragment + "有限公司", chengduCode,
                    "510104", CHENGDU_FIRST_ISSUED.plusDays(i)));
        }
    }

    private static RegisterFixture shared;

    /**
     * The fixture the read-only test classes share, written in one transaction by the first that asks. No test changes
     * it; one that needs to change a certificate makes its own.
     */
    public static synchronized RegisterFixture shared(TestRegister register) {
        if (shared == null) {
            shared = QuarkusTransaction.requiringNew().call(() -> new RegisterFixture(register));
        }
        return shared;
    }
}
