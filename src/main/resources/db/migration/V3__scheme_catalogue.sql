-- Default scheme catalogue (DOMAIN.md). Thresholds marked "assumed" there are data, not code:
-- an operator corrects them with a migration.
insert into scheme (code, name_zh, name_en, standards, threshold_scale, sub_scores_sum_to_total) values
    ('AFTER_SALES', '售后服务认证', 'After-sales service certification',
     'GB/T 27922-2011 商品售后服务评价体系', 100, true),
    ('AFTER_SALES_COMPLETENESS', '售后服务体系完善程度认证', 'After-sales service system completeness certification',
     'CTEAS 1001-2017 售后服务体系完善程度认证评价规范; SB/T 10962-2013', 100, false),
    ('CUSTOMER_SATISFACTION', '顾客满意度测评认证', 'Customer satisfaction certification',
     'GB/T 19039-2009 顾客满意测评通则; T/CAPS 001-2019 客户满意度指数评价体系', 1000, false);

insert into scheme_grade (scheme_code, code, name_zh, name_en, min_score) values
    ('AFTER_SALES', 'COMPLIANT', '达标级', 'Compliant', 70),
    ('AFTER_SALES', 'THREE_STAR', '三星级', 'Three-star', 80),
    ('AFTER_SALES', 'FOUR_STAR', '四星级', 'Four-star', 90),
    ('AFTER_SALES', 'FIVE_STAR', '五星级', 'Five-star', 95),
    ('AFTER_SALES_COMPLETENESS', 'FIVE_STAR', '五星级', 'Five-star', 95),
    ('AFTER_SALES_COMPLETENESS', 'SIX_STAR', '六星级', 'Six-star', 96),
    ('AFTER_SALES_COMPLETENESS', 'SEVEN_STAR', '七星级', 'Seven-star', 97),
    ('CUSTOMER_SATISFACTION', 'SEVEN_STAR', '七星级 (区域卓越)', 'Seven-star (regional excellence)', 800),
    ('CUSTOMER_SATISFACTION', 'EIGHT_STAR', '八星级 (行业卓越)', 'Eight-star (industry excellence)', 850),
    ('CUSTOMER_SATISFACTION', 'NINE_STAR', '九星级 (全国卓越)', 'Nine-star (national excellence)', 900),
    ('CUSTOMER_SATISFACTION', 'TEN_STAR', '十星级 (卓越十佳)', 'Ten-star (top ten)', 950);

insert into scheme_sub_score (scheme_code, code, name_zh, name_en, max_score, position) values
    ('AFTER_SALES', 'SERVICE_SYSTEM', '售后服务体系', 'Service system', 40, 1),
    ('AFTER_SALES', 'PRODUCT_SERVICE', '商品服务', 'Product service', 35, 2),
    ('AFTER_SALES', 'CUSTOMER_SERVICE', '顾客服务', 'Customer service', 25, 3),
    ('CUSTOMER_SATISFACTION', 'RELIABILITY', '信赖度', 'Reliability', 1000, 1),
    ('CUSTOMER_SATISFACTION', 'TANGIBLES', '有形度', 'Tangibles', 1000, 2),
    ('CUSTOMER_SATISFACTION', 'RESPONSIVENESS', '反应度', 'Responsiveness', 1000, 3),
    ('CUSTOMER_SATISFACTION', 'EMPATHY', '同理度', 'Empathy', 1000, 4),
    ('CUSTOMER_SATISFACTION', 'ASSURANCE', '专业度', 'Assurance', 1000, 5);
