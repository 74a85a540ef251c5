package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web inbox in a real headless browser: Debian's chromium driven by its chromedriver through
 * Selenium. Skipped, saying why, where /usr/bin/chromium or /usr/bin/chromedriver is missing
 * ({@code apt-get install -y chromium chromium-driver}; .ci/run installs them).
 */
class InboxBrowserTest {
  static final Path CHROMIUM = Path.of(System.getProperty("openmm7.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("openmm7.chromedriver", "/usr/bin/chromedriver"));

  static Mm7StubServer stub;
  static URI base;
  static ChromeDriverService service;
  static WebDriver driver;
  static Path profile;
  static InboxHooks.FakePushes pushes;

  /** Why the browser tests cannot run here, or null. */
  static String missing;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      missing = "inbox browser tests skipped: " + (!Files.isExecutable(CHROMIUM) ? CHROMIUM : CHROMEDRIVER)
          + " is missing (install Debian's browser and driver: apt-get install -y chromium chromium-driver)";
      System.err.println(missing); // once, in the build's output, not only in the reports
      return;
    }
    stub = Mm7StubServer.builder().build().start();
    base = stub.endpoint().resolve("/");
    profile = Files.createTempDirectory("openmm7-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-extensions", "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,1600");
    // the driver is the system's: Selenium Manager is never asked to find or download one
    service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (stub != null) {
      stub.close();
    }
    if (profile != null) {
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void reset() {
    assumeTrue(missing == null, () -> missing);
    stub.reset();
    pushes = new InboxHooks.FakePushes();
    InboxHooks.pushes(stub, pushes);
    driver.get("about:blank");
  }

  static WebDriverWait waiting() {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(10));
    // the list re-renders live (server-sent events): a row found a moment ago may be replaced
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  /** The text of list row {@code i}, read again if the list re-rendered under it. */
  static String rowText(int i) {
    return waiting().until(d -> rows().get(i).getText());
  }

  /** Clicks list row {@code i}, finding it again if the list re-rendered under it. */
  static void clickRow(int i) {
    waiting().until(d -> {
      rows().get(i).click();
      return true;
    });
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** With -Dopenmm7.inbox.screenshots=DIR, saves what the browser shows (to look at the page by eye). */
  static void screenshot(String name) throws Exception {
    String dir = System.getProperty("openmm7.inbox.screenshots");
    if (dir != null) {
      byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
      Files.createDirectories(Path.of(dir));
      Files.write(Path.of(dir, name + ".png"), png);
    }
  }

  static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#message-rows tr"));
  }

  @Test
  void theListShowsMessagesAndUpdatesWithoutReload() throws Exception {
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http")));
    driver.get(base.toString());
    waiting().until(d -> rows().size() == 1);
    String first = rowText(0);
    assertTrue(first.contains("Today's news") && first.contains("acme") && first.contains("SubmitReq")
        && first.contains("1000"), first);
    js("window.__sameDocument = 'yes';");

    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("The second one", "hello"));
    waiting().until(d -> rows().size() == 2);
    String newest = rowText(0);
    assertTrue(newest.contains("The second one"), "newest first: " + newest);
    assertEquals("yes", js("return window.__sameDocument;"), "updated in place, not reloaded");
    waiting().until(ExpectedConditions.textToBe(By.id("live"), "live"));
    screenshot("list");
  }

  @Test
  void theMessageViewShowsTheImageTheTextAndTheFindings() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("A picture", "Hello from the stub"));
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.deviation("href-unresolved.http"));
    driver.get(base.toString());
    waiting().until(d -> rows().size() == 2);
    clickRow(1);

    WebElement img = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#phone img")));
    waiting().until(d -> Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)));
    assertEquals(1L, js("return arguments[0].naturalWidth;", img));
    assertEquals("Hello from the stub", driver.findElement(By.cssSelector("#phone .part-text")).getText());
    assertTrue(driver.findElement(By.id("soap")).getText().contains("SubmitReq"));
    assertTrue(driver.findElement(By.id("headers")).getText().contains("content-type: multipart/related"));
    assertTrue(driver.findElement(By.id("no-findings")).isDisplayed());
    screenshot("message-view");

    driver.get(base + "#/messages/2");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("finding-rows"), "href-unresolved"));
    assertTrue(driver.findElement(By.id("detail-title")).getText().contains("SubmitReq"));
  }

  @Test
  void scriptInAMessageIsShownAsTextAndNeverRuns() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.hostileMessage());
    driver.get(base.toString());
    waiting().until(d -> rows().size() == 1);
    String row = rowText(0);
    assertTrue(row.contains("Subject <img src=x onerror=\"window." + InboxTestSupport.XSS_FLAG + "=1\">"
        + "<script>window." + InboxTestSupport.XSS_FLAG + "=2</script>"), row);

    clickRow(0);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#phone .part-text")));
    // the text part, the Content-Location and the SMIL source all appear as text
    assertTrue(driver.findElement(By.cssSelector("#phone .part-text")).getText()
        .contains("<script>window." + InboxTestSupport.XSS_FLAG + "=2</script>"));
    assertTrue(driver.findElement(By.id("detail-title")).getText().contains("<img src=x onerror="));
    assertTrue(driver.findElement(By.id("part-rows")).getText().contains("<img src=x onerror=window."
        + InboxTestSupport.XSS_FLAG + "=3>.gif"));
    String smilSource = (String) js("return document.querySelector('#part-rows pre').textContent;");
    assertTrue(smilSource.contains("<script>window." + InboxTestSupport.XSS_FLAG + "=5</script>"), smilSource);
    // the SVG is a download link, never an image or a frame
    assertTrue(driver.findElement(By.id("phone")).getText().contains("attachment: evil.svg (image/svg+xml)"));
    assertEquals(0L, js("return document.querySelectorAll('img[src=\"x\"], svg, iframe, object, embed').length;"));
    // the picture (the only image) loads from the API, whatever its Content-Location says
    WebElement img = driver.findElement(By.cssSelector("#phone img"));
    assertTrue(img.getAttribute("src").endsWith("/api/messages/1/parts/1"), img.getAttribute("src"));
    waiting().until(d -> Boolean.TRUE.equals(js("return arguments[0].complete;", img)));
    Thread.sleep(300); // time for any error handler to fire
    assertEquals("undefined", js("return typeof window." + InboxTestSupport.XSS_FLAG + ";"));
    screenshot("hostile-message");
  }

  @Test
  void theDeliveryReportButtonPushesOne() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    driver.get(base + "#/messages/1");
    WebElement button = waiting().until(ExpectedConditions.elementToBeClickable(By.id("send-dr")));
    waiting().until(d -> !driver.findElement(By.id("push-recipient")).getAttribute("value").isEmpty());
    button.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-result"), "DELIVERED"));
    assertEquals(1, pushes.calls.size());
    InboxHooks.Call c = pushes.calls.get(0);
    assertEquals(Mm7Operation.DELIVERY_REPORT_REQ, c.operation());
    assertEquals(stub.requests().get(0).response().message() instanceof org.openmm7.client.message.SubmitResponse s
        ? s.messageId() : null, c.messageId());
    assertEquals("+447000000001", c.recipient());
  }

  @Test
  void theDeliverFormUploadsAFile() throws Exception {
    Path file = Files.createTempFile("upload-", ".gif");
    try {
      Files.write(file, InboxTestSupport.GIF);
      driver.get(base.toString());
      waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("deliver-form")));
      driver.findElement(By.id("deliver-subject")).sendKeys("Picture from a phone");
      driver.findElement(By.id("deliver-file")).sendKeys(file.toAbsolutePath().toString());
      driver.findElement(By.id("deliver-send")).click();
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("deliver-result"), "DELIVERED"));
      assertEquals(1, pushes.calls.size());
      InboxHooks.Call c = pushes.calls.get(0);
      assertEquals(Mm7Operation.DELIVER_REQ, c.operation());
      assertEquals("Picture from a phone", c.deliver().subject());
      assertEquals("+447700900123", c.deliver().sender().value());
      List<MimePart> leaves = ((Multipart) c.deliver().content()).leaves();
      BinaryPart gif = (BinaryPart) leaves.stream().filter(p -> p.contentType().is("image/gif")).findFirst()
          .orElseThrow(() -> new AssertionError("no image/gif part in " + leaves));
      assertArrayEquals(InboxTestSupport.GIF, gif.bytes());
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-rows"), "DeliverReq"));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
