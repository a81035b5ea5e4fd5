import java.nio.file.Files;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the offline verifier in headless Chromium (Debian's chromium and chromedriver) and verifies a code there
 * again and again: prints the time of each verification, as the page measures it (signature, snapshot lookup, page).
 * Arguments: the page's address, the code (the QR's URL), how many verifications.
 */
public class OfflineVerify {

    public static void main(String[] args) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory("offline-verify"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(args[0]);
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-offline-ready")));
            System.out.println(driver.findElement(By.id("snapshot")).getText());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                js.executeScript("document.getElementById('result').removeAttribute('data-verdict');"
                        + "document.getElementById('code').value = arguments[0];"
                        + "document.getElementById('offline-form').requestSubmit();", args[1]);
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(d -> !d.findElements(By.cssSelector("#result[data-verdict]")).isEmpty());
                System.out.println(driver.findElement(By.id("result")).getDomAttribute("data-verdict") + " "
                        + driver.findElement(By.id("verify-time")).getDomAttribute("data-ms") + " ms");
            }
        } finally {
            driver.quit();
        }
    }
}
