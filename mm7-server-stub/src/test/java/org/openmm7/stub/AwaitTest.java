package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmm7.stub.verify.RequestPattern.submit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.verify.Received;

/** Typed awaiting: each await returns the next matching request, typed; a timeout says what did arrive. */
class AwaitTest {
  static Mm7StubServer stub;
  static Mm7Client client;

  @BeforeAll
  static void start() throws IOException {
    stub = Mm7StubServer.builder().build().start();
    client = Mm7Client.builder(stub.endpoint()).vaspId("acme").callTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() throws IOException {
    client.close();
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static SubmitRequest submitTo(String number, String subject) {
    return SubmitRequest.builder().recipients(org.openmm7.client.message.Recipients.to(Address.number(number)))
        .subject(subject).content(TextPart.of("hi"), true).build();
  }

  @Test
  void takeRequestIsEmptyWhenNoneCameInTime() throws Exception {
    assertEquals(java.util.Optional.empty(), stub.takeRequest(Duration.ofMillis(50)));
    client.submit(submitTo("+46700000003", "one"));
    assertEquals("one", ((SubmitRequest) stub.takeRequest(Duration.ofSeconds(5)).orElseThrow().message()).subject());
    assertEquals(java.util.Optional.empty(), stub.takeRequest(Duration.ZERO), "taken once");
  }

  @Test
  void awaitsReturnTheSubmitsInOrderTypedWithTheirRecordings() throws Exception {
    client.submit(submitTo("+46700000001", "first"));
    client.submit(submitTo("+46700000002", "second"));

    Received<SubmitRequest> first = stub.awaitSubmit(Duration.ofSeconds(5));
    Received<SubmitRequest> second = stub.awaitSubmit(Duration.ofSeconds(5));
    assertEquals("first", first.message().subject());
    assertEquals("second", second.message().subject());
    assertSame(first.message(), first.recording().message());
    assertEquals(1000, first.recording().response().statusCode());
    assertEquals(1, stub.takeRequest(Duration.ZERO).orElseThrow().sequence(), "awaiting takes nothing from takeRequest's queue");

    AssertionError e = assertThrows(AssertionError.class, () -> stub.awaitSubmit(Duration.ofMillis(200)));
    assertTrue(e.getMessage().startsWith("no SubmitReq arrived within 200 ms; recorded (2):\n  RecordedRequest[#1 SubmitReq"),
        e.getMessage());
    assertTrue(e.getMessage().contains("(returned by an earlier await)"), e.getMessage());
  }

  @Test
  void anAwaitWaitsForARequestThatComesLater() throws Exception {
    CompletableFuture<Received<SubmitRequest>> waiting =
        CompletableFuture.supplyAsync(() -> stub.awaitSubmit(Duration.ofSeconds(10)));
    // the await is running (or about to): what it waits for arrives after it began
    SubmitResponse accepted = client.submit(submitTo("+46700000001", "later"));
    Received<SubmitRequest> r = waiting.get();
    assertEquals("later", r.message().subject());
    assertEquals(accepted.messageId(), r.recording().response().message() instanceof SubmitResponse s ? s.messageId() : null);
  }

  @Test
  void anAwaitWithAPatternSkipsOthersAndLeavesThemForLaterAwaits() throws Exception {
    client.submit(submitTo("+46700000001", "a"));
    client.submit(submitTo("+46700000002", "b"));
    RecordedRequest toTwo = stub.await(submit().to("+46700000002"), Duration.ofSeconds(5));
    assertEquals(2, toTwo.sequence());
    assertEquals("a", stub.awaitSubmit(Duration.ofSeconds(5)).message().subject(), "the first was not returned yet");
    AssertionError e = assertThrows(AssertionError.class,
        () -> stub.await(submit().to("+46700000003"), Duration.ofMillis(100)));
    assertTrue(e.getMessage().startsWith("no SubmitReq with To \"+46700000003\" arrived within 100 ms"), e.getMessage());
    assertTrue(e.getMessage().contains("To: expected \"+46700000003\" but was \"+46700000002\""), e.getMessage());
  }

  @Test
  void everyOperationHasItsTypedAwait() throws Exception {
    String id = client.submit(submitTo("+46700000001", "x")).messageId();
    client.replace(ReplaceRequest.builder().messageId(id).content(TextPart.of("y"), true).build());
    String second = client.submit(submitTo("+46700000001", "z")).messageId();
    String replaced = client.extendedReplace(ExtendedReplaceRequest.builder().replaceId(second)
        .content(TextPart.of("w"), true).build()).messageId();
    client.extendedCancel(ExtendedCancelRequest.builder().cancelId(replaced).build());
    client.cancel(CancelRequest.builder().messageId(id).build());

    assertEquals(id, stub.awaitReplace(Duration.ofSeconds(5)).message().messageId());
    assertEquals(second, stub.awaitExtendedReplace(Duration.ofSeconds(5)).message().replaceId());
    assertEquals(replaced, stub.awaitExtendedCancel(Duration.ofSeconds(5)).message().cancelId());
    assertEquals(id, stub.awaitCancel(Duration.ofSeconds(5)).message().messageId());
    assertThrows(AssertionError.class, () -> stub.awaitDeliver(Duration.ofMillis(50)));
  }

  @Test
  void aTimeoutWithNothingRecordedSaysSoAndAResetStartsAfresh() throws Exception {
    AssertionError e = assertThrows(AssertionError.class, () -> stub.awaitSubmit(Duration.ofMillis(50)));
    assertEquals("no SubmitReq arrived within 50 ms; nothing was recorded", e.getMessage());
    client.submit(submitTo("+46700000001", "before reset"));
    assertEquals("before reset", stub.awaitSubmit(Duration.ofSeconds(5)).message().subject());
    stub.reset();
    assertThrows(Mm7StatusException.class, () -> client.cancel(CancelRequest.builder().messageId("none").build()));
    client.submit(submitTo("+46700000001", "after reset"));
    assertEquals("after reset", stub.awaitSubmit(Duration.ofSeconds(5)).message().subject(),
        "numbering starts again after a reset: #2 is a new request");
  }
}
