package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashSet;
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
}
