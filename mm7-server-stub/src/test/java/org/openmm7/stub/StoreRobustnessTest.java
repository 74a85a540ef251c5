package org.openmm7.stub;

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

/**
 * The store directory when its files or its disk fail. Before: one empty summary stopped the stub
 * from starting ("Text '' could not be parsed at index 0", no file named); a failed write was
 * answered with Jetty's HTML 500 naming java.io.IOException and left a 0-byte temporary file.
 */
class StoreRobustnessTest {
  @TempDir
  Path dir;

  static Path golden(String release, String name) {
    return Http.corpus().resolve("golden").resolve(release).resolve(name);
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void unreadableSummariesAreSetAsideAndTheRestServed() throws Exception {
    String kept;
    try (Mm7StubServer first = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      kept = ((SubmitResponse) Http.post(first.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http")).message())
          .messageId();
      Http.post(first.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
    }
    List<String> summaries = names(dir).stream().filter(n -> n.endsWith(".json")).toList();
    assertEquals(2, summaries.size(), names(dir).toString());
    String truncated = summaries.stream().filter(n -> !n.equals(kept + ".json")).findFirst().orElseThrow();
    byte[] whole = Files.readAllBytes(dir.resolve(truncated));
    Files.write(dir.resolve(truncated), java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.write(dir.resolve("mm7stub-0-1.json"), new byte[0]);
    Files.writeString(dir.resolve("mm7stub-0-2.json"), "{\"messageId\":\"mm7stub-0-2\",\"receivedAt\":\"\"}");
    Files.writeString(dir.resolve("mm7stub-0-3.json"), "[1, 2]");
    Files.write(dir.resolve("mm7stub-0-4.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0x1b});
    Files.writeString(dir.resolve("mm7stub-0-5.json"), "{\"messageId\":\"someone-else\",\"receivedAt\":"
        + "\"2026-01-01T00:00:00Z\",\"state\":\"ACCEPTED\"}");
    Files.createDirectory(dir.resolve("mm7stub-0-6.json"));
    Files.write(dir.resolve(kept + ".json.tmp"), new byte[0]); // a write a killed stub left
    try (Mm7StubServer second = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      assertEquals(List.of(kept), second.storedMessages().stream().map(StoredMessage::messageId).toList());
      String truncatedHttp = truncated.replace(".json", ".http");
      assertEquals(List.of("mm7stub-0-1.json", "mm7stub-0-2.json", "mm7stub-0-3.json", "mm7stub-0-4.json",
          "mm7stub-0-5.json", "mm7stub-0-6.json", truncated, truncatedHttp).stream().sorted().toList(),
          names(dir.resolve(StartFiles.UNREADABLE)), "set aside, under their own names, with the request's bytes");
      assertTrue(Files.exists(dir.resolve(kept + ".http")));
      assertFalse(Files.exists(dir.resolve(kept + ".json.tmp")), "the leftover temporary file is removed");
      assertEquals(1000, Http.post(second.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http")).statusCode());
    }
    // a second start finds nothing more to set aside, and does not overwrite what is there
    Files.write(dir.resolve("mm7stub-0-1.json"), new byte[0]);
    try (Mm7StubServer third = Mm7StubServer.builder().storeDirectory(dir).build()) {
      assertEquals(2, third.storedMessages().size());
      assertTrue(Files.exists(dir.resolve(StartFiles.UNREADABLE).resolve("mm7stub-0-1.json.2")));
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

  /** A disk that fails on the n-th write from now (counting from 1), with the error a full disk gives. */
  private static MessageStore.WriteFault failOnWrite(int n, List<Path> failed) {
    AtomicInteger writes = new AtomicInteger();
    return file -> {
      if (writes.incrementAndGet() == n) {
        failed.add(file);
        throw new IOException("No space left on device");
      }
    };
  }

  @Test
  void aFailedWriteIsAnMm7FaultInTheRequestsNamespaceAndLeavesNothing() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).build().start()) {
      for (String release : List.of("REL-5-MM7-1-2", "REL-6-MM7-1-4")) {
        for (int failing : new int[] {1, 2}) { // the request's bytes, then its summary
          List<Path> failed = new java.util.ArrayList<>();
          stub.storeWriteFault(failOnWrite(failing, failed));
          Http.Answer a = Http.post(stub.endpoint(), golden(release, "SubmitReq.http"));
          assertEquals(1, failed.size(), "the fault was hit");
          assertEquals(500, a.httpStatus(), a.toString());
          assertTrue(a.isFault(), a.toString());
          assertEquals(4006, a.statusCode(), a.toString());
          assertTrue(a.namespace().endsWith(release), a.namespace());
          String body = new String(a.body(), StandardCharsets.UTF_8);
          assertFalse(body.contains("java.") || body.contains("<html"), body);
          assertEquals(List.of("pushes", "spool"), names(dir), "no file of the failed write is left");
          assertTrue(stub.storedMessages().isEmpty(), "not kept in memory either");
        }
      }
      stub.storeWriteFault(MessageStore.WriteFault.NONE);
      Http.Answer ok = Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
      assertEquals(1000, ok.statusCode());
      String id = ((SubmitResponse) ok.message()).messageId();
      // a cancel whose state change cannot be written keeps the message as it was
      stub.storeWriteFault(failOnWrite(1, new java.util.ArrayList<>()));
      Http.Capture c = Http.read(golden("REL-6-MM7-1-4", "CancelReq.http"));
      try (var d = org.openmm7.client.codec.Mm7Codec.lenient().decode(c.contentType(),
          new java.io.ByteArrayInputStream(c.body()))) {
        var e = new org.openmm7.client.codec.Mm7Envelope("tx-cancel", d.envelope().release(), null,
            ((org.openmm7.client.message.CancelRequest) d.message()).toBuilder().messageId(id).build());
        assertEquals(4006, Http.post(stub.endpoint(), e, null).statusCode());
        assertEquals(StoredMessage.State.ACCEPTED, stub.storedMessage(id).state());
        stub.storeWriteFault(MessageStore.WriteFault.NONE);
        assertEquals(1000, Http.post(stub.endpoint(), e, null).statusCode());
        assertEquals(StoredMessage.State.CANCELLED, stub.storedMessage(id).state());
      }
      assertEquals(List.of(id + ".http", id + ".json", "pushes", "spool"), names(dir));
    }
  }

  @Test
  void theVaspRoleDoesNotRememberAFailedAnswerForTheRetry() throws Exception {
    try (Mm7StubServer vasp = Mm7StubServer.builder().role(Role.VASP).storeDirectory(dir).build().start()) {
      vasp.storeWriteFault(failOnWrite(1, new java.util.ArrayList<>()));
      Path deliver = golden("REL-6-MM7-1-4", "DeliverReq.http");
      assertEquals(4006, Http.post(vasp.endpoint(), deliver).statusCode());
      vasp.storeWriteFault(MessageStore.WriteFault.NONE);
      assertEquals(1000, Http.post(vasp.endpoint(), deliver).statusCode(), "the relay's retry is stored");
      assertEquals(1, vasp.storedMessages().size());
    }
  }

  /** A real failure, not an injected one: the store directory replaced by a file while the stub runs. */
  @Test
  void aStoreDirectoryGoneWhileRunningIsAFaultNotAFrameworkPage() throws Exception {
    Path store = dir.resolve("store");
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(store).build().start()) {
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
        assertEquals(4006, ((org.openmm7.client.message.Mm7Response) d.message()).status().code().code(), body);
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
      Files.delete(pushes);
      Files.writeString(pushes, "a file where the journal was");
      Http.Answer a = Http.post(stub.endpoint(), golden("REL-6-MM7-1-4", "SubmitReq.http"));
      assertEquals(500, a.httpStatus(), a.toString());
      assertEquals(4006, a.statusCode(), a.toString());
      assertTrue(a.namespace().endsWith("REL-6-MM7-1-4"), a.namespace());
    }
  }
}
