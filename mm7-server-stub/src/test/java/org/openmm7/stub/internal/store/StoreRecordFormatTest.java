package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.Http;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StoreRobustnessTest;
import org.openmm7.stub.StoredMessage;

/**
 * The record's format across builds: a record no longer carries the decoded message as JSON (its
 * summary is empty), and a store written by a build that put JSON there (a committed fixture: one
 * SubmitReq stored by main at d015ddd, MessageID mm7stub-d55193e2-1) is read as before.
 */
class StoreRecordFormatTest {
  private static final String OLD_ID = "mm7stub-d55193e2-1";

  @TempDir
  Path dir;

  private void copyOldStore() throws Exception {
    Path fixture = Path.of(StoreRecordFormatTest.class
        .getResource("store-with-json-summary/messages/segment-00000001.log").toURI());
    Files.createDirectories(dir.resolve("messages"));
    Files.copy(fixture, dir.resolve("messages/segment-00000001.log"));
  }

  private Mm7StubServer stub() throws Exception {
    return Mm7StubServer.builder().storeDirectory(dir).inbox(false).build().start();
  }

  /** The summary's length in a record's payload: after int metaLength and the meta. */
  private static int summaryLength(byte[] segment, int frameAt) {
    ByteBuffer b = ByteBuffer.wrap(segment);
    int payload = frameAt + StoreLog.HEADER;
    int metaLength = b.getInt(payload);
    return b.getInt(payload + 4 + metaLength);
  }

  @Test
  void aStoreWhoseRecordsCarryJsonSummariesIsReadAsBefore() throws Exception {
    copyOldStore();
    byte[] old = Files.readAllBytes(dir.resolve("messages/segment-00000001.log"));
    assertTrue(summaryLength(old, 0) > 100, "the fixture's record has its JSON summary");
    String newId;
    try (Mm7StubServer stub = stub()) {
      StoredMessage m = stub.storedMessage(OLD_ID);
      assertNotNull(m);
      assertEquals("tx-old-format-1", m.transactionId());
      assertEquals("acme", m.vaspId());
      assertEquals(StoredMessage.State.ACCEPTED, m.state());
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      stub.writeStoredRequestTo(OLD_ID, request);
      String http = request.toString(StandardCharsets.ISO_8859_1);
      assertTrue(http.startsWith("POST "), "the request starts after the summary: " + http.substring(0, 40));
      assertTrue(http.contains("a record whose summary is JSON"), "its body too");
      List<RecordedRequest> restored = stub.restoredRequests();
      assertEquals(1, restored.size());
      assertEquals("stored by the build before", ((SubmitRequest) restored.get(0).message()).subject());
      Path submit = StoreRobustnessTest.golden("REL-6-MM7-1-4", "SubmitReq.http");
      newId = ((SubmitResponse) Http.post(stub.endpoint(), submit).message()).messageId();
    }
    try (Mm7StubServer stub = stub()) {
      assertEquals(2, stub.storedMessageCount());
      assertEquals(List.of(newId, OLD_ID), stub.storedMessages(null, 10).stream().map(StoredMessage::messageId)
          .toList());
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      stub.writeStoredRequestTo(newId, request);
      assertTrue(request.toString(StandardCharsets.ISO_8859_1).startsWith("POST "));
    }
  }

  @Test
  void aNewRecordCarriesNoSummary() throws Exception {
    String id;
    try (Mm7StubServer stub = stub()) {
      Path submit = StoreRobustnessTest.golden("REL-6-MM7-1-4", "SubmitReq.http");
      id = ((SubmitResponse) Http.post(stub.endpoint(), submit).message()).messageId();
    }
    byte[] segment = Files.readAllBytes(dir.resolve("messages/segment-00000001.log"));
    assertEquals(0, summaryLength(segment, 0), "no JSON between the record's state and its request");
    try (Mm7StubServer stub = stub()) {
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      stub.writeStoredRequestTo(id, request);
      assertEquals(Files.readString(StoreRobustnessTest.golden("REL-6-MM7-1-4", "SubmitReq.http"),
          StandardCharsets.ISO_8859_1).substring(0, 5), request.toString(StandardCharsets.ISO_8859_1).substring(0, 5));
    }
  }
}
