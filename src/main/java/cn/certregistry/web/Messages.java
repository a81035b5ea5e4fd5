package cn.certregistry.web;


import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every word of the public web, in Chinese; {@code messages/msg_en.properties} has the English. Templates
 * read them as {@code {msg:siteName}}, in the language of the page; Java code asks {@link WebPages#words}.
 */
@MessageBundle(value = "msg", locale = WebPages.CHINESE)
public interface Messages {

    @Message("服务认证证书登记簿")
    String siteName();

    @Message("售后服务认证 · 售后服务体系完善程度认证 · 顾客满意度测评认证")
    String siteTagline();

    @Message("证书查询")
    String navSearch();

    @Message("招投标核验")
    String navProcurement();

    @Message("地区监管")
    String navRegions();

    @Message("English")
    String otherLanguage();

    @Message("en")
    String otherLanguageTag();

    @Message("本登记簿数据以认证机构发布为准；证书二维码可使用公开密钥离线验真。")
    String footer();

    @Message("跳到正文")
    String skipToContent();

    @Message("不限")
    String any();

    @Message("证书查询")
    String searchTitle();

    @Message("企业名称、统一社会信用代码或证书编号")
    String searchLabel();

    @Message("例如：海尔、91440106…、HXSC-AS-2024-…")
    String searchPlaceholder();

    @Message("查询")
    String searchButton();

    @Message("认证类别")
    String labelScheme();

    @Message("等级")
    String labelGrade();

    @Message("状态")
    String labelStatus();

    @Message("省")
    String labelProvince();

    @Message("市")
    String labelCity();

    @Message("区县")
    String labelDistrict();

    @Message("认证机构")
    String labelBody();

    @Message("有效日期")
    String labelValidOn();

    @Message("共 {count.grouped} 张证书")
    String resultsCount(long count);

    @Message("超过 {count.grouped} 张证书，请缩小查询范围")
    String resultsMoreThan(long count);

    @Message("没有找到符合条件的证书。")
    String noResults();

    @Message("上一页")
    String pagePrev();

    @Message("下一页")
    String pageNext();

    @Message("第 {page.grouped} / {pages.grouped} 页")
    String pageOf(int page, long pages);

    /** Where a count stopped: at least {@code pages} pages. */
    @Message("第 {page.grouped} / {pages.grouped}+ 页")
    String pageOfAtLeast(int page, long pages);

    @Message("证书编号")
    String colNumber();

    @Message("获证组织")
    String colHolder();

    @Message("统一社会信用代码")
    String colCreditCode();

    @Message("认证类别")
    String colScheme();

    @Message("等级")
    String colGrade();

    @Message("得分")
    String colScore();

    @Message("状态")
    String colStatus();

    @Message("颁证日期")
    String colIssue();

    @Message("有效期至")
    String colExpiry();

    @Message("认证机构")
    String colBody();

    @Message("地区")
    String colRegion();

    @Message("证书")
    String exportSheet();

    /** The last line of an export, so that a cut download is seen to be incomplete. */
    @Message("共 {count} 条，导出完毕")
    String exportComplete(long count);

    @Message("导出于 {time}，透明日志大小 {logSize}")
    String exportFacts(String time, long logSize);

    @Message("筛选条件：{address}")
    String exportAddress(String address);

    @Message("签名：{url}")
    String exportSignature(String url);

    /** The last line of an XLSX export that stopped at the sheet's bound. */
    @Message("已导出前 {count} 条，符合条件的证书更多；完整列表请用 CSV 导出")
    String exportStopped(long count);

    @Message("获证组织")
    String holder();

    @Message("统一社会信用代码")
    String creditCode();

    @Message("校验位不符（按原样登记）")
    String creditCodeFlag();

    @Message("认证类别")
    String scheme();

    @Message("依据标准")
    String standard();

    @Message("等级")
    String grade();

    @Message("得分")
    String score();

    @Message("分项得分")
    String subScores();

    @Message("认证范围")
    String scope();

    @Message("颁证日期")
    String issueDate();

    @Message("有效期至")
    String expiryDate();

    @Message("状态")
    String status();

    @Message("认证机构")
    String body();

    @Message("批准号")
    String approval();

    @Message("认证场所")
    String site();




    @Message("证书历史")
    String history();

    @Message("生效日期")
    String historyDate();

    @Message("事项")
    String historyEvent();

    @Message("原因")
    String historyReason();

    @Message("证书二维码（手机扫码验真）")
    String qrTitle();

    @Message("无法处理此请求")
    String errorTitle();

    @Message("未找到")
    String notFoundTitle();

    @Message("招投标证书核验")
    String procurementTitle();

    @Message("每行一张证书：证书编号，可加逗号和投标人统一社会信用代码。也可上传 CSV 或 XLSX 文件（第一列证书编号，第二列信用代码）。")
    String procurementHelp();

    @Message("证书清单")
    String procurementList();

    @Message("或上传文件（CSV / XLSX）")
    String procurementFile();

    @Message("投标截止日")
    String procurementBidDate();

    @Message("核验")
    String procurementCheck();

    @Message("核验结果")
    String procurementResult();

    @Message("下载 CSV")
    String procurementCsv();

    @Message("下载 XLSX")
    String procurementXlsx();

    @Message("打印签名核验报告")
    String procurementReport();

    @Message("行")
    String colRow();

    @Message("核验结论")
    String colVerdict();

    @Message("当日状态")
    String colStatusOn();

    @Message("证书核验报告")
    String reportTitle();

    @Message("核验时间")
    String reportCheckedAt();

    @Message("投标截止日")
    String reportBidDate();

    @Message("电子签名")
    String reportSignature();

    @Message("本报告内容由登记簿签名（COSE_Sign1，Ed25519，密钥 {kid}），可用 /.well-known/jwks.json 公布的公钥核验。")
    String reportHow(String kid);

    @Message("报告还附有透明日志的已签名检查点（树大小 {size}），以及每张已查到证书的最新日志条目及其包含证明：凭日志公钥即可离线核对，无需信任届时的登记簿。")
    String reportLogHow(long size);

    @Message("尚未进入日志")
    String reportNotYetInLog();

    @Message("日志序号")
    String colLogIndex();

    @Message("订阅变更（Atom）")
    String feedLink();

    @Message("{name}的证书变更")
    String feedTitle(String name);


    @Message("{region} 证书概况")
    String regionTitle(String region);

    @Message("按认证类别")
    String regionCountsScheme();

    @Message("按等级")
    String regionCountsGrade();

    @Message("按状态")
    String regionCountsStatus();

    @Message("全国证书分布")
    String chinaTitle();

    @Message("各省级行政区今日有效的证书。每格链接到该地区；数字也列在表中。")
    String chinaIntro();

    @Message("各省级行政区有效证书数")
    String chinaMapTitle();

    @Message("全部类别")
    String chinaAllSchemes();

    @Message("省级行政区")
    String chinaProvince();

    @Message("有效证书")
    String chinaValid();

    @Message("近 {months} 个月每月变化")
    String regionTrends(int months);

    @Message("每月变化 CSV")
    String regionTrendsCsv();

    @Message("证书列表")
    String regionList();

    @Message("期间变化")
    String regionChanges();

    @Message("下表列出最近的 {count} 项变化；上面的数字包括全部变化。")
    String regionChangesLatest(int count);

    @Message("自")
    String regionFrom();

    @Message("至")
    String regionTo();

    @Message("显示")
    String regionShow();

    @Message("新颁发")
    String changeNew();

    @Message("暂停")
    String changeSuspended();

    @Message("撤销")
    String changeWithdrawn();

    @Message("注销")
    String changeCancelled();

    @Message("过期")
    String changeExpired();


    @Message("导出 CSV")
    String regionExportCsv();

    @Message("导出 XLSX")
    String regionExportXlsx();

    @Message("下级地区")
    String regionSubregions();

    @Message("合计")
    String regionTotal();

    @Message("zh-CN")
    String langTag();

    @Message("证书验真")
    String verifyTitle();

    @Message("二维码所载信息")
    String signedFacts();

    @Message("与登记簿不符之处")
    String differences();

    @Message("签名密钥")
    String signingKey();

    @Message("原因")
    String reason();

    @Message("核验时间")
    String checkedAt();

    @Message("以本登记簿的实时状态为准。二维码中的签名信息可用公开密钥离线核验。")
    String verifyNotice();

    @Message("本登记簿的官方地址：")
    String officialAddress();

    @Message("请核对浏览器地址栏：仿冒的核验页面常用相似的地址。")
    String officialHint();

    @Message("下一步")
    String nextStep();

    @Message("此证书有效，认证范围：{scope}；有效期至 {expiry}。请核对持证组织名称与您购买的商品或服务是否一致。")
    String nextValid(String scope, String expiry);

    @Message("请勿依赖此证书：自 {since} 起{status}。")
    String nextNotInForce(String status, String since);

    @Message("二维码所载信息已与登记簿不符，以登记簿为准；如有疑问，请联系认证机构。")
    String nextMismatch();

    @Message("此二维码可能是伪造的。请勿相信其所载信息，向销售方索取证书原件，并通过全国12315平台（www.12315.cn，电话 12315）投诉举报。")
    String nextReport();

    @Message("认证机构：{body}（{website}）")
    String nextBodyContact(String body, String website);

    @Message("认证机构：{body}")
    String nextBodyName(String body);

    @Message("二维码内容不完整或已被改动")
    String reasonMalformed();

    @Message("二维码使用了本登记簿不使用的签名算法")
    String reasonUnsupportedAlgorithm();

    @Message("二维码的签名密钥不属于本登记簿")
    String reasonUnknownKey();

    @Message("二维码的签名密钥已被本登记簿吊销")
    String reasonRevokedKey();

    @Message("二维码的签名不正确：内容已被改动或伪造")
    String reasonBadSignature();

    @Message("yyyy年M月d日 HH:mm")
    String timeFormat();

    @Message("yyyy年M月d日")
    String dateFormat();

    @Message("、")
    String listSeparator();

    @Message("离线验真")
    String offlineTitle();

    @Message("联网时打开本页一次，之后没有网络也能验证证书二维码：签名用本页保存的登记簿公开密钥检查，状态取自登记簿签名的状态快照，并注明截至何时。")
    String offlineIntro();

    @Message("二维码内容（扫码得到的网址或令牌）")
    String offlineCodeLabel();

    @Message("验证")
    String offlineVerify();

    @Message("从照片读取二维码")
    String offlinePhoto();

    @Message("本页在浏览器中验证，需要启用 JavaScript。")
    String offlineNoScript();

    @Message("尚无状态快照：请联网打开本页一次。")
    String offlineSnapshotNone();

    @Message("状态快照：{time}，其中 {count} 张证书暂停、撤销或注销。")
    String offlineSnapshotState(String time, String count);

    @Message("状态快照未通过签名检查，未使用。")
    String offlineSnapshotBad();

    @Message("二维码真实，证书截至 {time} 有效")
    String offlineValid(String time);

    @Message("证书自 {date} 起暂停，请勿依赖")
    String offlineSuspended(String date);

    @Message("证书自 {date} 起撤销，请勿依赖")
    String offlineWithdrawn(String date);

    @Message("证书自 {date} 起注销，请勿依赖")
    String offlineCancelled(String date);

    @Message("证书已于 {date} 到期")
    String offlineExpired(String date);

    @Message("二维码真实；证书比状态快照新，离线无法得知其状态")
    String offlineBeyond();

    @Message("二维码真实；旧格式的二维码不含状态索引，离线无法得知其状态")
    String offlineNoIndex();

    @Message("二维码真实；尚无状态快照，离线无法得知其状态")
    String offlineNoStatus();

    @Message("不是本登记簿的真实二维码")
    String offlineNotGenuine();

    @Message("状态截至 {time}（状态快照）；联网后登记簿给出最新状态。")
    String offlineAsOf(String time);

    @Message("二维码真实，但状态快照已是 {hours} 小时前的（{time}）：此后证书可能已被暂停或撤销，请联网核对")
    String offlineValidOld(String hours, String time);

    @Message("离线验证用时 {ms} 毫秒")
    String offlineVerifyTime(String ms);

    @Message("照片中没有找到二维码。")
    String offlineNoCode();

    @Message("投标文件核验")
    String documentTitle();

    @Message("上传整份投标文件（PDF、OFD）或证书照片（JPEG、PNG），可一次上传多个：逐页查找每个证书二维码和印刷的证书编号，并按投标截止日逐一核验。")
    String documentHelp();

    @Message("投标文件或证书照片（PDF、OFD、JPEG 或 PNG）")
    String documentFile();

    @Message("投标人统一社会信用代码（可选）")
    String documentCreditCode();

    @Message("核验文件")
    String documentCheck();

    @Message("文件中没有找到证书二维码或证书编号。")
    String documentNone();

    @Message("以下页面有看似二维码但无法读取的图案，请人工查看：{pages}")
    String documentUnreadable(String pages);

    @Message("页码")
    String colPage();

    @Message("文件中的证书")
    String colCopy();

    @Message("二维码")
    String foundByQrCode();

    @Message("印刷的证书编号")
    String foundByPrintedNumber();

    // approvals: the issuer's approval on verification pages
    @Message("请勿依赖此证书：颁发时（{issued}），发证机构的批准状态为“{approval}”，无权颁发此项认证证书。可查询认证机构名录，并向市场监管部门反映。")
    String nextIssuerNotApproved(String approval, String issued);

    @Message("发证机构批准")
    String issuerApproval();

    @Message("颁发时：{onIssue}；目前：{today}")
    String issuerApprovalStates(String onIssue, String today);

    @Message("发证机构的批准已于 {date} 终止；此前颁发的证书保持其自身状态。")
    String issuerApprovalEnded(java.time.LocalDate date);

    // offline: issuer not approved
    @Message("发证机构在颁发此证书时未获批准，证书不可作为有效证书")
    String offlineIssuerNotApproved();

    // directory

    @Message("认证机构名录")
    String navDirectory();

    @Message("认证机构名录")
    String directoryTitle();

    @Message("经国家认证认可监督管理委员会（CNCA）批准从事服务认证的认证机构：批准号、批准范围和有效期、联系方式，以及各认证类别的有效证书数量。")
    String directoryIntro();

    @Message("机构名称")
    String directoryName();

    @Message("获批认证类别")
    String directoryApprovedFor();

    @Message("本登记簿中没有此名称的获批认证机构")
    String directoryNoApproved();

    @Message("共 {count.grouped} 家认证机构")
    String directoryCount(long count);

    @Message("批准号")
    String colApprovalNumber();

    @Message("批准情况")
    String colApproval();

    @Message("批准有效期至")
    String colValidUntil();

    @Message("批准范围")
    String colApprovedScope();

    @Message("联系方式")
    String colContact();

    @Message("有效证书")
    String colInForce();

    @Message("有效期未知")
    String directoryValidityUnknown();

    @Message("该机构在本登记簿开始登记批准情况之前登记：视为各认证类别均获批准，批准有效期未知。")
    String directoryUnrecorded();

    @Message("无")
    String directoryNoScope();

    @Message("网站")
    String directoryWebsite();

    @Message("地址")
    String directoryAddress();

    @Message("电话")
    String directoryPhone();

    @Message("批准记录")
    String directoryHistory();

    @Message("认证类别")
    String directorySchemes();

    @Message("证书编号前缀")
    String directoryPrefixes();

    @Message("尚未登记证书编号前缀")
    String directoryNoPrefixes();

    @Message("在证书查询中查看该机构颁发的全部证书")
    String directoryCertificates();

    @Message("近 {months} 个月的证书变化")
    String directoryChanges(int months);

    @Message("有效证书的等级分布")
    String directoryGrades();

    @Message("本机构")
    String directoryThisBody();

    @Message("全登记簿")
    String directoryRegister();

    @Message("占比")
    String directoryShare();

    @Message("返回认证机构名录")
    String directoryBack();

    // how current a region page's figures are (they are counted ahead, once a minute)

    @Message("统计数据截至 {time}，每分钟更新")
    String regionFiguresAsOf(String time);

    // say only what was checked: the holder only against a credit code given, one line a certificate
    // with every place it was found, and what a copy states otherwise than the register

    @Message("共 {lines.grouped} 行：{bidders.grouped} 行有效且属于所填投标人，{unchecked.grouped} 行有效但未核对持证组织（未填统一社会信用代码），{attention.grouped} 行需注意")
    String procurementSummaryChecked(int lines, long bidders, long unchecked, long attention);

    @Message("{files} 个文件共 {pages} 页，找到 {count} 张证书，其中 {good} 张属于该投标人且在投标截止日有效。")
    String documentSummaryBidder(int files, int pages, int count, long good);

    @Message("{files} 个文件共 {pages} 页，找到 {count} 张证书，其中 {valid} 张在投标截止日有效，持证组织未核对：未填写投标人统一社会信用代码，请对照各行所列持证组织。")
    String documentSummaryHolderNotChecked(int files, int pages, int count, long valid);

    @Message("{count} 张证书的复印件所载信息与登记簿不符，见“与登记簿不符”一栏。")
    String documentCopiesDiffer(long count);

    @Message("发现位置")
    String colFoundAt();

    @Message("第 {page} 页（{how}）")
    String foundAtPage(int page, String how);

    @Message("文件 {file} 第 {page} 页（{how}）")
    String foundAtFilePage(int file, int page, String how);

    @Message("与登记簿不符")
    String colDiffers();

    @Message("{fact}（证书上：{onCopy}；登记簿：{inRegister}）")
    String copyDiffers(String fact, String onCopy, String inRegister);

    // a long bid file shows how far its reading is

    @Message("正在读取投标文件")
    String jobReading();

    @Message("已读页数")
    String jobPagesRead();

    @Message("已找到的证书二维码和编号")
    String jobCertificatesFound();

    @Message("本页会自动更新；读取完成后在此显示核验结果。")
    String jobHelp();

    @Message("投标文件未能读取")
    String jobFailed();

    @Message("重新上传投标文件")
    String jobUploadAgain();

    @Message("本次读取及所上传的文件保留至 {time}，之后删除。")
    String jobExpires(String time);

    // the signed e-certificate (PDF)

    @Message("电子证书（PDF，带数字签名）")
    String eCertificateDownload();

    // places in a PDF attached to a bid file

    @Message("附件 {attachment} 第 {page} 页（{how}）")
    String foundAtAttachmentPage(String attachment, int page, String how);

    @Message("文件 {file} 附件 {attachment} 第 {page} 页（{how}）")
    String foundAtFileAttachmentPage(int file, String attachment, int page, String how);
}
