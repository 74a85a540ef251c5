package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;

/**
 * The admin side of the API, driven with nothing but HTTP and JSON as a VASP team's CI in another
 * language would: filtering the list, deleting, resetting, scripting replies, pushing reports with
 * a chosen status and DeliverReqs from JSON, and the inbox's guards on every state change.
 */
class AdminApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Mm7StubServer stub;
  static URI base;
  InboxHooks.FakePushes fake;

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
    fake = new InboxHooks.FakePushes();
    InboxHooks.pushes(stub, fake);
  }

  static HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .header("X-OpenMM7-Inbox", "1")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return InboxTestSupport.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode ok(String method, String path, String json) throws Exception {
    HttpResponse<String> r = call(method, path, json);
    assertTrue(r.statusCode() == 200 || r.statusCode() == 201, method + " " + path + ": " + r.statusCode() + " " + r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    return JSON.readTree(r.body());
  }

  static List<Integer> ids(JsonNode list) {
    List<Integer> out = new ArrayList<>();
    list.forEach(m -> out.add(m.get("id").asInt()));
    return out;
  }

  private static SubmitRequest submit(String from, String to, String subject) {
    return SubmitRequest.builder().vaspId("acme").vasId("news").senderAddress(Address.shortCode(from))
        .recipients(Recipients.to(Address.number(to))).subject(subject).build();
  }

  /** Four requests: three submits and an unreadable one. */
  private static void four() throws Exception {
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("12345", "+447000000001", "Weekly news")));
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("12345", "+447000000002", "Your code: 1234")));
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("777", "+33600000001", "Bonjour NEWS")));
    InboxTestSupport.post(stub.endpoint(), "text/xml", "<not-closed".getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void theListIsFilteredByEachCriterionAndTheirCombination() throws Exception {
    four();
    assertEquals(List.of(4, 3, 2, 1), ids(ok("GET", "/api/messages", null)));
    assertEquals(List.of(3, 2, 1), ids(ok("GET", "/api/messages?operation=SubmitReq", null)));
    assertEquals(List.of(3, 2, 1), ids(ok("GET", "/api/messages?operation=submitreq", null)));
    assertEquals(List.of(), ids(ok("GET", "/api/messages?operation=Submit", null)), "an operation is named whole");
    assertEquals(List.of(2, 1), ids(ok("GET", "/api/messages?recipient=%2B4470", null)));
    assertEquals(List.of(2), ids(ok("GET", "/api/messages?recipient=0002", null)));
    assertEquals(List.of(3), ids(ok("GET", "/api/messages?sender=777", null)));
    assertEquals(List.of(3, 1), ids(ok("GET", "/api/messages?subject=news", null)), "any case");
    assertEquals(List.of(1), ids(ok("GET", "/api/messages?subject=news&sender=12345", null)), "all criteria hold");
    assertEquals(List.of(4), ids(ok("GET", "/api/messages?finding=any", null)));
    assertEquals(List.of(3, 2, 1), ids(ok("GET", "/api/messages?finding=none", null)));
    String rejection = ok("GET", "/api/messages/4", null).get("rejection").asText();
    assertEquals(List.of(4), ids(ok("GET", "/api/messages?finding=" + rejection, null)));
    assertEquals(List.of(3, 2, 1), ids(ok("GET", "/api/messages?vasp=ACME", null)));
    assertEquals(List.of(2), ids(ok("GET", "/api/messages?q=code", null)), "free text finds the subject");
    assertEquals(List.of(3), ids(ok("GET", "/api/messages?q=%2B336", null)), "free text finds a recipient");
    String messageId = ok("GET", "/api/messages/2", null).get("messageId").asText();
    assertEquals(List.of(2), ids(ok("GET", "/api/messages?q=" + messageId, null)), "free text finds a MessageID");

    Instant second = Instant.parse(ok("GET", "/api/messages/2", null).get("receivedAt").asText());
    assertEquals(List.of(1), ids(ok("GET", "/api/messages?before=" + second, null)));
    assertEquals(List.of(4, 3), ids(ok("GET", "/api/messages?after=" + second, null)));
    assertEquals(List.of(4, 3), ids(ok("GET", "/api/messages?since=2", null)));
    assertEquals(List.of(3), ids(ok("GET", "/api/messages?since=2&limit=1&operation=SubmitReq", null)));

    for (String bad : List.of("recipeint=1", "after=yesterday", "limit=-3", "since=x")) {
      HttpResponse<String> r = call("GET", "/api/messages?" + bad, null);
      assertEquals(400, r.statusCode(), bad);
      assertTrue(JSON.readTree(r.body()).get("error").asText().length() > 10, r.body());
    }
  }

  @Test
  void deletingOneLeavesTheOthersWithTheirNumbersAndDeletingAllEmptiesTheList() throws Exception {
    four();
    assertEquals(1, ok("DELETE", "/api/messages/2", null).get("deleted").asInt());
    assertEquals(List.of(4, 3, 1), ids(ok("GET", "/api/messages", null)));
    assertEquals(3, stub.requests().size());
    assertEquals(404, call("GET", "/api/messages/2", null).statusCode());
    assertEquals(404, call("DELETE", "/api/messages/2", null).statusCode());
    assertEquals(3, ok("DELETE", "/api/messages", null).get("deleted").asInt());
    assertEquals(List.of(), ids(ok("GET", "/api/messages", null)));
  }

  @Test
  void scriptedRepliesAnswerTheNextRequestsInOrderAndResetForgetsThem() throws Exception {
    JsonNode queued = ok("POST", "/api/replies", "[{\"status\": 3001}, {\"kind\": \"empty\", \"httpStatus\": 503},"
        + " {\"status\": 1000, \"delayMillis\": 5}]");
    assertEquals(3, queued.size());
    assertEquals("relay", queued.get(0).get("kind").asText());
    assertEquals(3001, queued.get(0).get("status").asInt());
    assertEquals("empty", queued.get(1).get("kind").asText());
    assertEquals(503, queued.get(1).get("httpStatus").asInt());
    assertEquals(5, queued.get(2).get("delayMillis").asInt());

    assertEquals(500, InboxTestSupport.post(stub.endpoint(), submit("1", "+447000000001", "a")), "3001 is a fault");
    assertEquals(503, InboxTestSupport.post(stub.endpoint(), submit("1", "+447000000001", "b")));
    assertEquals(1, ok("GET", "/api/replies", null).size());
    JsonNode first = ok("GET", "/api/messages/1", null);
    assertEquals(3001, first.get("answer").get("statusCode").asInt());

    ok("POST", "/api/replies", "{\"kind\": \"raw\", \"contentType\": \"text/plain\", \"body\": \"no\", \"httpStatus\": 200}");
    assertEquals(2, ok("GET", "/api/replies", null).size());
    assertEquals(0, ok("DELETE", "/api/replies", null).size());
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("1", "+447000000001", "c")));

    ok("POST", "/api/replies", "{\"kind\": \"connection-reset\"}");
    assertTrue(ok("POST", "/api/reset", null).get("reset").asBoolean());
    assertEquals(0, ok("GET", "/api/replies", null).size());
    assertEquals(0, ok("GET", "/api/messages", null).size());

    // nothing of a list with a bad reply is queued
    HttpResponse<String> bad = call("POST", "/api/replies", "[{\"status\": 3001}, {\"kind\": \"teapot\"}]");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("teapot"), bad.body());
    assertEquals(0, stub.queuedReplies().size());
  }

  @Test
  void reportsCarryTheChosenStatusAndReadRepliesTheirOwn() throws Exception {
    assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("12345", "+447000000001", "x")));
    for (String status : List.of("Rejected", "Expired", "Retrieved", "Forwarded")) {
      assertEquals("DELIVERED", ok("POST", "/api/messages/1/delivery-report", "{\"status\": \"" + status + "\"}")
          .get("state").asText());
    }
    ok("POST", "/api/messages/1/read-reply", "{\"status\": \"Deleted\", \"recipient\": \"+447000000009\"}");
    List<MessageStatus> sent = fake.calls.stream().map(InboxHooks.Call::status).toList();
    assertEquals(List.of(MessageStatus.REJECTED, MessageStatus.EXPIRED, MessageStatus.RETRIEVED,
        MessageStatus.FORWARDED, MessageStatus.DELETED), sent);
    assertEquals(Mm7Operation.READ_REPLY_REQ, fake.calls.get(4).operation());
    assertEquals("+447000000009", fake.calls.get(4).recipient());
    assertEquals(5, ok("GET", "/api/pushes", null).size());
    assertEquals(400, call("POST", "/api/messages/1/delivery-report", "{\"status\": \"Lost\"}").statusCode());
    assertEquals(400, call("POST", "/api/messages/1/delivery-report", "[1]").statusCode());
  }

  @Test
  void aDeliverReqFromJsonCarriesItsTextAndAttachments() throws Exception {
    String json = "{\"sender\": \"+447700900123\", \"to\": [\"12345\", \"+447700900999\"], \"subject\": \"Photo\","
        + " \"vaspId\": \"acme\", \"text\": \"look\", \"attachments\": [{\"contentType\": \"image/gif\", \"name\": \"dot.gif\","
        + " \"base64\": \"" + Base64.getEncoder().encodeToString(InboxTestSupport.GIF) + "\"}]}";
    assertEquals("DELIVERED", ok("POST", "/api/deliver", json).get("state").asText());
    InboxHooks.Call c = fake.calls.get(0);
    assertEquals(Mm7Operation.DELIVER_REQ, c.operation());
    assertEquals("acme", c.vaspId());
    assertEquals("+447700900123", c.deliver().sender().value());
    assertEquals(List.of("12345", "+447700900999"), c.deliver().recipients().all().stream().map(Address::value).toList());
    assertEquals("Photo", c.deliver().subject());
    List<MimePart> leaves = leaves(c);
    MimePart gif = leaves.stream().filter(p -> p.contentType().mediaType().equals("image/gif")).findFirst().orElseThrow();
    assertEquals("dot.gif", gif.contentLocation().orElse(""));
    try (var in = ((BinaryPart) gif).openStream()) {
      assertArrayEquals(InboxTestSupport.GIF, in.readAllBytes());
    }
    assertTrue(leaves.stream().anyMatch(p -> p.contentType().mediaType().equals("text/plain")));
    assertEquals(400, call("POST", "/api/deliver", "{\"sender\": \"1\", \"attachments\": [{\"base64\": \"***\"}]}").statusCode());
  }

  /** The DeliverReq's leaf parts, as the VASP would read them (encoded and decoded again). */
  private static List<MimePart> leaves(InboxHooks.Call c) throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("t", Mm7Release.latest(), c.deliver()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    var d = Mm7Codec.lenient().decode(e.contentType(), new java.io.ByteArrayInputStream(out.toByteArray()));
    return d.leafParts();
  }

  @Test
  void everyStateChangeNeedsTheInboxHeader() throws Exception {
    four();
    ok("POST", "/api/replies", "{\"status\": 3001}");
    for (String[] c : new String[][] {{"DELETE", "/api/messages/1"}, {"DELETE", "/api/messages"}, {"POST", "/api/reset"},
        {"POST", "/api/replies"}, {"DELETE", "/api/replies"}, {"POST", "/api/deliver"},
        {"POST", "/api/messages/1/delivery-report"}}) {
      HttpResponse<String> r = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve(c[1]))
          .header("Content-Type", "application/json")
          .method(c[0], HttpRequest.BodyPublishers.ofString("{\"status\": 3001, \"sender\": \"1\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, r.statusCode(), c[0] + " " + c[1]);
      assertTrue(JSON.readTree(r.body()).get("error").asText().contains("X-OpenMM7-Inbox"), r.body());
    }
    assertEquals(4, stub.requests().size());
    assertEquals(1, stub.queuedReplies().size());
    assertTrue(fake.calls.isEmpty());
  }

  @Test
  void aStubWithoutAPushTargetHoldsReportsAndSendsThemOnceOneIsSet() throws Exception {
    InboxHooks.pushes(stub, null); // the stub's own pushes
    try (Mm7StubServer vasp = Mm7StubServer.builder().role(org.openmm7.stub.Role.VASP).inbox(false).build().start()) {
      stub.pushTo(null);
      assertEquals(200, InboxTestSupport.post(stub.endpoint(), submit("12345", "+447000000001", "held")));
      JsonNode held = ok("POST", "/api/messages/1/delivery-report", "{\"status\": \"Rejected\"}");
      assertEquals("HELD", held.get("state").asText());
      assertEquals("Rejected", held.get("mmStatus").asText());
      assertEquals("+447000000001", held.get("recipient").asText());
      JsonNode target = ok("GET", "/api/push-target", null);
      assertTrue(target.get("url").isNull());
      assertEquals(1, target.get("held").asInt());

      for (String bad : List.of("{\"url\": \"ftp://x/mm7\"}", "{\"url\": \"not a url\"}", "{}", "{\"url\": \"/mm7\"}")) {
        assertEquals(400, call("PUT", "/api/push-target", bad).statusCode(), bad);
      }
      JsonNode set = ok("PUT", "/api/push-target", "{\"url\": \"" + vasp.endpoint() + "\", \"sendHeld\": true}");
      assertEquals(vasp.endpoint().toString(), set.get("url").asText());
      assertEquals(1, set.get("sent").asInt());
      org.openmm7.stub.RecordedRequest report = vasp.takeRequest(Duration.ofSeconds(10)).orElseThrow();
      assertEquals(Mm7Operation.DELIVERY_REPORT_REQ, report.operation());
      assertEquals(MessageStatus.REJECTED, ((org.openmm7.client.message.DeliveryReportRequest) report.message()).mmStatus());
      assertEquals(0, ok("POST", "/api/pushes/send-held", null).get("sent").asInt());

      // with a target, a report goes at once; null holds them again
      ok("POST", "/api/messages/1/read-reply", null);
      assertEquals(Mm7Operation.READ_REPLY_REQ, vasp.takeRequest(Duration.ofSeconds(10)).orElseThrow().operation());
      assertTrue(ok("PUT", "/api/push-target", "{\"url\": null}").get("url").isNull());
      assertEquals("HELD", ok("POST", "/api/messages/1/delivery-report", null).get("state").asText());
    } finally {
      stub.pushTo(null);
    }
  }
}
