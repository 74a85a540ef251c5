package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.stub.Account;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;

/** The inbox's JSON API and its guards, over java.net.http against a stub on port 0. */
class InboxApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Mm7StubServer stub;
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    stub = Mm7StubServer.builder().build().start();
    base = stub.endpoint().resolve("/");
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.reset();
    InboxHooks.pushes(stub, null);
  }

  static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = InboxTestSupport.get(base.resolve(path));
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> postApi(String path, String contentType, byte[] body) throws Exception {
    return InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).header("X-OpenMM7-Inbox", "1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsMessagesNewestFirstWithTheirSummary() throws Exception {
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http")));
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), InboxTestSupport.deviation("href-unresolved.http")));

    JsonNode list = getJson("/api/messages");
    assertEquals(2, list.size());
    assertEquals(2, list.get(0).get("id").asInt());
    JsonNode golden = list.get(1);
    assertEquals("SubmitReq", golden.get("operation").asText());
    assertEquals("acme", golden.get("vaspId").asText());
    assertEquals("12345", golden.get("sender").asText());
    assertEquals("+447000000001", golden.get("recipients").get(0).asText());
    assertEquals("Today's news", golden.get("subject").asText());
    assertEquals(0, golden.get("findings").asInt());
    assertEquals(1000, golden.get("answer").get("statusCode").asInt());
    assertTrue(golden.get("messageId").asText().length() > 0);
    assertEquals(1, list.get(0).get("findings").asInt());

    JsonNode since = getJson("/api/messages?since=1");
    assertEquals(1, since.size());
    assertEquals(2, since.get(0).get("id").asInt());
    JsonNode limited = getJson("/api/messages?limit=1");
    assertEquals(1, limited.size());
    assertEquals(2, limited.get(0).get("id").asInt());
    assertEquals(400, InboxTestSupport.get(base.resolve("/api/messages?since=x")).statusCode());
  }

  @Test
  void detailHasDecodedFormPartsSlidesHeadersSoapAndFindings() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.deviation("href-unresolved.http"));

    JsonNode d = getJson("/api/messages/1");
    assertEquals("SubmitReq", d.get("decoded").get("operation").asText());
    assertEquals("golden-SubmitReq", d.get("decoded").get("transactionId").asText());
    assertTrue(d.get("soap").asText().contains("<mm7:SubmitReq>"), "the raw SOAP envelope");
    assertTrue(d.get("headers").get("content-type").get(0).asText().startsWith("multipart/related"));
    JsonNode parts = d.get("parts");
    assertEquals(3, parts.size());
    assertEquals("smil", parts.get(0).get("kind").asText());
    assertEquals("image", parts.get(1).get("kind").asText());
    assertEquals("text", parts.get(2).get("kind").asText());
    assertTrue(parts.get(2).get("text").asText().length() > 0);
    JsonNode slides = d.get("smil").get("slides");
    assertTrue(slides.size() >= 1);
    JsonNode items = slides.get(0).get("items");
    assertEquals(1, items.get(0).get("part").asInt(), "the first slide's picture is part 1: " + items);
    assertEquals(0, d.get("findingList").size());
    assertTrue(d.get("answer").get("body").asText().contains("SubmitRsp"));

    JsonNode dev = getJson("/api/messages/2");
    assertEquals("href-unresolved", dev.get("findingList").get(0).get("code").asText());
    assertFalse(dev.get("findingList").get(0).get("message").asText().isEmpty());
    assertEquals(404, InboxTestSupport.get(base.resolve("/api/messages/99")).statusCode());
  }

  @Test
  void anUnreadableRequestIsListedWithItsRejection() throws Exception {
    InboxTestSupport.post(stub.endpoint(), "text/xml", "<not-closed".getBytes(StandardCharsets.UTF_8), null);
    JsonNode d = getJson("/api/messages/1");
    assertTrue(d.get("operation").isNull());
    assertFalse(d.get("rejection").asText().isEmpty());
    assertEquals("<not-closed", d.get("soap").asText());
    assertEquals(0, d.get("parts").size());
  }

  @Test
  void authorizationIsRedacted() throws Exception {
    try (Mm7StubServer secured = Mm7StubServer.builder().accounts(new Account("acme", "s3cret-pw")).build().start()) {
      String auth = "Basic " + Base64.getEncoder().encodeToString("acme:s3cret-pw".getBytes(StandardCharsets.UTF_8));
      byte[] golden = java.nio.file.Files.readAllBytes(InboxTestSupport.golden("SubmitReq.http"));
      int start = new String(golden, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
      String ct = new String(golden, StandardCharsets.ISO_8859_1).lines().filter(l -> l.startsWith("Content-Type"))
          .findFirst().orElseThrow().substring("Content-Type: ".length());
      assertEquals(200, InboxTestSupport.post(secured.endpoint(), ct,
          java.util.Arrays.copyOfRange(golden, start, golden.length), auth));
      HttpResponse<String> r = InboxTestSupport.get(secured.endpoint().resolve("/api/messages/1"));
      assertEquals(200, r.statusCode());
      assertFalse(r.body().contains("s3cret-pw"));
      assertFalse(r.body().contains(auth.substring(6)));
      assertEquals("Basic ***", JSON.readTree(r.body()).get("headers").get("authorization").get(0).asText());
    }
  }

  @Test
  void partsAreServedWithTheirTypeAndOnlyHarmlessOnesInline() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.hostileMessage());
    JsonNode parts = getJson("/api/messages/1").get("parts");
    // smil, picture, text, svg
    assertEquals("attachment", parts.get(3).get("kind").asText(), "SVG is never shown inline");

    HttpResponse<byte[]> gif = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve("/api/messages/1/parts/1"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, gif.statusCode());
    assertEquals("image/gif", gif.headers().firstValue("content-type").orElse(""));
    assertEquals("nosniff", gif.headers().firstValue("x-content-type-options").orElse(""));
    String disposition = gif.headers().firstValue("content-disposition").orElse("");
    assertTrue(disposition.startsWith("inline;"), disposition);
    assertFalse(disposition.contains("<"), "the file name is made safe: " + disposition);
    assertArrayEquals(InboxTestSupport.GIF, gif.body());

    HttpResponse<String> svg = InboxTestSupport.get(base.resolve("/api/messages/1/parts/3"));
    assertEquals("image/svg+xml", svg.headers().firstValue("content-type").orElse(""));
    assertTrue(svg.headers().firstValue("content-disposition").orElse("").startsWith("attachment;"));
    assertTrue(svg.headers().firstValue("content-security-policy").orElse("").contains("sandbox"));
    assertEquals("nosniff", svg.headers().firstValue("x-content-type-options").orElse(""));

    HttpResponse<String> text = InboxTestSupport.get(base.resolve("/api/messages/1/parts/2"));
    assertTrue(text.headers().firstValue("content-type").orElse("").startsWith("text/plain; charset="));
    HttpResponse<String> smil = InboxTestSupport.get(base.resolve("/api/messages/1/parts/0"));
    assertTrue(smil.headers().firstValue("content-disposition").orElse("").startsWith("attachment;"));
    assertEquals(404, InboxTestSupport.get(base.resolve("/api/messages/1/parts/9")).statusCode());
  }

  @Test
  void thePageAndItsAssetsCarryAStrictPolicyAndNoInlineScript() throws Exception {
    HttpResponse<String> page = InboxTestSupport.get(base);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    String csp = page.headers().firstValue("content-security-policy").orElse("");
    assertTrue(csp.startsWith("default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; "
        + "frame-ancestors 'none'"), csp);
    assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(""));
    for (String tag : page.body().split("<script").length > 1 ? List.of(page.body().split("<script")).subList(1,
        page.body().split("<script").length) : List.<String>of()) {
      assertTrue(tag.trim().startsWith("src="), "only external scripts: <script" + tag);
    }
    assertFalse(page.body().contains(" on"), "no inline event handler attributes");
    HttpResponse<String> js = InboxTestSupport.get(base.resolve("/inbox.js"));
    assertTrue(js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
    assertFalse(js.body().contains("innerHTML"), "the script builds the DOM from text only");
    assertTrue(InboxTestSupport.get(base.resolve("/inbox.css")).headers().firstValue("content-type").orElse("")
        .startsWith("text/css"));
    assertEquals(404, InboxTestSupport.get(base.resolve("/nothing-here")).statusCode());
    // the MM7 endpoint is still the MM7 endpoint
    assertEquals(405, InboxTestSupport.get(stub.endpoint()).statusCode());
  }

  @Test
  void aForeignHostHeaderIsRefusedOnLoopback() throws Exception {
    assertEquals(403, rawStatus("GET /api/messages HTTP/1.1\r\nHost: attacker.example:" + stub.port() + "\r\n"
        + "Connection: close\r\n\r\n"));
    assertEquals(200, rawStatus("GET /api/messages HTTP/1.1\r\nHost: localhost:" + stub.port() + "\r\n"
        + "Connection: close\r\n\r\n"));
  }

  private static int rawStatus(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", stub.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String line = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(line.substring(9, 12));
    }
  }

  @Test
  void aPostWithoutTheInboxHeaderIsRefused() throws Exception {
    InboxHooks.FakePushes fake = new InboxHooks.FakePushes();
    InboxHooks.pushes(stub, fake);
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    HttpResponse<String> r = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(
        base.resolve("/api/messages/1/delivery-report")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, r.statusCode());
    assertTrue(fake.calls.isEmpty());
  }

  @Test
  void withoutAVaspEndpointPushesAreHeldAndTheButtonsSaySo() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    JsonNode list = getJson("/api/pushes");
    assertTrue(list.size() > 0, "the submit's delivery reports are kept: " + list);
    for (JsonNode p : list) {
      assertEquals("HELD", p.get("state").asText(), list::toString);
      assertTrue(p.get("target").isNull(), list::toString);
    }
    HttpResponse<String> push = postApi("/api/messages/1/delivery-report", "application/json", new byte[0]);
    assertEquals(200, push.statusCode(), push.body());
    assertEquals("HELD", JSON.readTree(push.body()).get("state").asText(), push.body());
    assertEquals(list.size() + 1, getJson("/api/pushes").size());
  }

  @Test
  void deliveryReportAndReadReplyArePushed() throws Exception {
    InboxHooks.FakePushes fake = new InboxHooks.FakePushes();
    InboxHooks.pushes(stub, fake);
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    String messageId = getJson("/api/messages/1").get("messageId").asText();

    HttpResponse<String> dr = postApi("/api/messages/1/delivery-report", "application/json", new byte[0]);
    assertEquals(200, dr.statusCode(), dr.body());
    assertEquals("DELIVERED", JSON.readTree(dr.body()).get("state").asText());
    InboxHooks.Call c = fake.calls.get(0);
    assertEquals(Mm7Operation.DELIVERY_REPORT_REQ, c.operation());
    assertEquals(messageId, c.messageId());
    assertEquals("+447000000001", c.recipient());
    assertEquals(MessageStatus.RETRIEVED, c.status());

    HttpResponse<String> rr = postApi("/api/messages/1/read-reply", "application/json",
        "{\"recipient\":\"alice@example.org\",\"status\":\"Deleted\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, rr.statusCode(), rr.body());
    c = fake.calls.get(1);
    assertEquals(Mm7Operation.READ_REPLY_REQ, c.operation());
    assertEquals("alice@example.org", c.recipient());
    assertEquals(MessageStatus.DELETED, c.status());

    assertEquals(400, postApi("/api/messages/1/read-reply", "application/json",
        "{\"status\":\"Nonsense\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
    JsonNode pushes = getJson("/api/pushes");
    assertEquals(2, pushes.size());
    assertEquals("ReadReplyReq", pushes.get(0).get("operation").asText());
    assertEquals(1000, pushes.get(0).get("lastStatus").get("code").asInt());
  }

  @Test
  void aRequestWithoutMessageIdCannotBeReportedOn() throws Exception {
    InboxHooks.pushes(stub, new InboxHooks.FakePushes());
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("CancelReq.http")); // unknown id: 2005
    assertEquals(409, postApi("/api/messages/1/delivery-report", "application/json", new byte[0]).statusCode());
  }

  @Test
  void theDeliverFormPushesADeliverReqWithTheUploadedFile() throws Exception {
    InboxHooks.FakePushes fake = new InboxHooks.FakePushes();
    InboxHooks.pushes(stub, fake);
    String boundary = "----inbox" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, boundary, "sender", "+447700900123");
    field(body, boundary, "to", "12345, bob@example.org");
    field(body, boundary, "subject", "Hello from the phone");
    field(body, boundary, "vaspId", "acme");
    field(body, boundary, "text", "");
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dot.gif\"\r\n"
        + "Content-Type: image/gif\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(InboxTestSupport.GIF);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = postApi("/api/deliver", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    assertEquals(200, r.statusCode(), r.body());

    InboxHooks.Call c = fake.calls.get(0);
    assertEquals(Mm7Operation.DELIVER_REQ, c.operation());
    assertEquals("acme", c.vaspId());
    assertEquals("+447700900123", c.deliver().sender().value());
    assertEquals(2, c.deliver().recipients().to().size());
    assertEquals("Hello from the phone", c.deliver().subject());
    List<MimePart> leaves = ((Multipart) c.deliver().content()).leaves();
    BinaryPart file = (BinaryPart) leaves.stream().filter(p -> p.contentType().is("image/gif")).findFirst().orElseThrow();
    assertArrayEquals(InboxTestSupport.GIF, file.bytes());
    assertEquals("dot.gif", file.contentLocation().orElseThrow());

    ByteArrayOutputStream noSender = new ByteArrayOutputStream();
    field(noSender, boundary, "subject", "x");
    noSender.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(400, postApi("/api/deliver", "multipart/form-data; boundary=" + boundary, noSender.toByteArray())
        .statusCode());
  }

  private static void field(ByteArrayOutputStream out, String boundary, String name, String value) throws Exception {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void conformancePerVasp() throws Exception {
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
    InboxTestSupport.post(stub.endpoint(), InboxTestSupport.deviation("href-unresolved.http"));
    JsonNode list = getJson("/api/conformance");
    JsonNode acme = null;
    for (JsonNode n : list) {
      if (n.get("vaspId").asText().equals("acme")) {
        acme = n;
      }
    }
    assertTrue(acme != null, list::toString);
    assertTrue(acme.get("requests").asInt() >= 1);
    int total = 0;
    for (JsonNode n : list) {
      total += n.get("withFindings").asInt();
      if (n.get("findingCounts").has("href-unresolved")) {
        assertEquals(1, n.get("findingCounts").get("href-unresolved").asInt());
      }
    }
    assertEquals(1, total);
  }

  @Test
  void eventsAnnounceNewMessages() throws Exception {
    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      HttpResponse<Stream<String>> r = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve("/api/events"))
          .build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      Iterator<String> lines = r.body().iterator();
      assertEquals("{\"latest\":0,\"count\":0}", nextData(lines));
      InboxTestSupport.post(stub.endpoint(), InboxTestSupport.golden("SubmitReq.http"));
      assertEquals("{\"latest\":1,\"count\":1}", nextData(lines));
      r.body().close();
    });
  }

  @Test
  void closingTheStubEndsOpenEventStreamsAtOnce() throws Exception {
    Mm7StubServer other = Mm7StubServer.builder().build().start();
    HttpResponse<Stream<String>> r = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(
        other.endpoint().resolve("/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = r.body().iterator();
    nextData(lines);
    long t0 = System.nanoTime();
    other.close();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(millis < 2000, "close() took " + millis + " ms with an event stream open");
    r.body().close();
  }

  private static String nextData(Iterator<String> lines) {
    while (lines.hasNext()) {
      String l = lines.next();
      if (l.startsWith("data: ")) {
        return l.substring(6);
      }
    }
    throw new AssertionError("the event stream ended");
  }

  @Test
  void elsewhereThanLoopbackTheInboxNeedsAPassword() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mm7StubServer.builder().host("0.0.0.0").build());
    assertTrue(e.getMessage().contains("password"), e.getMessage());
    // without the inbox, no password is needed
    Mm7StubServer.builder().host("0.0.0.0").inbox(false).build().close();

    try (Mm7StubServer open = Mm7StubServer.builder().host("0.0.0.0").inboxPassword("pa55-word").build().start()) {
      URI api = URI.create("http://127.0.0.1:" + open.port() + "/api/messages");
      HttpResponse<String> none = InboxTestSupport.get(api);
      assertEquals(401, none.statusCode());
      assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Basic realm="));
      assertEquals(401, withBasic(api, "inbox:wrong").statusCode());
      assertEquals(401, withBasic(api, "admin:pa55-word").statusCode());
      assertEquals(200, withBasic(api, "inbox:pa55-word").statusCode());
      assertEquals(200, withBasic(URI.create("http://127.0.0.1:" + open.port() + "/"), "inbox:pa55-word").statusCode());
      // the MM7 endpoint does not take the inbox's password
      assertEquals(200, InboxTestSupport.post(open.endpoint(), InboxTestSupport.golden("SubmitReq.http")));
    }
  }

  private static HttpResponse<String> withBasic(URI uri, String credentials) throws Exception {
    return InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
