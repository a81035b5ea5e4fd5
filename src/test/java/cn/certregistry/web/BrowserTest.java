package cn.certregistry.web;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileOutputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.TestRegister;
import cn.certregistry.register.RegisterFixture;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.snapshot.StatusList;
import cn.certregistry.snapshot.StatusSnapshotTest;
import cn.certregistry.verification.VerificationTest;

/**
 * The public web in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them). Screenshots land in target/screenshots.
 */
@QuarkusTest
@EnabledIf("browserInstalled")
class BrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static WebDriver driver;
    static RegisterFixture fixture;

    @TestHTTPResource("/")
    URL base;
    @Inject
    TestRegister register;
    @Inject
    SigningKeys keys;

    static boolean browserInstalled() {
        return Chromium.installed();
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Chromium.shared();
    }

    @BeforeEach
    void start() {
        if (fixture == null) {
            fixture = RegisterFixture.shared(register);
        }
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    @Test
    void searchesByAChineseName() {
        driver.get(url("/"));
        assertEquals("zh-CN", driver.findElement(By.tagName("html")).getAttribute("lang"));
        driver.findElement(By.id("q")).sendKeys(fixture.token);
        driver.findElement(By.cssSelector("form.search button[type=submit]")).click();
        assertTrue(driver.findElement(By.id("count")).getText().contains(String.valueOf(RegisterFixture.TOTAL)),
                driver.findElement(By.id("count")).getText());
        List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
        assertEquals(20, rows.size(), "the first page of 30");
        assertTrue(rows.stream().allMatch(r -> r.getText().contains(fixture.token)));
        driver.findElement(By.cssSelector("a[rel=next]")).click();
        assertEquals(10, driver.findElements(By.cssSelector("#results tbody tr")).size());
    }

    @Test
    void filtersByCityWithThePickersAndOpensACertificate() {
        driver.get(url("/"));
        driver.findElement(By.id("q")).sendKeys(fixture.token);
        new Select(driver.findElement(By.id("province"))).selectByValue("440000");
        waiting(Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#city option[value='440100']")));
        new Select(driver.findElement(By.id("city"))).selectByValue("440100");
        driver.findElement(By.cssSelector("form.search button[type=submit]")).click();
        List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getText().contains("广州市"), rows.get(0).getText());

        rows.get(0).findElement(By.linkText(fixture.guangzhou)).click();
        assertTrue(driver.getTitle().contains(fixture.guangzhou), driver.getTitle());
        assertEquals("有效", driver.findElement(By.id("status")).getText());
        assertTrue(driver.findElement(By.id("history")).getText().contains("颁发"));
        assertTrue(driver.findElement(By.cssSelector(".qr img")).getAttribute("src").endsWith("/qr.svg"));
        driver.findElement(By.linkText("English")).click();
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("valid", driver.findElement(By.id("status")).getText());
        driver.get(url("/?lang=zh"));
    }

    @Test
    void aPhoneOpensTheVerificationPage() throws Exception {
        String number = fixture.shenzhen;
        String code = VerificationTest.path(VerificationTest.scan(number));
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(url(code));
        assertEquals("证书真实有效", driver.findElement(By.cssSelector(".verdict h1")).getText());
        assertTrue(driver.getPageSource().contains("深圳" + fixture.token + "科技股份有限公司"));
        screenshot("phone-verification.png");
    }

    @Test
    void checksAProcurementUploadOfFiftyLines() throws Exception {
        Path upload = Files.createTempFile("bid", ".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); FileOutputStream out = new FileOutputStream(upload.toFile())) {
            var sheet = workbook.createSheet("bid");
            sheet.createRow(0).createCell(0).setCellValue("证书编号");
            for (int i = 1; i <= 50; i++) {
                var row = sheet.createRow(i);
                switch (i % 5) {
                    case 0 -> row.createCell(0).setCellValue(fixture.guangzhou);
                    case 1 -> {
                        row.createCell(0).setCellValue(fixture.shenzhen);
                        row.createCell(1).setCellValue(fixture.shenzhenCreditCode);
                    }
                    case 2 -> row.createCell(0).setCellValue(fixture.changchun);
                    case 3 -> {
                        row.createCell(0).setCellValue(fixture.guangzhou);
                        row.createCell(1).setCellValue(fixture.shenzhenCreditCode);
                    }
                    default -> row.createCell(0).setCellValue("NO-SUCH-" + i);
                }
            }
            workbook.write(out);
        }
        driver.get(url("/procurement"));
        driver.findElement(By.id("file")).sendKeys(upload.toString());
        driver.findElement(By.id("check")).click();
        assertEquals(50, driver.findElements(By.cssSelector("#verdicts tbody tr")).size());
        Map<String, Integer> expected = Map.of("VALID_ON_DATE", 10, "VALID_ON_DATE_HOLDER_NOT_CHECKED", 10, "NOT_VALID_ON_DATE", 10,
                "HOLDER_MISMATCH", 10, "NOT_FOUND", 10);
        expected.forEach((verdict, count) -> assertEquals(count,
                driver.findElements(By.cssSelector("#verdicts tr[data-verdict='" + verdict + "']")).size(), verdict));
        assertTrue(driver.findElement(By.id("summary")).getText().contains("50"));
        screenshot("procurement.png");
        // the downloads carry the same check
        String list = driver.findElement(By.cssSelector("input[name=list]")).getAttribute("value");
        String csv = given().formParam("list", list).formParam("bidDate", TODAY.toString()).post("/procurement/result.csv")
                .then().statusCode(200).extract().asString();
        assertEquals(51, csv.strip().split("\r\n").length);
    }

    @Test
    void aRegulatorViewsAndExportsACity() throws Exception {
        driver.get(url("/regions/4401?q=" + URLEncoder.encode(fixture.token, StandardCharsets.UTF_8)));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("广州市"));
        assertTrue(driver.findElements(By.cssSelector(".chart svg")).size() >= 3);
        screenshot("region.png");
        String count = driver.findElement(By.id("count")).getText().replaceAll("[^0-9]", "");
        assertEquals("1", count, "the fixture's one certificate in 广州市");
        String href = driver.findElement(By.id("export-csv")).getAttribute("href");
        String csv = given().urlEncodingEnabled(false).get(href.replace(base.toString().replaceAll("/$", ""), "")).then().statusCode(200)
                .extract().asString();
        assertEquals(Integer.parseInt(count) + 2, csv.strip().split("\r\n").length,
                "a header, one line per certificate and the count");
        assertTrue(csv.contains(fixture.guangzhou));
    }

    @Test
    void theMapOfChinaLinksEachTileToItsProvinceAndListsItsFigures() throws Exception {
        driver.get(url("/regions"));
        List<WebElement> tiles = driver.findElements(By.cssSelector("#map a[id^='tile-']"));
        assertEquals(34, tiles.size(), "one square per province-level division");
        WebElement row = driver.findElement(By.xpath("//table[@id='figures']//tr[td/a[@href='/regions/44']]"));
        String tableFigure = row.findElements(By.tagName("td")).get(1).getText();
        String tileLabel = driver.findElement(By.id("tile-44")).getAttribute("aria-label");
        assertEquals("广东 " + tableFigure, tileLabel, "the tile and the table give the same figure");
        assertTrue(Long.parseLong(tableFigure) >= 2, "the fixture's valid certificates in 广州 and 深圳 count: " + tableFigure);
        screenshot("map.png");
        driver.findElement(By.id("tile-44")).click();
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains("广东省"), driver.findElement(By.tagName("h1")).getText());
        assertEquals("#a4161a", driver.findElement(By.cssSelector("#tile-44 rect")).getAttribute("stroke"),
                "the province's own page outlines its tile");
        // one scheme's figures link to that scheme's view of the province
        driver.get(url("/regions?scheme=CUSTOMER_SATISFACTION"));
        assertEquals("/regions/44?scheme=CUSTOMER_SATISFACTION", driver.findElement(By.id("tile-44")).getDomAttribute("href"));
    }

    @Test
    void aRegionsTrendChartShowsWhatItsCsvSays() {
        driver.get(url("/regions/4401"));
        List<String> csv = List.of(given().get("/regions/4401/trends.csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString().strip().split("\r\n"));
        assertEquals("month,ISSUED,SUSPENDED,WITHDRAWN,CANCELLED,EXPIRED", csv.get(0));
        assertEquals(25, csv.size(), "a header and 24 months");
        assertEquals(java.time.YearMonth.from(TODAY).toString(), csv.get(24).split(",")[0], "the last month is this one");
        List<String> kinds = List.of(csv.get(0).split(",")).subList(1, 6);
        // every column's title, read in one go: a call to the browser per column costs more than the whole page
        @SuppressWarnings("unchecked")
        List<List<String>> titles = (List<List<String>>) ((JavascriptExecutor) driver).executeScript("return arguments[0].map(kind =>"
                + " Array.from(document.querySelectorAll('#trend-' + kind + ' rect'), column => column.querySelector('title').textContent))",
                kinds);
        long issued = 0;
        for (int k = 0; k < kinds.size(); k++) {
            List<String> columns = titles.get(k);
            assertEquals(24, columns.size(), kinds.get(k));
            for (int m = 0; m < 24; m++) {
                String[] line = csv.get(m + 1).split(",");
                assertEquals(line[0] + ": " + line[k + 1], columns.get(m), kinds.get(k) + " in " + line[0]);
                issued += k == 0 ? Long.parseLong(line[1]) : 0;
            }
        }
        assertTrue(issued >= 1, "the fixture's certificate issued in 广州 within two years counts");
    }

    @Test
    void gradesAreChartedPerScheme() {
        driver.get(url("/regions/44"));
        List<Map<String, Object>> schemes = given().get("/api/v1/schemes").then().statusCode(200).extract().jsonPath().getList("$");
        List<WebElement> charts = driver.findElements(By.cssSelector("#grades figure"));
        assertEquals(schemes.size(), charts.size(), "a chart per scheme");
        for (Map<String, Object> scheme : schemes) {
            WebElement chart = driver.findElement(By.id("grades-" + scheme.get("code")));
            assertEquals(((List<?>) scheme.get("grades")).size(), chart.findElements(By.tagName("rect")).size(),
                    "one bar per grade of " + scheme.get("code"));
            assertEquals(((Map<?, ?>) scheme.get("name")).get("zh"), chart.findElement(By.tagName("figcaption")).getText());
        }
    }

    @Test
    void theSearchPageTakesTheApisRegionByName() {
        driver.get(url("/?region=" + URLEncoder.encode("广州市", StandardCharsets.UTF_8) + "&q="
                + URLEncoder.encode(fixture.token, StandardCharsets.UTF_8)));
        List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getText().contains(fixture.guangzhou), rows.get(0).getText());
        assertEquals("440000", new Select(driver.findElement(By.id("province"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("440100", new Select(driver.findElement(By.id("city"))).getFirstSelectedOption().getAttribute("value"));
        // and by code, with the API's other filters
        driver.get(url("/?region=4401&status=VALID&sort=number&q=" + URLEncoder.encode(fixture.token, StandardCharsets.UTF_8)));
        assertEquals(1, driver.findElements(By.cssSelector("#results tbody tr")).size());
        driver.get(url("/?region=4401&status=CANCELLED&q=" + URLEncoder.encode(fixture.token, StandardCharsets.UTF_8)));
        assertEquals(0, present(By.cssSelector("#results tbody tr")).size());
    }

    /** The phone page of each verdict, as a phone camera opens it; the screenshots are the ones in docs/screenshots. */
    @Test
    void anInspectorVerifiesOfflineWithTheNetworkCut() throws Exception {
        cn.certregistry.Api.Body body = cn.certregistry.Api.newBody("OFFL");
        String valid = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        String suspended = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        String suspendedLater = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        suspend(body, suspended, TODAY.minusDays(3));
        String validCode = VerificationTest.scan(valid);
        String suspendedCode = VerificationTest.scan(suspended);
        String laterCode = VerificationTest.scan(suspendedLater);
        byte[] tampered = cn.certregistry.signing.Base32.decode(validCode.substring(validCode.indexOf("/V/") + 3));
        tampered[tampered.length / 2] ^= 1;
        String tamperedCode = validCode.substring(0, validCode.indexOf("/V/") + 3) + cn.certregistry.signing.Base32.encode(tampered);
        StatusSnapshotTest.takenShowing(StatusSnapshotTest.statusIndex(suspended, keys), StatusList.Code.SUSPENDED);

        driver.manage().window().setSize(new Dimension(390, 844));
        CuttableNetwork network = new CuttableNetwork(base.getPort());
        String page = "http://localhost:" + network.port() + "/verify-offline";
        driver.get(page + "?lang=zh");
        WebDriverWait wait = waiting(Duration.ofSeconds(30));
        wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
        cut(network);
        try {
            assertEquals("offline", ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; fetch('/api/v1/schemes').then(() => done('online'), () => done('offline'));"));
            // the register suspends a certificate while the inspector is offline: the page cannot know it, and says as of when
            suspend(body, suspendedLater, TODAY);
            StatusSnapshotTest.takenShowing(StatusSnapshotTest.statusIndex(suspendedLater, keys), StatusList.Code.SUSPENDED);
            driver.navigate().refresh();
            wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
            assertTrue(driver.getTitle().startsWith("离线验真"), driver.getTitle());

            String validSaid = verifyOffline(validCode, "VALID");
            assertTrue(validSaid.contains("有效") && validSaid.contains("截至"), validSaid);
            assertTrue(driver.findElement(By.id("facts")).getText().contains(valid));
            screenshot("offline-verifier.png");
            assertEquals("不是本登记簿的真实二维码", verifyOffline(tamperedCode, "NOT_GENUINE"));
            assertEquals("二维码的签名不正确：内容已被改动或伪造", driver.findElement(By.cssSelector("#facts dd")).getText());
            String suspendedSaid = verifyOffline(suspendedCode, "SUSPENDED");
            java.time.LocalDate since = TODAY.minusDays(3);
            assertTrue(suspendedSaid.contains(since.getYear() + "年" + since.getMonthValue() + "月" + since.getDayOfMonth() + "日"),
                    suspendedSaid);
            screenshot("offline-verifier-suspended.png");
            verifyOffline(laterCode, "VALID");
            System.out.println("Offline verification of a code: " + driver.findElement(By.id("verify-time")).getDomAttribute("data-ms")
                    + " ms");
        } finally {
            ChromiumNetworkConditions online = new ChromiumNetworkConditions();
            ((ChromeDriver) driver).setNetworkConditions(online);
        }
        // online again (the service's own address): the page takes the latest snapshot
        driver.get(url("/verify-offline?lang=en"));
        wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
        assertTrue(verifyOffline(laterCode, "SUSPENDED").contains("suspended since"));
        driver.get(url("/verify-offline?lang=zh")); // the language the other tests expect
    }

    /**
     * On a phone (390×844), offline: a genuine code of a certificate its body issued before the body's approval (a legacy
     * import's history, recorded afterwards) is not shown as valid but as issued outside an approval, in the bad colour;
     * the body's certificate issued within its grant stays valid.
     */
    @Test
    void anInspectorOfflineIsToldTheIssuerWasNotApproved() throws Exception {
        cn.certregistry.Api.Body body = cn.certregistry.Api.newBody("OFNA");
        java.time.LocalDate issuedOutside = TODAY.minusDays(60);
        String outside = cn.certregistry.Api.issue(body, "440106", issuedOutside);
        String inside = cn.certregistry.Api.issue(body, "440106", issuedOutside.plusDays(20));
        StatusSnapshotTest.approve(body, issuedOutside.plusDays(10), "AFTER_SALES");
        String outsideCode = VerificationTest.scan(outside);
        String insideCode = VerificationTest.scan(inside);
        StatusSnapshotTest.takenListingNotApproved(StatusSnapshotTest.statusIndex(outside, keys));

        driver.manage().window().setSize(new Dimension(390, 844));
        WebDriverWait wait = waiting(Duration.ofSeconds(30));
        try (CuttableNetwork network = new CuttableNetwork(base.getPort())) {
            driver.get("http://localhost:" + network.port() + "/verify-offline?lang=zh");
            wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
            cut(network);
            try {
                // the page itself, its words and the snapshot it kept, all from this phone
                driver.navigate().refresh();
                wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
                assertEquals("发证机构在颁发此证书时未获批准，证书不可作为有效证书", verifyOffline(outsideCode, "ISSUER_NOT_APPROVED"));
                assertTrue(driver.findElement(By.id("verdict")).getDomAttribute("class").contains("bad"));
                assertTrue(driver.findElement(By.id("facts")).getText().contains(outside));
                screenshot("offline-verifier-issuer-not-approved.png");
                verifyOffline(insideCode, "VALID");
            } finally {
                ((ChromeDriver) driver).setNetworkConditions(new ChromiumNetworkConditions());
            }
        }
        driver.get(url("/verify-offline?lang=en"));
        wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
        assertTrue(verifyOffline(outsideCode, "ISSUER_NOT_APPROVED").startsWith("The issuing body was not approved"));
        driver.get(url("/verify-offline?lang=zh")); // the language the other tests expect
    }

    /**
     * On a phone (390×844): a snapshot older than the bound (24 h) does not show a valid certificate as plainly valid but
     * says how old it is, in the warning colour; and an older snapshot served after a newer one (a stale copy from any
     * server or cache) is ignored: the page keeps the newer one it verified.
     */
    @Test
    void anOldSnapshotSaysSoAndNeverReplacesANewerOne() throws Exception {
        cn.certregistry.Api.Body body = cn.certregistry.Api.newBody("OLDS");
        String valid = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        String code = VerificationTest.scan(valid);
        StatusSnapshotTest.Taken older = StatusSnapshotTest.takenShowing(StatusSnapshotTest.statusIndex(valid, keys),
                StatusList.Code.IN_FORCE);
        String olderTaken = older.note().fact("taken");
        String newerTaken = cn.certregistry.Await.until("a newer snapshot", () -> SignedNotesOf.latestTaken(),
                taken -> taken.compareTo(olderTaken) > 0);

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(url("/verify-offline?lang=zh"));
        WebDriverWait wait = waiting(Duration.ofSeconds(30));
        wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
        String kept = driver.findElement(By.tagName("html")).getDomAttribute("data-snapshot-taken");
        assertTrue(kept.compareTo(olderTaken) > 0, kept);

        // the register (or a cache in between) now serves the older snapshot as its latest
        try (java.sql.Connection owner = cn.certregistry.PostgresTestResource.owner();
                java.sql.PreparedStatement serve = owner.prepareStatement("insert into status_snapshot (sha256, note, day, log_size,"
                        + " taken_at) values (?, ?, ?, -1, now() + interval '30 seconds')")) {
            serve.setString(1, older.note().fact("sha256"));
            serve.setString(2, older.signed());
            serve.setObject(3, TODAY);
            serve.executeUpdate();
            try {
                cn.certregistry.Await.until("the older snapshot served", () -> SignedNotesOf.latestTaken(), olderTaken::equals);
                driver.navigate().refresh();
                wait.until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
                assertEquals(kept, driver.findElement(By.tagName("html")).getDomAttribute("data-snapshot-taken"),
                        "the newer snapshot stays");
            } finally {
                try (java.sql.PreparedStatement forget = owner.prepareStatement("delete from status_snapshot where note = ?"
                        + " and taken_at > now()")) {
                    forget.setString(1, older.signed());
                    forget.executeUpdate();
                }
            }
        }

        // a day later, offline: the same valid certificate is no longer shown as plainly valid
        ((JavascriptExecutor) driver).executeScript("const real = Date.now; Date.now = () => real() + 25 * 3600 * 1000;");
        String said = verifyOffline(code, "VALID_OLD");
        assertTrue(said.contains("小时前") && said.contains("联网核对"), said);
        assertTrue(driver.findElement(By.id("verdict")).getDomAttribute("class").contains("warn"));
        screenshot("offline-verifier-old-snapshot.png");
        driver.navigate().refresh();
    }

    /** The time the register's latest status snapshot was taken, as its note says. */
    private static final class SignedNotesOf {
        static String latestTaken() {
            return cn.certregistry.SignedNotes.parse(io.restassured.RestAssured.given().get("/status/snapshot").then().statusCode(200)
                    .extract().asString()).fact("taken");
        }
    }

    private static void suspend(cn.certregistry.Api.Body body, String number, java.time.LocalDate day) {
        cn.certregistry.Api.as(body).body(cn.certregistry.Api.event("SUSPENDED", day, "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
    }

    /** Pastes a scanned code into the offline verifier and returns its headline once it shows the verdict. */
    private String verifyOffline(String code, String verdict) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('result').removeAttribute('data-verdict');");
        WebElement field = driver.findElement(By.id("code"));
        field.clear();
        field.sendKeys(code);
        driver.findElement(By.cssSelector("#offline-form button[type=submit]")).click();
        WebElement result = waiting(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#result[data-verdict]")));
        assertEquals(verdict, result.getDomAttribute("data-verdict"), code);
        return driver.findElement(By.id("headline")).getText();
    }

    @Test
    void aPhoneShowsEachVerdict() throws Exception {
        cn.certregistry.Api.Body body = cn.certregistry.Api.newBody("SHOT");
        String valid = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        String suspended = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        cn.certregistry.Api.as(body).body(cn.certregistry.Api.event("SUSPENDED", TODAY, "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + suspended + "/events").then().statusCode(201);
        String expired = cn.certregistry.Api.issue(body, "440106", TODAY.minusYears(3).minusDays(2));
        String lowered = cn.certregistry.Api.issue(body, "440106", TODAY.minusDays(30));
        String loweredCode = VerificationTest.path(VerificationTest.scan(lowered));
        Map<String, Object> grade = cn.certregistry.Api.event("GRADE_CHANGED", TODAY, "监督审核评分下降");
        grade.put("grade", "THREE_STAR");
        grade.put("score", 85);
        cn.certregistry.Api.as(body).body(grade).post("/api/v1/certificates/" + lowered + "/events").then().statusCode(201);
        String genuine = VerificationTest.path(VerificationTest.scan(valid));
        byte[] forged = cn.certregistry.signing.Base32.decode(genuine.substring(3));
        forged[forged.length / 2] ^= 1;
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put("VALID", genuine);
        codes.put("SUSPENDED", VerificationTest.path(VerificationTest.scan(suspended)));
        codes.put("WITHDRAWN", VerificationTest.path(VerificationTest.scan(fixture.changchun)));
        codes.put("EXPIRED", VerificationTest.path(VerificationTest.scan(expired)));
        codes.put("MISMATCH", loweredCode);
        codes.put("NOT_GENUINE", "/V/" + cn.certregistry.signing.Base32.encode(forged));
        // issued while nothing was recorded of its body's approval, which, once recorded, began later
        cn.certregistry.Api.Body legacy = cn.certregistry.Api.newBody("SHOL");
        String outside = cn.certregistry.Api.issue(legacy, "440106", TODAY.minusDays(300));
        cn.certregistry.Api.as(cn.certregistry.Api.BOOTSTRAP_ADMIN).body(Map.of("kind", "APPROVED", "effectiveDate",
                TODAY.minusDays(100).toString(), "schemes", List.of("AFTER_SALES"), "validUntil", TODAY.plusYears(3).toString(),
                "reason", "国家认监委批准")).post("/api/v1/admin/bodies/" + legacy.code() + "/approval").then().statusCode(201);
        codes.put("ISSUER_NOT_APPROVED", VerificationTest.path(VerificationTest.scan(outside)));
        driver.manage().window().setSize(new Dimension(390, 844));
        java.util.regex.Pattern latin = java.util.regex.Pattern.compile("[A-Za-z]{2,}");
        // the pages are whole once loaded: no element is waited for, so one rightly absent costs nothing
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            for (String language : List.of("en", "zh")) {
                for (Map.Entry<String, String> code : codes.entrySet()) {
                    String page = code.getKey() + " (" + language + ")";
                    driver.get(url(code.getValue() + "?lang=" + language));
                    assertEquals(code.getKey(), driver.findElement(By.cssSelector(".verdict")).getDomAttribute("data-verdict"), page);
                    assertEquals("cert.example.cn", driver.findElement(By.cssSelector("#official strong")).getText(), page);
                    String next = driver.findElement(By.cssSelector("#next > p")).getText();
                    String checked = driver.findElement(By.cssSelector("#checked time")).getText();
                    List<String> said = new java.util.ArrayList<>(List.of(driver.findElement(By.cssSelector(".verdict h1")).getText(),
                            next, checked));
                    driver.findElements(By.id("reason")).forEach(reason -> said.add(reason.getText()));
                    driver.findElements(By.id("differences")).forEach(differences -> said.add(differences.getText()));
                    if (language.equals("zh")) {
                        // a web address is no English
                        said.forEach(text -> assertFalse(latin.matcher(text.replaceAll("www\\.[a-z0-9.]+", "")).find(),
                                page + " says in English: " + text));
                        assertTrue(checked.matches("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}"), page + ": " + checked);
                    } else {
                        assertTrue(checked.matches("\\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2}"), page + ": " + checked);
                    }
                    switch (code.getKey()) {
                        case "NOT_GENUINE" -> {
                            assertTrue(next.contains("12315"), page + ": " + next);
                            assertFalse(driver.findElement(By.id("reason")).getText().isBlank(), page);
                        }
                        case "SUSPENDED" -> assertTrue(next.contains(language.equals("zh")
                                ? TODAY.getYear() + "年" + TODAY.getMonthValue() + "月" + TODAY.getDayOfMonth() + "日"
                                : TODAY.getDayOfMonth() + " " + java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy",
                                        java.util.Locale.ENGLISH).format(TODAY)), page + " says since when: " + next);
                        case "VALID" -> assertFalse(driver.findElements(By.id("body-contact")).isEmpty(), page + " names the body");
                        default -> assertFalse(next.isBlank(), page);
                    }
                    if (language.equals("zh")) {
                        screenshot("verdict-" + code.getKey().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".png");
                    }
                }
            }
        } finally {
            driver.manage().timeouts().implicitlyWait(Chromium.IMPLICIT_WAIT);
        }
    }

    /** A wait that looks every 50 ms: Selenium's usual half second would be most of what a verdict takes to show. */
    private static WebDriverWait waiting(Duration atMost) {
        WebDriverWait wait = new WebDriverWait(driver, atMost);
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    /** The elements there are now, without the implicit wait for ones that may rightly be absent. */
    private static List<WebElement> present(By by) {
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(by);
        } finally {
            driver.manage().timeouts().implicitlyWait(Chromium.IMPLICIT_WAIT);
        }
    }

    /** The network cut twice: the page's requests by Chromium's offline mode, every connection (the service worker's too) by the relay. */
    private static void cut(CuttableNetwork network) throws java.io.IOException {
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((ChromeDriver) driver).setNetworkConditions(offline);
        network.cut();
    }

    private static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

}
