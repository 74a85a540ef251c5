package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.internal.push.PushJournal;
import org.openmm7.stub.internal.store.MessageIndex;
import org.openmm7.stub.internal.store.StoreLog;

/**
 * The store directory when its files or its disk fail. Before: one empty summary stopped the stub
 * from starting ("Text '' could not be parsed at index 0", no file named); a failed write was
 * answered with Jetty's HTML 500 naming java.io.IOException and left a 0-byte temporary file.
 */
public class StoreRobustnessTest {
  @TempDir
  Path dir;

  public static Path golden(String release, String name) {
    return Http.corpus().resolve("golden").resolve(release).resolve(name);
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A summary of the layout before the log, as that store wrote it. */
  static String oldSummary(String id, String state, int replacements) {
    return "{\n  \"messageId\" : \"" + id + "\",\n  \"vaspId\" : null,\n  \"transactionId\" : \"tx-" + id
        + "\",\n  \"release\" : \"REL-6-MM7-1-4\",\n  \"receivedAt\" : \"2026-01-0" + (1 + Math.abs(id.hashCode()) % 9)
        + "T00:00:00Z\",\n  \"state\" : \"" + state + "\",\n  \"replacements\" : " + replacements
        + ",\n  \"decoded\" : {\n    \"operation\" : \"SubmitReq\"\n  }\n}";
  }

  /**
   * A directory of the old layout (a .json and .http per message) is moved into the log at start:
   * the readable messages are served (and can be cancelled), their files removed; unreadable
   * summaries are set aside with their request files, as before.
   */
  @Test
  void anOldLayoutIsMigratedAndItsUnreadableSummariesSetAside() throws Exception {
    byte[] request = Files.readAllBytes(golden("REL-6-MM7-1-4", "SubmitReq.http"));
    for (String id : List.of("mm7stub-a-1", "mm7stub-a-2", "mm7stub-a-3")) {
      Files.writeString(dir.resolve(id + ".json"), oldSummary(id, "ACCEPTED", 0));
      Files.write(dir.resolve(id + ".http"), request);
    }
    Files.writeString(dir.resolve("mm7stub-a-3.json"), oldSummary("mm7stub-a-3", "ACCEPTED", 1));
    Files.write(dir.resolve("mm7stub-a-3.replace-0.http"), request);
    String whole = oldSummary("mm7stub-a-4", "ACCEPTED", 0);
    Files.writeString(dir.resolve("mm7stub-a-4.json"), whole.substring(0, whole.length() / 2));
    Files.write(dir.resolve("mm7stub-a-4.http"), request);
    Files.write(dir.resolve("mm7stub-0-1.json"), new byte[0]);
    Files.writeString(dir.resolve("mm7stub-0-2.json"), "{\"messageId\":\"mm7stub-0-2\",\"receivedAt\":\"\"}");
    Files.writeString(dir.resolve("mm7stub-0-3.json"), "[1, 2]");
    Files.write(dir.resolve("mm7stub-0-4.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0x1b});
    Files.writeString(dir.resolve("mm7stub-0-5.json"), "{\"messageId\":\"someone-else\",\"receivedAt\":"
        + "\"2026-01-01T00:00:00Z\",\"state\":\"ACCEPTED\"}");
    Files.createDirectory(dir.resolve("mm7stub-0-6.json"));
    Files.write(dir.resolve("mm7stub-a-1.json.tmp"), new byte[0]); // a write a killed stub left
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      assertEquals(List.of("mm7stub-a-1", "mm7stub-a-2", "mm7stub-a-3"),
          stub.storedMessages().stream().map(StoredMessage::messageId).sorted().toList());
      assertEquals(1, stub.storedMessage("mm7stub-a-3").replacements());
      assertEquals("tx-mm7stub-a-2", stub.storedMessage("mm7stub-a-2").transactionId());
      java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
      stub.writeStoredRequestTo("mm7stub-a-3", raw);
      assertArrayEquals(request, raw.toByteArray(), "the request the message was accepted with");
      assertEquals(List.of("mm7stub-0-1.json", "mm7stub-0-2.json", "mm7stub-0-3.json", "mm7stub-0-4.json",
          "mm7stub-0-5.json", "mm7stub-0-6.json", "mm7stub-a-4.http", "mm7stub-a-4.json"),
          names(dir.resolve(StartFiles.UNREADABLE)), "set aside, under their own names, with the request's bytes");
      assertEquals(List.of("messages", MessageIndex.FILE, "pushes", "spool", StartFiles.UNREADABLE), names(dir),
          "the migrated files and the leftover temporary file are removed");
      assertEquals(1000, cancel(stub, "mm7stub-a-2").statusCode());
    }
    // a second start finds nothing more to migrate or set aside, and keeps the cancellation
    try (Mm7StubServer again = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(3, again.storedMessageCount());
      assertEquals(StoredMessage.State.CANCELLED, again.storedMessage("mm7stub-a-2").state());
      assertEquals(8, names(dir.resolve(StartFiles.UNREADABLE)).size());
    }
  }

  /**
   * A crash during the migration: a message already in the log whose old files are still there is
   * not appended twice, and its files are removed.
   */
  @Test
  void aMigrationInterruptedAfterTheLogIsNotRepeated() throws Exception {
    byte[] request = Files.readAllBytes(golden("REL-6-MM7-1-4", "SubmitReq.http"));
    Files.writeString(dir.resolve("mm7stub-b-1.json"), oldSummary("mm7stub-b-1", "ACCEPTED", 0));
    Files.write(dir.resolve("mm7stub-b-1.http"), request);
    Path copy = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-old"));
    Files.copy(dir.resolve("mm7stub-b-1.json"), copy.resolve("mm7stub-b-1.json"));
    Files.copy(dir.resolve("mm7stub-b-1.http"), copy.resolve("mm7stub-b-1.http"));
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(1, stub.storedMessageCount());
    }
    Files.copy(copy.resolve("mm7stub-b-1.json"), dir.resolve("mm7stub-b-1.json"));
    Files.copy(copy.resolve("mm7stub-b-1.http"), dir.resolve("mm7stub-b-1.http"));
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(1, stub.storedMessages().size(), "not stored twice");
      assertFalse(Files.exists(dir.resolve("mm7stub-b-1.json")));
      assertFalse(Files.exists(dir.resolve("mm7stub-b-1.http")));
    }
  }

  public static Http.Answer cancel(Mm7StubServer stub, String id) throws Exception {
    Http.Capture c = Http.read(golden("REL-6-MM7-1-4", "CancelReq.http"));
    try (var d = org.openmm7.client.codec.Mm7Codec.lenient().decode(c.contentType(),
        new java.io.ByteArrayInputStream(c.body()))) {
      var e = new org.openmm7.client.codec.Mm7Envelope("tx-cancel", d.envelope().release(), null,
          ((org.openmm7.client.message.CancelRequest) d.message()).toBuilder().messageId(id).build());
      return Http.post(stub.endpoint(), e, null);
    }
  }

  @Test
  void aStoreThatCannotBeWrittenRefusesToStart() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    IOException e = assertThrows(IOException.class, () -> Mm7StubServer.builder().storeDirectory(file).build());
    assertEquals("the store directory " + file + " is not a directory", e.getMessage());
    e = assertThrows(IOException.class, () -> Mm7StubServer.builder().storeDirectory(file.resolve("sub")).build());
    assertTrue(e.getMessage().startsWith("the store directory " + file.resolve("sub") + " cannot be created: "),
        e.getMessage());
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("not a directory"), e.getMessage());
  }

  /** A disk that fails at the n-th step (a record's write or a batch's force) from now, counting from 1. */
  private static StoreLog.Fault failAt(StoreLog.Fault.Step step, int n, List<Path> failed) {
    AtomicInteger steps = new AtomicInteger();
    return (s, file) -> {
      if (s == step && steps.incrementAndGet() == n) {
        failed.add(file);
        throw new IOException("No space left on device");
      }
    };
  }

  /** The bytes of the log's records (read frame by frame: the zeros written ahead of them are none). */
  private long logBytes() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("messages"))) {
      long n = 0;
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(p));
        long at = 0;
        while (at + StoreLog.HEADER <= b.limit() && b.getInt((int) at) == StoreLog.MAGIC) {
          at += StoreLog.HEADER + b.getLong((int) at + 4) + StoreLog.TRAILER;
        }
        for (long z = at; z < b.limit(); z++) {
          assertEquals(0, b.get((int) z), p + ": only zeros after the records, at " + z);
        }
        n += at;
      }
      return n;
    }
  }

  @Test
  void aFailedWriteOrForceIsAnMm7FaultInTheRequestsNamespaceAndLeavesNothing() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      for (String release : List.of("REL-5-MM7-1-2", "REL-6-MM7-1-4")) {
        for (StoreLog.Fault.Step step : StoreLog.Fault.Step.values()) {
          List<Path> failed = new java.util.ArrayList<>();
          stub.storeWriteFault(failAt(step, 1, failed));
          Http.Answer a = Http.post(stub.endpoint(), golden(release, "SubmitReq.http"));
          assertEquals(1, failed.size(), "the fault was hit");
          assertEquals(500, a.httpStatus(), a.toString());
          assertTrue(a.isFault(), a.toString());
          assertEquals(4006, a.statusCode(), a.toString());
          assertTrue(a.namespace().endsWith(release), a.namespace());
          String body = new String(a.body(), StandardCharsets.UTF_8);
          assertFalse(body.contains("java.") || body.contains("<html"), body);
          assertEquals(0, logBytes(), step + ": no byte of the failed write is left");
          assertEquals(0, stub.storedMessageCount(), "not kept in memory either");
        }
      }
      stub.storeWriteFault(StoreLog.Fault.NONE);
      Http.Answer ok = Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
      assertEquals(1000, ok.statusCode());
      String id = ((SubmitResponse) ok.message()).messageId();
      long stored = logBytes();
      // a cancel whose state change cannot be written keeps the message as it was
      for (StoreLog.Fault.Step step : StoreLog.Fault.Step.values()) {
        stub.storeWriteFault(failAt(step, 1, new java.util.ArrayList<>()));
        assertEquals(4006, cancel(stub, id).statusCode());
        assertEquals(StoredMessage.State.ACCEPTED, stub.storedMessage(id).state());
        assertEquals(stored, logBytes());
      }
      stub.storeWriteFault(StoreLog.Fault.NONE);
      assertEquals(1000, cancel(stub, id).statusCode());
      assertEquals(StoredMessage.State.CANCELLED, stub.storedMessage(id).state());
    }
    try (Mm7StubServer again = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(1, again.storedMessageCount(), "what failed is not served after a restart either");
    }
  }

  @Test
  void theVaspRoleDoesNotRememberAFailedAnswerForTheRetry() throws Exception {
    try (Mm7StubServer vasp = Mm7StubServer.builder().role(Role.VASP).storeDirectory(dir).build().start()) {
      vasp.storeWriteFault(failAt(StoreLog.Fault.Step.FORCE, 1, new java.util.ArrayList<>()));
      Path deliver = golden("REL-6-MM7-1-4", "DeliverReq.http");
      assertEquals(4006, Http.post(vasp.endpoint(), deliver).statusCode());
      vasp.storeWriteFault(StoreLog.Fault.NONE);
      assertEquals(1000, Http.post(vasp.endpoint(), deliver).statusCode(), "the relay's retry is stored");
      assertEquals(1, vasp.storedMessages().size());
    }
  }

  /**
   * A real failure, not an injected one: the store directory replaced by a file while the stub runs
   * (its open segment file still takes writes, which would be lost: the log notices the file is gone).
   */
  @Test
  void aStoreDirectoryGoneWhileRunningIsAFaultNotAFrameworkPage() throws Exception {
    Path store = dir.resolve("store");
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(store).build().start()) {
      assertEquals(1000, Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http")).statusCode());
      Files.move(store, dir.resolve("moved"));
      Files.writeString(store, "now a file");
      Http.Answer a = Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
      assertEquals(4006, a.statusCode(), a.toString());
      assertEquals("now a file", Files.readString(store));
    }
  }

  /**
   * The spool for a large body cannot be written: an MM7 4006 fault in the request's namespace, with
   * its TransactionID (before: a plain 400 that blamed the client's body).
   */
  @Test
  void aSpoolThatCannotBeWrittenIsAFaultNotTheClientsBlame() throws Exception {
    Http.Capture c = Http.read(golden("REL-5-MM7-1-2", "SubmitReq.http"));
    byte[] big = java.util.Arrays.copyOf(c.body(), c.body().length + 2 * 1024 * 1024);
    java.util.Arrays.fill(big, c.body().length, big.length, (byte) 'x'); // an epilogue: size is what matters
    // no memory for recordings: the body goes to the spool
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).recordingMemory(0).build().start()) {
      Path own = dir.resolve("spool").resolve("openmm7-" + ProcessHandle.current().pid());
      try (Stream<Path> files = Files.list(own)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(own);
      Files.writeString(own, "a file where the spool was");
      // chunked (no Content-Length): read into the spool as it comes
      java.net.http.HttpResponse<byte[]> r = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(stub.endpoint())
          .header("Content-Type", c.contentType()).header("SOAPAction", "\"\"")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertEquals(500, r.statusCode(), body);
      try (var d = org.openmm7.client.codec.Mm7Codec.lenient().decode(r.headers().firstValue("content-type").orElseThrow(),
          new java.io.ByteArrayInputStream(r.body()))) {
        assertEquals(4006, ((org.openmm7.client.message.Mm7Response) d.message()).status().code(), body);
        assertTrue(d.namespace().endsWith("REL-5-MM7-1-2"), d.namespace());
        assertFalse(d.transactionId().isEmpty());
      }
      assertEquals("a file where the spool was", Files.readString(own));
    }
  }

  /** The push journal cannot be written when a submit asks for delivery reports: 4006, not a framework page. */
  @Test
  void aPushJournalThatCannotBeWrittenIsAFault() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir)
        .vaspEndpoint(java.net.URI.create("http://127.0.0.1:9/vasp")).build().start()) {
      Path pushes = dir.resolve("pushes");
      Files.delete(pushes.resolve(PushJournal.FILE));
      Files.delete(pushes);
      Files.writeString(pushes, "a file where the journal was");
      Http.Answer a = Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
      assertEquals(500, a.httpStatus(), a.toString());
      assertEquals(4006, a.statusCode(), a.toString());
      assertTrue(a.namespace().endsWith("REL-6-MM7-1-4"), a.namespace());
    }
  }
}
