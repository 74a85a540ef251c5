package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.Mm7StubServer;

/**
 * After a restart with a store directory, the inbox and its API show the messages the store kept
 * (before: an empty list although the stub said it loaded them), as they were received, and
 * {@link Mm7StubServer#requests()} still counts only what this run received.
 */
class RestoredInboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode get(URI base, String path) throws Exception {
    HttpResponse<String> r = InboxTestSupport.get(base.resolve(path));
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void storedMessagesAreShownAgainAfterARestart(@TempDir Path store) throws Exception {
    List<String> messageIds = new ArrayList<>();
    try (Mm7StubServer first = Mm7StubServer.builder().storeDirectory(store).build().start()) {
      assertEquals(200, InboxTestSupport.post(first.endpoint(), InboxTestSupport.pictureMessage("Before the restart", "a caption")));
      assertEquals(200, InboxTestSupport.post(first.endpoint(), InboxTestSupport.golden("SubmitReq.http")));
      // refused: not stored, so not shown again
      InboxTestSupport.post(first.endpoint(), "text/xml", "<not-closed".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
      URI base = first.endpoint().resolve("/");
      JsonNode list = get(base, "/api/messages");
      assertEquals(3, list.size());
      messageIds.add(list.get(2).get("messageId").asText());
      messageIds.add(list.get(1).get("messageId").asText());
    }
    try (Mm7StubServer second = Mm7StubServer.builder().storeDirectory(store).build().start()) {
      URI base = second.endpoint().resolve("/");
      JsonNode list = get(base, "/api/messages");
      assertEquals(2, list.size(), list.toString());
      assertEquals(List.of(messageIds.get(1), messageIds.get(0)),
          List.of(list.get(0).get("messageId").asText(), list.get(1).get("messageId").asText()), "newest first");
      JsonNode oldest = list.get(1);
      assertEquals(1, oldest.get("id").asInt());
      assertEquals("Before the restart", oldest.get("subject").asText());
      assertEquals("12345", oldest.get("sender").asText());
      assertEquals("+447000000001", oldest.get("recipients").get(0).asText());
      assertEquals("SubmitReq", oldest.get("operation").asText());
      assertTrue(oldest.get("restored").asBoolean());
      assertEquals(1000, oldest.get("answer").get("statusCode").asInt());
      assertEquals("Today's news", list.get(0).get("subject").asText());

      JsonNode detail = get(base, "/api/messages/1");
      assertTrue(detail.get("soap").asText().contains("SubmitReq"), "the SOAP envelope as received");
      JsonNode image = null;
      for (JsonNode p : detail.get("parts")) {
        if (p.get("kind").asText().equals("image")) {
          image = p;
        }
      }
      assertTrue(image != null, "the picture is a part again: " + detail.get("parts"));
      HttpResponse<byte[]> bytes = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve(image.get("url").asText()))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(InboxTestSupport.GIF, bytes.body());
      assertFalse(detail.get("smil").get("slides").isEmpty());

      // what this run received is what a test counts, numbered after the restored ones
      assertTrue(second.requests().isEmpty());
      assertEquals(2, second.restoredRequests().size());
      assertEquals(200, InboxTestSupport.post(second.endpoint(), InboxTestSupport.golden("SubmitReq.http")));
      assertEquals(1, second.requests().size());
      assertEquals(3, second.requests().get(0).sequence());
      assertEquals(3, get(base, "/api/messages").size());
      assertEquals(3, get(base, "/api/messages").get(0).get("id").asInt());

      // a restored message can be deleted, and a reset forgets them all (the store keeps them)
      HttpResponse<String> deleted = InboxTestSupport.CLIENT.send(HttpRequest.newBuilder(base.resolve("/api/messages/2"))
          .header("X-OpenMM7-Inbox", "1").DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, deleted.statusCode(), deleted.body());
      assertEquals(List.of(3, 1), ids(get(base, "/api/messages")));
      second.reset();
      assertEquals(0, get(base, "/api/messages").size());
      assertEquals(3, second.storedMessages().size());
    }
  }

  private static List<Integer> ids(JsonNode list) {
    List<Integer> out = new ArrayList<>();
    list.forEach(m -> out.add(m.get("id").asInt()));
    return out;
  }
}
