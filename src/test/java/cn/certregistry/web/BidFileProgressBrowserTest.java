package cn.certregistry.web;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.procurement.TextBidFiles;

/**
 * A long bid file uploaded in a browser: its page shows the pages read growing in place (the script polls the job; the
 * page is not loaded again until the result), then the result.
 */
@QuarkusTest
@EnabledIf("browserInstalled")
class BidFileProgressBrowserTest {

    @TestHTTPResource("/")
    URL base;

    static boolean browserInstalled() {
        return Chromium.installed();
    }

    @Test
    void theJobPageUpdatesItsCountsInPlaceThenShowsTheResult() throws Exception {
        Api.Body body = Api.newBody("JOBPAGE");
        Map<Integer, String> numbers = new LinkedHashMap<>();
        numbers.put(7, Api.issue(body, "440106", TODAY.minusDays(30)));
        numbers.put(33, Api.issue(body, "440106", TODAY.minusDays(30)));
        Path file = Files.createTempFile("bid", ".pdf");
        Files.write(file, TextBidFiles.pdf(40, numbers));
        WebDriver driver = Chromium.start();
        try {
            driver.get(base + "procurement");
            driver.findElement(By.id("document")).sendKeys(file.toString());
            driver.findElement(By.id("check-document")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/procurement/jobs/"));
            JavascriptExecutor page = (JavascriptExecutor) driver;
            // a mark on this very document: gone if the page were loaded again
            page.executeScript("window.sameDocument = true;");
            String shown = new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
                String read = (String) page.executeScript("return window.sameDocument && document.getElementById('pages-read')"
                        + " ? document.getElementById('pages-read').textContent : null");
                return read != null && !read.equals("0") ? read : null;
            });
            assertTrue(Integer.parseInt(shown) > 0, shown);
            assertEquals("40", driver.findElement(By.id("pages-total")).getText());
            assertTrue(Double.parseDouble(driver.findElement(By.id("job-progress")).getDomProperty("value")) > 0,
                    "the bar shows the pages read");

            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("verdicts")).isEmpty());
            assertTrue(driver.findElement(By.id("summary")).getText().contains("共 40 页"), driver.findElement(By.id("summary")).getText());
            assertEquals(2, driver.findElements(By.cssSelector("#verdicts tbody tr")).size());
        } finally {
            driver.quit();
            Files.deleteIfExists(file);
        }
    }
}
