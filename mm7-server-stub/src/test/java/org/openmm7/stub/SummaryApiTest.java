package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.stub.internal.push.PeerSender;
import org.openmm7.stub.internal.push.PushManager;

/**
 * The admin API counts what the stub holds and what it forgot ({@code GET /api/summary}, and
 * {@code forgotten} in {@code GET /api/push-target}), read over HTTP from a real stub whose
 * bounds were reached: finished pushes beyond maxFinishedPushes, held pushes beyond their bound,
 * accepted messages beyond maxStoredMessages.
 */
class SummaryApiTest {

  /** This test's own threads for what runs beside it, ended after each test. */
  private final java.util.concurrent.ExecutorService clients = TestThreads.named("SummaryApiTest-client");

  @org.junit.jupiter.api.AfterEach
  void endClients() throws InterruptedException {
    TestThreads.end(clients);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<MessageStatus> STATUSES = List.of(MessageStatus.FORWARDED, MessageStatus.DEFERRED,
      MessageStatus.RETRIEVED, MessageStatus.EXPIRED, MessageStatus.REJECTED);

  @TempDir
  Path dir;

  static JsonNode get(Mm7StubServer stub, String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(stub.endpoint().resolve(path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void finishedPushesForgottenBeyondTheBoundAreCountedOverHttp() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).maxFinishedPushes(2)
            .deliveryReports(List.of()).pushRetrySchedule(HeldPushTest.FAST).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      for (int i = 0; i < STATUSES.size(); i++) {
        stub.pushes().deliveryReport(id, "+4670000" + (1000 + i), STATUSES.get(i)).get(10, TimeUnit.SECONDS);
      }
      JsonNode pushes = get(stub, "/api/summary").path("pushes");
      assertEquals(3, pushes.path("forgotten").asLong(), pushes::toString);
      assertEquals(2, pushes.path("delivered").asLong(), pushes::toString);
      assertEquals(2, pushes.path("kept").asLong(), pushes::toString);
      assertEquals(0, pushes.path("pending").asLong(), pushes::toString);
      assertEquals(0, pushes.path("held").asLong(), pushes::toString);
      assertEquals(0, pushes.path("failed").asLong(), pushes::toString);
      assertEquals(2, get(stub, "/api/pushes").size(), "the list holds only those kept");
      assertEquals(3, get(stub, "/api/push-target").path("forgotten").asLong());
    }
  }

  @Test
  void heldPushesAndThoseGivenUpBeyondTheirBoundAreCountedOverHttp() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().deliveryReports(List.of()).pushRetrySchedule(HeldPushTest.FAST)
        .maxHeldPushes(3).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      for (MessageStatus s : STATUSES) {
        stub.pushes().deliveryReport(id, "+46700000001", s).get(10, TimeUnit.SECONDS);
      }
      JsonNode pushes = get(stub, "/api/summary").path("pushes");
      assertEquals(3, pushes.path("held").asLong(), pushes::toString);
      assertEquals(2, pushes.path("forgotten").asLong(), "given up unsent beyond the bound: " + pushes);
      assertEquals(3, pushes.path("kept").asLong(), pushes::toString);
      JsonNode target = get(stub, "/api/push-target");
      assertEquals(3, target.path("held").asLong(), target::toString);
      assertEquals(2, target.path("forgotten").asLong(), target::toString);
    }
  }

  /**
   * Every structure the pushes keep is listed with its use and its limit, the limits as configured
   * (maxPendingPushes, maxHeldPushes, maxFinishedPushes) or fixed, and the submits waiting for room.
   */
  @Test
  void everyBoundOfThePushesIsListedWithItsUseAndLimitOverHttp() throws Exception {
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).maxPendingPushes(2)
            .maxHeldPushes(7).maxFinishedPushes(5).deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms"))
            .pushRetrySchedule(HeldPushTest.FAST).build().start()) {
      vasp.answer = (n, r) -> {
        try {
          vaspAnswers.await(20, TimeUnit.SECONDS); // not taking reports for now
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      HeldPushTest.submit(stub, "+46700000001"); // two reports: the pending ones at their bound
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return HeldPushTest.submit(stub, "+46700000002");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, clients);
      FakeVasp.await("the second submit waiting for room", Duration.ofSeconds(10),
          () -> stub.pushes().waitingForRoom() == 1);
      JsonNode pushes = get(stub, "/api/summary").path("pushes");
      JsonNode bounds = pushes.path("bounds");
      assertEquals(1, pushes.path("waitingSubmits").asLong(), pushes::toString);
      assertEquals(2, bounds.path("pending").path("used").asLong(), bounds::toString);
      assertEquals(2, bounds.path("pending").path("limit").asLong(), bounds::toString);
      assertEquals(0, bounds.path("held").path("used").asLong(), bounds::toString);
      assertEquals(7, bounds.path("held").path("limit").asLong(), bounds::toString);
      assertEquals(0, bounds.path("finished").path("used").asLong(), bounds::toString);
      assertEquals(5, bounds.path("finished").path("limit").asLong(), bounds::toString);
      assertEquals(PushManager.MAX_FORGOTTEN_OUTCOMES, bounds.path("forgottenOutcomes").path("limit").asLong());
      assertEquals(PeerSender.THREADS, bounds.path("senderThreads").path("limit").asLong(), bounds::toString);
      long threads = bounds.path("senderThreads").path("used").asLong();
      assertTrue(threads >= 1 && threads <= PeerSender.THREADS, bounds::toString);
      assertEquals(1, bounds.path("peerPools").path("used").asLong(), "one VASP pushed to: " + bounds);
      assertEquals(PeerSender.MAX_PEERS, bounds.path("peerPools").path("limit").asLong(), bounds::toString);
      assertEquals(1, bounds.path("vaspReleases").path("used").asLong(), "one VASP seen: " + bounds);
      assertEquals(stub.pushes().bounds().keySet(), fieldNames(bounds), "the API lists what pushes().bounds() does");
      vaspAnswers.countDown();
      waiting.get(20, TimeUnit.SECONDS);
      FakeVasp.await("all four delivered", Duration.ofSeconds(20),
          () -> stub.pushes().counts().get(PushRecord.State.DELIVERED) == 4);
      JsonNode after = get(stub, "/api/summary").path("pushes");
      assertEquals(0, after.path("waitingSubmits").asLong(), after::toString);
      assertEquals(0, after.path("bounds").path("pending").path("used").asLong(), after::toString);
      assertEquals(4, after.path("bounds").path("finished").path("used").asLong(), after::toString);
    }
  }

  /**
   * A VASP whose push endpoint is down holds the pending room: it is named as the one holding it,
   * and the submits answered 4006 for want of room are counted (before: neither was shown, the
   * refusals only in each answer).
   */
  @Test
  void refusedSubmitsAndTheVaspHoldingThePendingRoomAreShownOverHttp() throws Exception {
    URI down;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/vasp"); // refused once closed
    }
    List<Duration> slowRetries = List.of(Duration.ofSeconds(60), Duration.ofSeconds(60));
    try (FakeVasp up = new FakeVasp();
        Mm7StubServer stub = Mm7StubServer.builder()
            .accounts(new Account("downvasp", "pw", null, down, null), new Account("upvasp", "pw", null, up.endpoint(),
                null))
            .maxPendingPushes(3).pushRoomWait(Duration.ZERO).pushRetrySchedule(slowRetries)
            .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms")).build().start()) {
      assertEquals(1000, submitAs(stub, "downvasp", "+46700004001").statusCode(), "two reports: two of three pending");
      FakeVasp.await("the first report's attempt refused", Duration.ofSeconds(10),
          () -> stub.pushes().history().stream().anyMatch(p -> !p.attempts().isEmpty()));
      Http.Answer refused = submitAs(stub, "upvasp", "+46700004002");
      assertEquals(4006, refused.statusCode(), refused::toString);
      Http.Answer refusedAgain = submitAs(stub, "downvasp", "+46700004003");
      assertEquals(4006, refusedAgain.statusCode(), refusedAgain::toString);
      JsonNode pushes = get(stub, "/api/summary").path("pushes");
      assertEquals(2, pushes.path("refusedSubmits").asLong(), pushes::toString);
      assertEquals(2, stub.pushes().refusedSubmits());
      assertEquals(2, pushes.path("pending").asLong(), pushes::toString);
      JsonNode byVasp = pushes.path("pendingByVasp");
      assertEquals(1, byVasp.size(), byVasp::toString);
      assertEquals("downvasp", byVasp.path(0).path("vaspId").asText(), byVasp::toString);
      assertEquals(2, byVasp.path(0).path("pending").asLong(), byVasp::toString);
      assertEquals(0, up.all.size(), "nothing of the refused submit was pushed");
    }
  }

  @Test
  void pendingPushesAreListedPerVaspMostFirst() throws Exception {
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).pushRetrySchedule(HeldPushTest.FAST)
            .deliveryReports(ReportStep.parseList("Forwarded:0ms")).build().start()) {
      vasp.answer = (n, r) -> {
        try {
          vaspAnswers.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      String[][] submits = {{"a", "1"}, {"b", "2"}, {"b", "3"}, {"c", "4"}, {"c", "5"}, {"c", "6"}};
      for (String[] v : submits) {
        assertEquals(1000, submitAs(stub, v[0], "+4670000500" + v[1]).statusCode());
      }
      JsonNode byVasp = get(stub, "/api/summary").path("pushes").path("pendingByVasp");
      assertEquals("[{\"vaspId\":\"c\",\"pending\":3},{\"vaspId\":\"b\",\"pending\":2},"
          + "{\"vaspId\":\"a\",\"pending\":1}]", byVasp.toString());
      vaspAnswers.countDown();
      FakeVasp.await("all delivered", Duration.ofSeconds(20),
          () -> stub.pushes().counts().get(PushRecord.State.DELIVERED) == submits.length);
      assertEquals(0, get(stub, "/api/summary").path("pushes").path("pendingByVasp").size());
    }
  }

  /** A SubmitReq from this VASP (its password "pw" when it has an account) asking for delivery reports. */
  private static Http.Answer submitAs(Mm7StubServer stub, String vaspId, String recipient) throws Exception {
    org.openmm7.client.message.SubmitRequest s = org.openmm7.client.message.SubmitRequest.builder().vaspId(vaspId)
        .recipients(org.openmm7.client.message.Recipients.to(org.openmm7.client.message.Address.number(recipient)))
        .deliveryReport(true).subject("hello").content(org.openmm7.client.content.TextPart.of("hi"), true).build();
    return Http.post(stub.endpoint(), org.openmm7.client.codec.Mm7Envelope.of("tx-" + recipient,
        org.openmm7.schema.Mm7Release.latest(), s), vaspId + ":pw");
  }

  private static java.util.Set<String> fieldNames(JsonNode n) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void messagesKeptAndForgottenWithoutAStoreAreCountedOverHttp() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().maxStoredMessages(2).deliveryReports(List.of()).build()
        .start()) {
      for (int i = 0; i < 5; i++) {
        HeldPushTest.submit(stub, "+4670000100" + i);
      }
      JsonNode messages = get(stub, "/api/summary").path("messages");
      assertEquals(5, messages.path("recorded").asLong(), messages::toString);
      assertEquals(2, messages.path("stored").asLong(), messages::toString);
      assertEquals(3, messages.path("forgotten").asLong(), messages::toString);
    }
  }

  @Test
  void aStoreDirectoryCountsEveryMessageItKeepsAcrossARestart() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).deliveryReports(List.of()).build()
        .start()) {
      for (int i = 0; i < 3; i++) {
        HeldPushTest.submit(stub, "+4670000200" + i);
      }
    }
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).deliveryReports(List.of()).build()
        .start()) {
      HeldPushTest.submit(stub, "+46700003000");
      JsonNode summary = get(stub, "/api/summary");
      assertEquals(4, summary.path("messages").path("stored").asLong(), summary::toString);
      assertEquals(0, summary.path("messages").path("forgotten").asLong(), summary::toString);
      assertEquals(1, summary.path("messages").path("recorded").asLong(), "since this start: " + summary);
      assertTrue(summary.path("pushes").isObject(), summary::toString);
    }
  }
}
