package cn.certregistry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.TestRegister;
import cn.certregistry.register.RegisterFixture;
import cn.certregistry.verification.VerificationTest;

/**
 * Every page, in both languages and at phone width, checked by axe-core (Deque's rules for WCAG 2.1 A and AA, from
 * npm, run in Debian's Chromium): no serious or critical violation.
 */
@QuarkusTest
@EnabledIf("toolsInstalled")
class AccessibilityTest {

    private static final String AXE_VERSION = "4.10.2";
    private static final Path AXE = Path.of("target", "axe", "node_modules", "axe-core", "axe.min.js");
    private static final List<String> SERIOUS = List.of("serious", "critical");
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final Dimension DESKTOP = new Dimension(1280, 1000);

    private static WebDriver driver;
    private static String axe;
    private static String axeOnEveryPage;

    @TestHTTPResource("/")
    URL base;
    @Inject
    TestRegister register;

    static boolean toolsInstalled() {
        return Chromium.installed() && new File("/usr/bin/npm").canExecute();
    }

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(AXE)) {
            Process npm = new ProcessBuilder("npm", "install", "--prefix", Path.of("target", "axe").toString(), "--no-save",
                    "--no-audit", "--no-fund", "axe-core@" + AXE_VERSION).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(npm.waitFor(180, TimeUnit.SECONDS), "npm install axe-core took more than 3 minutes");
            assertEquals(0, npm.exitValue(), "npm install axe-core@" + AXE_VERSION);
        }
        axe = Files.readString(AXE);
        driver = Chromium.shared();
        // handed to Chromium once, which runs it as each page begins, rather than sent with every page checked
        axeOnEveryPage = (String) ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", axe)).get("identifier");
    }

    @AfterAll
    static void stop() {
        if (axeOnEveryPage != null) {
            ((ChromeDriver) driver).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", axeOnEveryPage));
        }
    }

    /** The pages, in two groups so that each check stays short: the register's own, and the regions' and bodies'. */
    enum Pages {
        REGISTER, REGIONS_AND_BODIES
    }

    static Stream<Arguments> languagesAndPages() {
        return Stream.of("zh", "en").flatMap(language -> Stream.of(Pages.values()).map(pages -> Arguments.of(language, pages)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("languagesAndPages")
    void noPageHasASeriousOrCriticalViolation(String language, Pages group) throws Exception {
        RegisterFixture fixture = RegisterFixture.shared(register);
        String token = URLEncoder.encode(fixture.token, StandardCharsets.UTF_8);
        String verification = VerificationTest.path(VerificationTest.scan(fixture.shenzhen));
        List<String> pages = group == Pages.REGISTER
                ? List.of("/", "/?q=" + token, "/?q=" + token + "&page=2", "/certificates/" + fixture.guangzhou,
                        "/certificates/" + fixture.changchun, verification, "/procurement", "/verify-offline", "/no-such-page",
                        "/certificates/NO-SUCH-1")
                : List.of("/regions", "/regions/44", "/regions/4401?q=" + token, "/regions/440106", "/bodies",
                        "/bodies?province=440000&city=440100&scheme=AFTER_SALES", "/bodies?q=" + token + "不存在",
                        "/bodies/" + fixture.bodyA);
        // at desktop width, one page of each template: their layout is the phone's, wider, so the page loaded at phone
        // width is checked again once the window is widened, without loading it again
        List<String> wide = List.of("/?q=" + token, "/certificates/" + fixture.guangzhou, verification, "/regions",
                "/regions/4401?q=" + token, "/no-such-page", "/bodies", "/bodies/" + fixture.bodyA);
        List<String> findings = new ArrayList<>();
        for (String page : pages) {
            driver.manage().window().setSize(PHONE);
            String address = page + (page.contains("?") ? "&" : "?") + "lang=" + language;
            driver.get(url(address));
            findings.addAll(violations(page + " (" + language + ", 390 px)"));
            findings.addAll(lighthouseStyle(address, language));
            if (wide.contains(page)) {
                driver.manage().window().setSize(DESKTOP);
                findings.addAll(violations(page + " (" + language + ", 1280 px)"));
            }
        }
        if (group == Pages.REGISTER) {
            driver.manage().window().setSize(PHONE);
            driver.get(url("/procurement?lang=" + language));
            driver.findElement(By.id("list")).sendKeys(fixture.guangzhou + "\n" + fixture.changchun + "\nNO-SUCH-2");
            driver.findElement(By.id("check")).click();
            findings.addAll(violations("procurement result (" + language + ", 390 px)"));
        }
        assertTrue(findings.isEmpty(), String.join("\n", findings));
    }

    /**
     * Checks that need no network, on the page shown now: its HTML is at most 50 KB, its language is the one asked for,
     * no script blocks rendering, every image has its size, and it shows its content without script.
     */
    private List<String> lighthouseStyle(String address, String language) {
        List<String> findings = new ArrayList<>();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // the HTML's size as the browser received it, unzipped: fetching the page again would render it again
        long bytes = (Long) js.executeScript("return performance.getEntriesByType('navigation')[0].decodedBodySize");
        if (bytes == 0 || bytes > 50 * 1024) {
            findings.add(address + ": " + bytes + " bytes of HTML, none or more than 50 KB");
        }
        String lang = (String) js.executeScript("return document.documentElement.lang");
        if (!lang.startsWith(language)) {
            findings.add(address + ": lang is '" + lang + "'");
        }
        // a JSON data block is not run, so it blocks nothing
        long blocking = (Long) js.executeScript("return document.querySelectorAll("
                + "'script:not([defer]):not([async]):not([type=module]):not([type=\"application/json\"])').length");
        long unsized = (Long) js.executeScript("return document.querySelectorAll('img:not([width]), img:not([height])').length");
        if (blocking + unsized > 0) {
            findings.add(address + ": " + blocking + " render-blocking scripts, " + unsized + " images without width and height");
        }
        return findings;
    }

    /** axe-core's serious and critical violations on the page shown now, a line each. */
    @SuppressWarnings("unchecked")
    private static List<String> violations(String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!(Boolean) js.executeScript("return typeof window.axe !== 'undefined'")) {
            js.executeScript(axe);
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},"
                + " resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
                + " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), e => done([{id: 'axe-error',"
                + " impact: 'critical', help: String(e), nodes: []}]));");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> violation : (List<Map<String, Object>>) result) {
            if (SERIOUS.contains(violation.get("impact"))) {
                lines.add(page + ": " + violation.get("impact") + " " + violation.get("id") + " (" + violation.get("help") + ") at "
                        + violation.get("nodes"));
            }
        }
        return lines;
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }
}
