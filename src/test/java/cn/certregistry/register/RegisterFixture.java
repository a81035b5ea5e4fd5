package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.certregistry.TestRegister;
import cn.certregistry.issuing.NewCertificate;

/**
 * A small register of certificates whose holders all carry the name fragment 蓝鲸 (absent from the
 * demo data), covering every scheme and status and several regions. Loaded once per test JVM.
 */
public final class RegisterFixture {

    public static final String TOKEN = "蓝鲸";
    public static final String BODY_A = "TSTA";
    public static final String BODY_B = "TSTB";

    /** Dates are relative to today, so that what is valid stays valid whenever the tests run. */
    public static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    public static final LocalDate GUANGZHOU_ISSUED = TODAY.minusDays(300);
    public static final LocalDate SHENZHEN_ISSUED = TODAY.minusDays(400);
    public static final LocalDate SHENZHEN_SUSPENDED = SHENZHEN_ISSUED.plusDays(30);
    public static final LocalDate SHENZHEN_RESTORED = SHENZHEN_ISSUED.plusDays(90);
    public static final LocalDate BEIJING_ISSUED = TODAY.minusYears(4);
    public static final LocalDate BEIJING_EXPIRES = BEIJING_ISSUED.plusYears(3).minusDays(1);
    public static final LocalDate CHANGCHUN_WITHDRAWN = TODAY.minusDays(200);
    public static final LocalDate CHENGDU_FIRST_ISSUED = TODAY.minusDays(100);

    public static String guangzhou;        // 广州 天河区, after-sales 四星级, valid
    public static String shenzhen;         // 深圳 南山区, satisfaction 八星级, suspended then restored, valid
    public static String shenzhenCreditCode;
    public static String beijing;          // 北京 朝阳区, completeness 六星级, expired
    public static String changchun;        // 长春 朝阳区, withdrawn
    public static String hangzhou;         // 杭州 西湖区, cancelled, credit code fails its check
    public static String hangzhouCreditCode;
    public static final List<String> CHENGDU = new ArrayList<>(); // 25 valid certificates of one holder, for paging
    public static final int TOTAL = 30;

    private static boolean loaded;

    private RegisterFixture() {
    }

    public static synchronized void load(TestRegister register) {
        if (loaded) {
            return;
        }
        register.ensureBody(BODY_A, "测试认证甲有限公司");
        register.ensureBody(BODY_B, "测试认证乙有限公司");

        guangzhou = register.issue(BODY_A, TestRegister.number("TSTA-AS"), "广州蓝鲸电器有限公司",
                TestRegister.creditCode("440106"), "440106", GUANGZHOU_ISSUED);

        shenzhenCreditCode = TestRegister.creditCode("440305");
        shenzhen = register.issue(BODY_B, new NewCertificate(TestRegister.number("TSTB-CS"), "CUSTOMER_SATISFACTION",
                "EIGHT_STAR", new BigDecimal("870"), 1000, Map.of("RELIABILITY", new BigDecimal("880")), "智能手机的顾客满意度测评",
                SHENZHEN_ISSUED, SHENZHEN_ISSUED.plusYears(3).minusDays(1), "深圳蓝鲸科技股份有限公司", shenzhenCreditCode,
                "440305", "440305", "科技园路8号"));
        register.record(BODY_B, shenzhen, EventKind.SUSPENDED, SHENZHEN_SUSPENDED, "未按期接受年度监督审核");
        register.record(BODY_B, shenzhen, EventKind.RESTORED, SHENZHEN_RESTORED, "补充监督审核通过");

        beijing = register.issue(BODY_A, new NewCertificate(TestRegister.number("TSTA-ASC"), "AFTER_SALES_COMPLETENESS",
                "SIX_STAR", new BigDecimal("96.5"), 100, null, "物流服务售后服务体系", BEIJING_ISSUED,
                BEIJING_EXPIRES, "北京蓝鲸物流有限公司", TestRegister.creditCode("110105"), "110105", "110105", null));

        changchun = register.issue(BODY_B, TestRegister.number("TSTB-AS"), "长春蓝鲸家具有限公司",
                TestRegister.creditCode("220104"), "220104", TODAY.minusDays(500));
        register.record(BODY_B, changchun, EventKind.WITHDRAWN, CHANGCHUN_WITHDRAWN, "监督审核不合格");

        String valid = TestRegister.creditCode("330106");
        hangzhouCreditCode = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
        hangzhou = register.issue(BODY_A, TestRegister.number("TSTA-AS"), "杭州蓝鲸门窗有限公司", hangzhouCreditCode,
                "330106", TODAY.minusDays(600));
        register.record(BODY_A, hangzhou, EventKind.CANCELLED, TODAY.minusDays(100), "获证组织申请注销");

        String chengduCode = TestRegister.creditCode("510104");
        for (int i = 0; i < 25; i++) {
            CHENGDU.add(register.issue(BODY_A, TestRegister.number("TSTA-AS"), "成都蓝鲸分页测试有限公司", chengduCode, "510104",
                    CHENGDU_FIRST_ISSUED.plusDays(i)));
        }
        loaded = true;
    }
}
