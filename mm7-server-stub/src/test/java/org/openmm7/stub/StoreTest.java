package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.SubmitResponse;

/** With a store directory, a restart keeps every message answered 1000, and their MessageIDs stay usable. */
class StoreTest {
  @TempDir
  Path dir;

  @Test
  void restartWithTheSameDirectoryKeepsAcceptedMessages() throws Exception {
    Path submit = Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http");
    Set<String> ids = new HashSet<>();
    try (Mm7StubServer first = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      for (int i = 0; i < 3; i++) {
        ids.add(((SubmitResponse) Http.post(first.endpoint(), submit).message()).messageId());
      }
      assertEquals(3, first.storedMessages().size());
    }
    try (Mm7StubServer second = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      for (String id : ids) {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        second.writeStoredRequestTo(id, raw);
        try (DecodedMessage d = Mm7Codec.lenient().decodeCapture(new ByteArrayInputStream(raw.toByteArray()))) {
          assertEquals("SubmitReq", d.message().operation().elementName(), "the request as received, after a restart");
        }
      }
      assertEquals(ids, second.storedMessages().stream().map(StoredMessage::messageId)
          .collect(java.util.stream.Collectors.toSet()), "reloaded");
      String fresh = ((SubmitResponse) Http.post(second.endpoint(), submit).message()).messageId();
      assertTrue(!ids.contains(fresh), "MessageIDs stay unique across restarts");
      String old = ids.iterator().next();
      Http.Capture c = Http.read(Http.corpus().resolve("golden/REL-6-MM7-1-4/CancelReq.http"));
      try (DecodedMessage d = Mm7Codec.lenient().decode(c.contentType(), new ByteArrayInputStream(c.body()))) {
        Mm7Envelope e = new Mm7Envelope("tx-restart", d.envelope().release(), null,
            ((CancelRequest) d.message()).toBuilder().messageId(old).build());
        Http.Answer a = Http.post(second.endpoint(), e, null);
        assertEquals(1000, a.statusCode(), "cancel of a MessageID given before the restart: " + a);
      }
      assertEquals(StoredMessage.State.CANCELLED, second.storedMessage(old).state());
    }
    try (Mm7StubServer third = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(4, third.storedMessages().size());
      String old = ids.stream().filter(i -> third.storedMessage(i).state() == StoredMessage.State.CANCELLED)
          .findFirst().orElseThrow();
      assertNotEquals(null, old, "the cancellation was kept too");
    }
  }

  /** Without a directory the stub keeps the newest maxStoredMessages and counts the ones it forgot. */
  @Test
  void withoutADirectoryTheOldestAreForgottenAndCounted() throws Exception {
    Path submit = Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http");
    try (Mm7StubServer stub = Mm7StubServer.builder().maxStoredMessages(3).build().start()) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(((SubmitResponse) Http.post(stub.endpoint(), submit).message()).messageId());
      }
      assertEquals(3, stub.storedMessageCount());
      assertEquals(2, stub.forgottenMessages());
      assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2)),
          stub.storedMessages().stream().map(StoredMessage::messageId).toList(), "newest first");
      assertEquals(null, stub.storedMessage(ids.get(0)));
      assertEquals(2005, StoreRobustnessTest.cancel(stub, ids.get(0)).statusCode(), "forgotten: as unknown");
      assertEquals(1000, StoreRobustnessTest.cancel(stub, ids.get(4)).statusCode());
      assertEquals(StoredMessage.State.CANCELLED, stub.storedMessage(ids.get(4)).state());
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Mm7StubServer.builder().maxStoredMessages(0));
  }

  /** With a directory nothing is forgotten, and many concurrent submits are all kept through a restart. */
  @Test
  void concurrentSubmitsAreAllKeptThroughARestart() throws Exception {
    Path submit = Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http");
    Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).maxStoredMessages(1)
        .storeSegmentSize(4096).build().start()) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        done.add(pool.submit(() -> {
          ids.add(((SubmitResponse) Http.post(stub.endpoint(), submit).message()).messageId());
          return null;
        }));
      }
      for (var f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(64, stub.storedMessageCount());
      assertEquals(0, stub.forgottenMessages());
    }
    try (Mm7StubServer again = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(ids, again.storedMessages().stream().map(StoredMessage::messageId)
          .collect(java.util.stream.Collectors.toSet()));
      for (String id : ids) {
        assertEquals(StoredMessage.State.ACCEPTED, again.storedMessage(id).state(), id);
      }
    }
  }
}
