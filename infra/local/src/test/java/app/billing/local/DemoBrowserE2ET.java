package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real headless browser (Debian's chromium and chromium-driver): subscribe, pay
 * on the local checkout page, come back and see the plan; then open the billing portal. Screenshots
 * go to target/screenshots/. Skipped (with the reason) where chromium is not installed; CI installs
 * it.
 */
class DemoBrowserE2ET {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Test
  void subscribeOnTheDemoPagePayAndSeeTheActivePlan() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium / chromedriver not installed (apt-get install chromium chromium-driver); browser test skipped");
    try (RunningStack stack = RunningStack.start("browser", Map.of())) {
      WebDriver browser = browser();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(stack.url("/"));
        wait.until(ExpectedConditions.textToBe(By.id("subscription-status"), "none"));
        browser
            .findElement(By.cssSelector("button[data-plan='pro'][data-cycle='monthly']"))
            .click();

        wait.until(ExpectedConditions.urlContains("/_local/checkout/cs_test_"));
        assertThat(browser.findElement(By.id("item-name")).getText()).isEqualTo("Pro");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("$49.00");
        screenshot(browser, "checkout.png");
        browser.findElement(By.id("pay")).click();

        wait.until(ExpectedConditions.urlContains("checkout=success"));
        wait.until(ExpectedConditions.textToBe(By.id("subscription-status"), "active"));
        assertThat(browser.findElement(By.id("plan-name")).getText()).isEqualTo("Pro");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("emails"), "Welcome to Acme Pro"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("payments"), "$49.00"));
        // Pro bills emails_sent: record 3 and see this period's total.
        browser.findElement(By.id("usage-value")).clear();
        browser.findElement(By.id("usage-value")).sendKeys("3");
        browser.findElement(By.id("record-usage")).click();
        wait.until(ExpectedConditions.textToBe(By.id("usage-total"), "3 emails_sent"));
        screenshot(browser, "demo.png");

        browser.findElement(By.id("manage-billing")).click();
        wait.until(ExpectedConditions.urlContains("/_local/portal/bps_"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("active");
        screenshot(browser, "portal.png");
        browser.findElement(By.id("return")).click();
        wait.until(ExpectedConditions.textToBe(By.id("subscription-status"), "active"));
      } finally {
        browser.quit();
      }
    }
    assertThat(SCREENSHOTS.resolve("demo.png")).isNotEmptyFile();
  }

  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1700");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
