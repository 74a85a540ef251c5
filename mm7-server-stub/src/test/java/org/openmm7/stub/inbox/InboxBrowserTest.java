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
    assertTrue(((String) js("return document.getElementById('phone').textContent;"))
        .contains("attachment: evil.svg (image/svg+xml)"), "on the second slide");
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

  // ---- the phone view, the report buttons, search and delete, deep links ----

  /** The texts of the elements a selector finds, read with textContent (hidden ones too). */
  @SuppressWarnings("unchecked")
  static List<String> texts(String selector) {
    return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim());",
        selector);
  }

  /** Two slides with their own timing, the first with picture and caption in the layout's regions. */
  static org.openmm7.client.message.SubmitRequest slideshow(String subject) {
    String smil = "<smil><head><layout><root-layout width=\"100%\" height=\"100%\"/>"
        + "<region id=\"Image\" top=\"0%\" left=\"0%\" width=\"100%\" height=\"70%\"/>"
        + "<region id=\"Text\" top=\"70%\" left=\"0%\" width=\"100%\" height=\"30%\"/></layout></head><body>"
        + "<par dur=\"900ms\"><img src=\"cid:pic@x\" region=\"Image\"/><text src=\"cid:cap@x\" region=\"Text\"/></par>"
        + "<par dur=\"0.7s\"><text src=\"cid:two@x\" region=\"Text\"/></par></body></smil>";
    return InboxTestSupport.submit(subject).content(Multipart.related(
        org.openmm7.client.content.TextPart.of(smil, "application/smil", java.nio.charset.StandardCharsets.UTF_8)
            .withContentId("smil@x"),
        BinaryPart.ofBytes(InboxTestSupport.GIF, "image/gif").withContentId("pic@x").withContentLocation("pic.gif"),
        org.openmm7.client.content.TextPart.of("The caption").withContentId("cap@x"),
        org.openmm7.client.content.TextPart.of("The second slide").withContentId("two@x"))).build();
  }

  /** The box of the element a selector finds: top, bottom. */
  @SuppressWarnings("unchecked")
  static List<Number> box(String selector) {
    return (List<Number>) js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        + " return [r.top, r.bottom, r.left, r.right];", selector);
  }

  @Test
  void thePhoneShowsSenderSubjectAndTimeAndPlaysTheSlidesWithTheirTiming() throws Exception {
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), slideshow("Two slides")));
    driver.get(base + "#/messages/1");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#phone-screen .slide.current img")));
    assertEquals("12345", driver.findElement(By.id("phone-sender")).getText());
    assertEquals("Two slides", driver.findElement(By.id("phone-subject")).getText());
    assertTrue(driver.findElement(By.id("phone-time")).getText().matches(".*\\d.*"), "a time is shown");
    // slide order, timing and what each holds, as the page shows them
    assertEquals(List.of("Slide 1 of 2 · 0.9 s", "Slide 2 of 2 · 0.7 s"), texts("#phone-screen .slide-title"));
    assertEquals(List.of("The caption"), texts("#phone-screen .slide[data-index='0'] .part-text"));
    assertEquals(List.of("The second slide"), texts("#phone-screen .slide[data-index='1'] .part-text"));
    assertEquals(1L, js("return document.querySelector('#phone-screen .slide.current img').naturalWidth;"));
    assertEquals(List.of("Slide 1 of 2"), List.of(driver.findElement(By.id("slide-status")).getText()));
    assertTrue(!driver.findElement(By.cssSelector("#phone-screen .slide[data-index='1']")).isDisplayed(),
        "one slide at a time");
    // the layout's regions: the picture above its caption, on the same slide
    List<Number> picture = box("#phone-screen .slide.current [data-region='Image']");
    List<Number> caption = box("#phone-screen .slide.current [data-region='Text']");
    assertTrue(picture.get(1).doubleValue() <= caption.get(0).doubleValue() + 1, "picture " + picture + " caption " + caption);
    screenshot("phone-slide-1");

    long start = System.nanoTime();
    driver.findElement(By.id("slide-play")).click();
    waiting().until(d -> "1".equals(js("return document.querySelector('#phone-screen .slide.current').dataset.index;")));
    long toSecond = (System.nanoTime() - start) / 1_000_000;
    assertTrue(toSecond >= 800 && toSecond < 5000, "the first slide lasted its 900 ms: " + toSecond + " ms");
    assertTrue(driver.findElement(By.cssSelector("#phone-screen .slide[data-index='1'] .part-text")).isDisplayed());
    assertTrue(!driver.findElement(By.cssSelector("#phone-screen .slide[data-index='0']")).isDisplayed());
    screenshot("phone-slide-2");
    waiting().until(ExpectedConditions.textToBe(By.id("slide-status"), "Slide 2 of 2 · played"));
    long played = (System.nanoTime() - start) / 1_000_000;
    assertTrue(played >= 1500, "both slides' time: " + played + " ms");
  }

  @Test
  void aCaptionAndItsPictureFromTheCommandLineShareOneSlide() throws Exception {
    // what mm7 submit --text T --attach pic.gif --smil sends: the text first, then the file (ContentOptions)
    org.openmm7.client.message.SubmitRequest cli = InboxTestSupport.submit("From the command line").content(
        org.openmm7.client.content.Smil.presentation(
            org.openmm7.client.content.TextPart.of("Caption first").withContentLocation("text.txt"),
            BinaryPart.ofBytes(InboxTestSupport.GIF, "image/gif").withContentLocation("pic.gif"))).build();
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), cli));
    driver.get(base + "#/messages/1");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#phone-screen .slide.current img")));
    assertEquals(List.of("Slide 1 of 1 · 5 s"), texts("#phone-screen .slide-title"));
    assertEquals(List.of("Caption first"), texts("#phone-screen .slide.current .part-text"));
    List<Number> picture = box("#phone-screen .slide.current [data-region='Image']");
    List<Number> caption = box("#phone-screen .slide.current [data-region='Text']");
    assertTrue(picture.get(1).doubleValue() <= caption.get(0).doubleValue() + 1, "picture above the caption");
    screenshot("phone-cli-slide");
  }

  @Test
  void theReportButtonsSendTheChosenStatusesAndShowTheSequence() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    driver.get(base + "#/messages/1");
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("send-dr")));
    waiting().until(d -> !driver.findElement(By.id("push-recipient")).getAttribute("value").isEmpty());
    String[][] presses = {{"dr-status", "Rejected", "send-dr"}, {"dr-status", "Retrieved", "send-dr"},
        {"rr-status", "Read", "send-rr"}};
    for (int i = 0; i < presses.length; i++) {
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id(presses[i][0]))).selectByVisibleText(presses[i][1]);
      driver.findElement(By.id(presses[i][2])).click();
      int n = i + 1;
      waiting().until(d -> texts("#message-pushes li").size() == n);
    }
    assertEquals(List.of("DeliveryReportReq Rejected to +447000000001: DELIVERED (1000 Success)",
        "DeliveryReportReq Retrieved to +447000000001: DELIVERED (1000 Success)",
        "ReadReplyReq Read to +447000000001: DELIVERED (1000 Success)"), texts("#message-pushes li"));
    assertEquals(List.of(org.openmm7.client.message.MessageStatus.REJECTED,
        org.openmm7.client.message.MessageStatus.RETRIEVED, org.openmm7.client.message.MessageStatus.READ),
        pushes.calls.stream().map(InboxHooks.Call::status).toList());
    screenshot("report-sequence");
  }

  @Test
  void searchFiltersTheListAndDeleteRemovesAMessage() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("Weekly news", "a"));
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("Your code is 1234", "b"));
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.deviation("href-unresolved.http"));
    driver.get(base.toString());
    waiting().until(d -> rows().size() == 3);
    driver.findElement(By.id("search-q")).sendKeys("code");
    driver.findElement(By.id("search-go")).click();
    waiting().until(d -> rows().size() == 1);
    assertTrue(rowText(0).contains("Your code is 1234"), rowText(0));
    screenshot("search");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("search-finding"))).selectByValue("any");
    waiting().until(d -> rows().isEmpty() && driver.findElement(By.id("no-match")).isDisplayed());
    driver.findElement(By.id("search-clear")).click();
    waiting().until(d -> rows().size() == 3);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("search-finding"))).selectByValue("any");
    waiting().until(d -> rows().size() == 1);
    assertTrue(rowText(0).contains("Photo of the day"), "the deviation: " + rowText(0));
    driver.findElement(By.id("search-clear")).click();
    waiting().until(d -> rows().size() == 3);

    clickRow(1); // "Your code is 1234", id 2
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("delete-message"))).click();
    waiting().until(d -> driver.findElement(By.id("list-pane")).isDisplayed() && rows().size() == 2);
    assertEquals(List.of(3L, 1L), stub.requests().stream().map(r -> r.sequence()).sorted(Comparator.reverseOrder()).toList());
    assertTrue(texts("#message-rows tr").stream().noneMatch(t -> t.contains("Your code")));
  }

  @Test
  void aDeepLinkNeverPaintsAnEmptyListFirst() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("Deep", "linked"));
    // before any of the page's scripts: note, at every frame, whether the list (or its "No message yet") shows
    Object id = ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        java.util.Map.of("source", "window.__frames = []; (function note() { const l = document.getElementById('list-pane');"
            + " const d = document.getElementById('detail-pane'); if (l && d) { window.__frames.push("
            + "(l.offsetParent !== null ? 'list' : '-') + '/' + (d.offsetParent !== null ? 'detail' : '-')); }"
            + " requestAnimationFrame(note); })();")).get("identifier");
    try {
      driver.get(base + "#/messages/1");
      waiting().until(ExpectedConditions.textToBe(By.id("phone-subject"), "Deep"));
      screenshot("deep-link");
      @SuppressWarnings("unchecked")
      List<String> frames = (List<String>) js("return window.__frames;");
      assertTrue(!frames.isEmpty(), "frames were noted");
      assertTrue(frames.stream().noneMatch(f -> f.startsWith("list")), "the list was painted first: " + frames);
      assertTrue(frames.get(frames.size() - 1).equals("-/detail"), frames.toString());
    } finally {
      ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
          java.util.Map.of("identifier", id));
    }
  }

  @Test
  void theSoapEnvelopeIsPrettyPrinted() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.pictureMessage("Pretty", "x"));
    driver.get(base + "#/messages/1");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("soap"), "SubmitReq"));
    String soap = (String) js("return document.getElementById('soap').textContent;");
    List<String> lines = List.of(soap.split("\n"));
    assertTrue(lines.size() > 10, "one element a line: " + soap);
    assertTrue(lines.get(0).startsWith("<") && !lines.get(0).startsWith(" "), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.matches(" {4,}<[^/ >]*Subject>Pretty</[^>]*Subject>")), soap);
    assertTrue(lines.stream().anyMatch(l -> l.matches(" {2,}<[^/ >]*:?Body>")), soap);
  }

  /**
   * The quick start of src/docs/stub.md, by hand: a stub without a push target keeps the report its button
   * makes (HELD, shown in the message and the pushes), and sends it once a target is set.
   */
  @Test
  void withoutAPushTargetAReportIsHeldAndSentOnceATargetIsSet() throws Exception {
    InboxHooks.pushes(stub, null); // the stub's own pushes, no push target
    try (Mm7StubServer vasp = Mm7StubServer.builder().role(org.openmm7.stub.Role.VASP).inbox(false).build().start()) {
      stub.pushTo(null);
      // a submit that asks for no report of its own: the one report is the button's
      assertEquals(200, InboxTestSupport.post(stub.endpoint(), InboxTestSupport.submit("Held until a target").build()));
      driver.get(base + "#/messages/1");
      waiting().until(ExpectedConditions.elementToBeClickable(By.id("send-dr")));
      waiting().until(d -> !driver.findElement(By.id("push-recipient")).getAttribute("value").isEmpty());
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("dr-status"))).selectByVisibleText("Expired");
      driver.findElement(By.id("send-dr")).click();
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-result"), "HELD"));
      assertEquals(List.of("DeliveryReportReq Expired to +447000000001: HELD"), texts("#message-pushes li"));

      driver.findElement(By.id("close-detail")).click();
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("target-now"), "held: 1"));
      assertTrue(driver.findElement(By.id("target-now")).getText().startsWith("none: pushes are held"));
      driver.findElement(By.id("target-url")).sendKeys(vasp.endpoint().toString());
      driver.findElement(By.id("target-set")).click();
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("target-now"), "now " + vasp.endpoint()));
      waiting().until(ExpectedConditions.elementToBeClickable(By.id("send-held"))).click();
      waiting().until(ExpectedConditions.textToBe(By.id("target-result"), "sent 1 held push"));
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("push-rows"), "DELIVERED"));
      screenshot("held-then-sent");
      org.openmm7.stub.RecordedRequest report = vasp.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(Mm7Operation.DELIVERY_REPORT_REQ, report.operation());
      assertEquals(org.openmm7.client.message.MessageStatus.EXPIRED,
          ((org.openmm7.client.message.DeliveryReportRequest) report.message()).mmStatus());
    } finally {
      stub.pushTo(null);
    }
  }
}
