package cn.certregistry.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.register.EventKind;
import cn.certregistry.scheme.Scheme;

/**
 * Realistic, deterministic demo data: plausible Chinese company names in real districts, credit codes
 * with correct check characters (a few deliberately wrong, as in the wild), every scheme and grade,
 * and histories that reach every status. Pure: the loader decides where the rows go, so the same
 * generator fills the demo database and the one-million-certificate benchmark.
 */
public final class DemoDataGenerator {

    /** A district to place holders in, with the short name of its city for company names. */
    public record District(String code, String cityShortName) {
    }

    /** A demo body with its contact (address, GB/T 2260 region, phone). */
    public record Body(String code, String name, String approvalNumber, String website, String address, String regionCode,
            String phone) {
    }

    /** A recorded change of a body's approval by CNCA (as body_approval_event holds it). */
    public record ApprovalChange(ApprovalHistory.Kind kind, LocalDate effectiveDate, List<String> schemes, LocalDate validUntil,
            String reason) {

        ApprovalHistory.Event rule(long sequence) {
            return new ApprovalHistory.Event(sequence, kind, effectiveDate, schemes, validUntil);
        }
    }

    public record Holder(long id, String name, String creditCode, boolean creditCodeCheckOk, String regionCode) {
    }

    public record Event(EventKind kind, LocalDate effectiveDate, String reason, String gradeCode, BigDecimal score,
            String scope) {
    }

    public record Certificate(long id, String number, String schemeCode, String gradeCode, BigDecimal score, int scoreScale,
            Map<String, BigDecimal> subScores, String scope, LocalDate issueDate, LocalDate expiryDate, int bodyIndex,
            long holderId, String siteRegionCode, String siteAddress, List<Event> events) {
    }

    /** One holder and the certificates it holds. */
    public record Batch(Holder holder, List<Certificate> certificates) {
    }

    public static final List<Body> BODIES = List.of(
            new Body("HXSC", "华夏服务认证中心有限公司", "CNCA-R-2016-271", "https://www.hxsc.example.cn",
                    "北京市朝阳区东三环北路27号", "110105", "010-65921870"),
            new Body("ZHRZ", "中衡售后服务认证有限公司", "CNCA-R-2017-305", "https://www.zhrz.example.cn",
                    "广州市天河区天河路385号", "440106", "020-85263317"),
            new Body("JCQC", "京诚质量认证有限公司", "CNCA-R-2015-198", "https://www.jcqc.example.cn",
                    "北京市海淀区中关村大街59号", "110108", "010-62518830"),
            new Body("HNAC", "华南服务质量认证有限公司", "CNCA-R-2018-362", "https://www.hnac.example.cn",
                    "广州市越秀区环市东路339号", "440104", "020-83726641"),
            new Body("DFRZ", "东方信诺认证有限公司", "CNCA-R-2019-417", "https://www.dfrz.example.cn",
                    "上海市徐汇区漕溪北路88号", "310104", "021-64873215"),
            new Body("XBSC", "西部诚信认证中心有限公司", "CNCA-R-2020-455", "https://www.xbsc.example.cn",
                    "成都市武侯区人民南路四段11号", "510107", "028-85432276"));

    /** The body whose approval was revoked last year, and the one approved for one scheme only. */
    public static final String REVOKED_BODY = "DFRZ";
    public static final String ONE_SCHEME_BODY = "XBSC";
    /** How many certificates, out of 1 000, are issued outside their body's approval anyway, as a legacy import brings them. */
    private static final int OUTSIDE_APPROVAL_PER_MILLE = 40;

    private static final String BRAND_CHARACTERS = "华恒瑞鑫博康安永泰盛宏嘉欣远信德和联创达丰源兴佳明卓智优美雅诚海天金新";
    private static final String[] INDUSTRIES = {"电器", "家具", "电梯", "科技", "智能家居", "物流", "汽车销售服务", "家电维修",
            "门窗", "厨卫电器", "暖通设备", "办公设备", "医疗器械", "环保设备", "通信技术", "物业服务", "净水设备", "照明电器"};
    private static final String[] SUFFIXES = {"有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"};
    private static final String[] STREETS = {"人民路", "建设大道", "工业园路", "科技路", "中山路", "解放路", "滨江大道", "高新大道"};
    private static final String[] SCHEME_ABBREVIATIONS = {"AS", "ASC", "CS"};

    private final List<ApprovalHistory> approvals;
    private final Map<String, Scheme> schemes;
    private final List<Scheme> schemeList;
    private final List<District> districts;
    private final LocalDate today;
    private final Random random;
    private long nextHolderId;
    private long nextCertificateId;
    private long holderSequence;
    private long certificateSequence;

    public DemoDataGenerator(List<Scheme> schemes, List<District> districts, LocalDate today, long seed, long firstHolderId,
            long firstCertificateId) {
        this.schemes = new LinkedHashMap<>();
        schemes.forEach(s -> this.schemes.put(s.code(), s));
        this.schemeList = List.copyOf(schemes);
        this.districts = List.copyOf(districts);
        this.today = today;
        this.random = new Random(seed);
        this.nextHolderId = firstHolderId;
        this.nextCertificateId = firstCertificateId;
        this.holderSequence = firstHolderId;
        this.certificateSequence = firstCertificateId;
        this.approvals = BODIES.stream().map(body -> {
            List<ApprovalChange> changes = approvals(body, today);
            List<ApprovalHistory.Event> events = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                events.add(changes.get(i).rule(i));
            }
            return new ApprovalHistory(events);
        }).toList();
    }

    /**
     * A demo body's approvals, relative to the register's today: most approved for every scheme, renewed before the end;
     * {@link #ONE_SCHEME_BODY} for customer satisfaction only; {@link #REVOKED_BODY} revoked in the middle of last year.
     */
    public static List<ApprovalChange> approvals(Body body, LocalDate today) {
        List<String> all = List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION");
        int index = BODIES.indexOf(body);
        LocalDate first = today.minusYears(6).plusMonths(index * 3L);
        return switch (body.code()) {
            case REVOKED_BODY -> List.of(
                    new ApprovalChange(ApprovalHistory.Kind.APPROVED, first, all, first.plusYears(6), "认证机构批准（服务认证）"),
                    new ApprovalChange(ApprovalHistory.Kind.SUSPENDED, LocalDate.of(today.getYear() - 1, 3, 10), null, null,
                            "监督检查发现认证活动不规范，暂停批准，限期整改"),
                    new ApprovalChange(ApprovalHistory.Kind.REVOKED, LocalDate.of(today.getYear() - 1, 6, 15), null, null,
                            "整改期满仍不符合要求，撤销认证机构批准"));
            case ONE_SCHEME_BODY -> List.of(new ApprovalChange(ApprovalHistory.Kind.APPROVED, first,
                    List.of("CUSTOMER_SATISFACTION"), first.plusYears(6).plusMonths(6), "认证机构批准（顾客满意度测评认证）"));
            default -> List.of(
                    new ApprovalChange(ApprovalHistory.Kind.APPROVED, first.minusYears(1), all, first.plusYears(4).minusDays(1),
                            "认证机构批准（服务认证）"),
                    new ApprovalChange(ApprovalHistory.Kind.APPROVED, first.plusYears(4).minusMonths(2), all,
                            first.plusYears(10).minusDays(1), "批准延续"));
        };
    }

    /** The next holder with one to three certificates of different schemes. */
    public Batch next() {
        District district = districts.get(random.nextInt(districts.size()));
        String industry = INDUSTRIES[random.nextInt(INDUSTRIES.length)];
        String name = district.cityShortName() + brand() + industry + SUFFIXES[random.nextInt(SUFFIXES.length)];
        String creditCode = creditCode(district.code(), holderSequence++);
        boolean checkOk = random.nextInt(200) != 0;
        if (!checkOk) {
            creditCode = creditCode.substring(0, 17) + wrongCheck(creditCode.charAt(17));
        }
        Holder holder = new Holder(nextHolderId++, name, creditCode, checkOk, district.code());

        int count = 1 + (random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2));
        List<Scheme> chosen = new ArrayList<>(schemeList);
        java.util.Collections.shuffle(chosen, random);
        List<Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            certificates.add(certificate(holder, industry, chosen.get(i)));
        }
        return new Batch(holder, certificates);
    }

    private Certificate certificate(Holder holder, String industry, Scheme scheme) {
        int schemeIndex = schemeList.indexOf(scheme);
        int bodyIndex = random.nextInt(BODIES.size());
        LocalDate issueDate = today.minusDays(random.nextInt(4 * 365 + 200));
        // bodies issue within their approval (the Java form of the approval rule decides), except a few that a legacy
        // import brings in anyway: after a revocation, or outside the scope
        if (!approvals.get(bodyIndex).on(scheme.code(), issueDate).certifies()
                && random.nextInt(1000) >= OUTSIDE_APPROVAL_PER_MILLE) {
            List<Integer> approved = new ArrayList<>();
            for (int i = 0; i < BODIES.size(); i++) {
                if (approvals.get(i).on(scheme.code(), issueDate).certifies()) {
                    approved.add(i);
                }
            }
            bodyIndex = approved.isEmpty() ? bodyIndex : approved.get(random.nextInt(approved.size()));
        }
        LocalDate expiryDate = issueDate.plusYears(3).minusDays(1);
        int scale = scheme.thresholdScale() == 100 && random.nextInt(5) == 0 ? 1000 : scheme.thresholdScale();
        Scheme.Grade grade = scheme.grades().get(random.nextInt(scheme.grades().size()));
        BigDecimal score = scoreWithin(scheme, grade, scale);
        String number = BODIES.get(bodyIndex).code() + "-" + SCHEME_ABBREVIATIONS[schemeIndex % 3] + "-" + issueDate.getYear()
                + "-" + String.format("%07d", certificateSequence++);
        String scope = scope(scheme, industry);
        String address = holder.name().substring(0, 2) + STREETS[random.nextInt(STREETS.length)] + (1 + random.nextInt(999)) + "号";
        List<Event> events = history(scheme, grade, scale, issueDate, expiryDate);
        String finalGrade = grade.code();
        BigDecimal finalScore = score;
        for (Event event : events) {
            if (event.kind() == EventKind.GRADE_CHANGED) {
                finalGrade = event.gradeCode();
                finalScore = event.score();
            }
        }
        String finalScope = events.stream().filter(e -> e.kind() == EventKind.SCOPE_CHANGED).map(Event::scope)
                .reduce((a, b) -> b).orElse(scope);
        return new Certificate(nextCertificateId++, number, scheme.code(), finalGrade, finalScore, scale,
                subScores(scheme, finalScore, scale), finalScope, issueDate, expiryDate, bodyIndex, holder.id(),
                holder.regionCode(), address, events);
    }

    private List<Event> history(Scheme scheme, Scheme.Grade grade, int scale, LocalDate issueDate, LocalDate expiryDate) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(EventKind.ISSUED, issueDate, null, null, null, null));
        LocalDate end = today.isBefore(expiryDate) ? today : expiryDate;
        for (int year = 1; year < 3; year++) {
            LocalDate audit = issueDate.plusYears(year).plusDays(random.nextInt(45));
            if (audit.isAfter(end)) {
                break;
            }
            int roll = random.nextInt(100);
            if (roll < 88) {
                events.add(new Event(EventKind.SURVEILLANCE_PASSED, audit, "年度监督审核通过", null, null, null));
                if (roll < 4 && scheme.grades().indexOf(grade) > 0) {
                    Scheme.Grade lower = scheme.grades().get(scheme.grades().indexOf(grade) - 1);
                    events.add(new Event(EventKind.GRADE_CHANGED, audit, "监督审核评分下降，等级调整", lower.code(),
                            scoreWithin(scheme, lower, scale), null));
                    grade = lower;
                } else if (roll < 7) {
                    events.add(new Event(EventKind.SCOPE_CHANGED, audit, "认证范围扩大", null, null,
                            "全系列产品的售后服务，含安装、维修、退换货、上门服务及客户投诉处理"));
                }
                continue;
            }
            LocalDate suspended = issueDate.plusYears(year).plusDays(60 + random.nextInt(30));
            if (suspended.isAfter(end)) {
                break;
            }
            events.add(new Event(EventKind.SUSPENDED, suspended, "未按期接受年度监督审核", null, null, null));
            LocalDate next = suspended.plusDays(30 + random.nextInt(120));
            if (next.isAfter(end)) {
                break;
            }
            if (roll < 95) {
                events.add(new Event(EventKind.RESTORED, next, "补充监督审核通过，恢复证书", null, null, null));
            } else {
                events.add(new Event(EventKind.WITHDRAWN, next, "暂停期满未完成整改，撤销证书", null, null, null));
                return events;
            }
        }
        if (random.nextInt(100) < 4) {
            LocalDate cancelled = issueDate.plusDays(200 + random.nextInt(700));
            LocalDate last = events.get(events.size() - 1).effectiveDate();
            if (!cancelled.isAfter(end) && cancelled.isAfter(last)) {
                events.add(new Event(EventKind.CANCELLED, cancelled, "获证组织申请注销", null, null, null));
            }
        }
        return events;
    }

    private BigDecimal scoreWithin(Scheme scheme, Scheme.Grade grade, int scale) {
        int index = scheme.grades().indexOf(grade);
        double low = grade.minScore().doubleValue() / scheme.thresholdScale();
        double high = index + 1 < scheme.grades().size()
                ? scheme.grades().get(index + 1).minScore().doubleValue() / scheme.thresholdScale() : 1.0;
        int lowPoints = (int) Math.ceil(low * scale);
        int highPoints = (int) Math.ceil(high * scale) - (index + 1 < scheme.grades().size() ? 1 : 0);
        return BigDecimal.valueOf(lowPoints + random.nextInt(Math.max(1, highPoints - lowPoints + 1)));
    }

    /** Sub-scores that add up to the total where the scheme requires it; dimension scores near the total otherwise. */
    private Map<String, BigDecimal> subScores(Scheme scheme, BigDecimal score, int scale) {
        if (scheme.subScores().isEmpty()) {
            return null;
        }
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        if (scheme.subScoresSumToTotal()) {
            int deficit = scale - score.intValue();
            int remaining = deficit;
            List<Scheme.SubScore> parts = scheme.subScores();
            for (int i = 0; i < parts.size(); i++) {
                int max = parts.get(i).maxScore().intValue() * scale / scheme.thresholdScale();
                int lost = i == parts.size() - 1 ? remaining
                        : Math.min(max, Math.min(remaining, (int) Math.round(deficit * (double) max / scale)));
                values.put(parts.get(i).code(), BigDecimal.valueOf(max - lost));
                remaining -= lost;
            }
        } else {
            for (Scheme.SubScore part : scheme.subScores()) {
                int max = part.maxScore().intValue() * scale / scheme.thresholdScale();
                int value = Math.max(0, Math.min(max, score.intValue() + random.nextInt(61) - 30));
                values.put(part.code(), BigDecimal.valueOf(value));
            }
        }
        return values;
    }

    private String scope(Scheme scheme, String industry) {
        return switch (scheme.code()) {
            case "AFTER_SALES" -> industry + "产品的售后服务（安装、维修、退换货、客户投诉处理）";
            case "AFTER_SALES_COMPLETENESS" -> industry + "产品售后服务体系（服务网点、技术支持、配件供应、服务培训）";
            default -> industry + "产品及服务的顾客满意度测评";
        };
    }

    private String brand() {
        char first = BRAND_CHARACTERS.charAt(random.nextInt(BRAND_CHARACTERS.length()));
        char second;
        do {
            second = BRAND_CHARACTERS.charAt(random.nextInt(BRAND_CHARACTERS.length()));
        } while (second == first);
        return "" + first + second;
    }

    /** 9 (enterprise) 1 (company) + district + an organisation code unique by sequence + check character. */
    private String creditCode(String district, long sequence) {
        StringBuilder organisation = new StringBuilder();
        long rest = sequence;
        for (int i = 0; i < 8; i++) {
            organisation.append(CreditCode.ALPHABET.charAt((int) (rest % 31)));
            rest /= 31;
        }
        organisation.reverse().append(CreditCode.ALPHABET.charAt(random.nextInt(10)));
        String first17 = "91" + district + organisation;
        return first17 + CreditCode.checkCharacter(first17);
    }

    private char wrongCheck(char right) {
        char wrong;
        do {
            wrong = CreditCode.ALPHABET.charAt(random.nextInt(CreditCode.ALPHABET.length()));
        } while (wrong == right);
        return wrong;
    }
}
