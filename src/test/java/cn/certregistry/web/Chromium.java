package cn.certregistry.web;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/** Debian's headless Chromium through its chromedriver, for the browser tests (.ci/run installs both). */
final class Chromium {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final Duration IMPLICIT_WAIT = Duration.ofSeconds(2);

    private static WebDriver shared;

    private Chromium() {
    }

    static boolean installed() {
        return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
    }

    /**
     * The one Chromium of the test JVM, started on first use and quit when the JVM ends: starting one costs seconds of
     * CPU, and the browser classes only need a clean one. Each call gives it back as a new one would be for the page's
     * state: no cookies (the language a page switched to), online, 1280×1000, the usual implicit wait.
     */
    static synchronized WebDriver shared() throws Exception {
        if (shared == null) {
            WebDriver started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::quit, "chromium-quit"));
            shared = started;
        }
        ChromeDriver driver = (ChromeDriver) shared;
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.setNetworkConditions(new ChromiumNetworkConditions());
        driver.manage().window().setSize(new Dimension(1280, 1000));
        driver.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        return driver;
    }

    static WebDriver start() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(), options);
        driver.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        return driver;
    }
}
