package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.hostile.HostileRun;
import org.openmm7.stub.hostile.RawHttp;

/**
 * Every answer of the stub is MM7 or a bare line of text, whatever fails inside (issue 11): each
 * stage is made to throw in turn (decode, dispatcher, store, encoding of the answer, the inbox),
 * HTTP framing is refused by Jetty in plain text, and a TransactionID that XML cannot carry is
 * echoed escaped rather than making the fault encoder throw.
 */
class LastResortTest {
  private static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";
  @TempDir Path temp;

  private static RawHttp.Response send(Mm7StubServer stub, String request) throws IOException {
    return send(stub, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static RawHttp.Response send(Mm7StubServer stub, byte[] request) throws IOException {
    return RawHttp.exchange(stub.port(), new ByteArrayInputStream(request), 10_000);
  }

  private static RawHttp.Response golden(Mm7StubServer stub) throws IOException {
    return send(stub, Files.readAllBytes(HostileRun.golden()));
  }

  /** No HTML, no Java class or exception name, whatever the answer. */
  private static void assertBare(RawHttp.Response r) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertFalse(body.contains("<html") || body.contains("<HTML") || body.contains("<h1"), body);
    assertFalse(body.matches("(?s).*\\b(java|org|jakarta)\\.[a-z]+\\..*"), "a class name in: " + body);
    assertFalse(body.contains("Exception") || body.contains("Error:") || body.contains("Throwable"), body);
  }

  /** A 500 with an MM7 fault 3000 in the request's namespace, echoing its TransactionID. */
  private static void assertServerErrorFault(RawHttp.Response r, String tx) throws IOException {
    assertFault(r, 3000, tx);
  }

  /** A 500 with an MM7 fault in the request's namespace, echoing its TransactionID. */
  private static void assertFault(RawHttp.Response r, int status, String tx) throws IOException {
    assertEquals(500, r.http(), r.toString());
    assertEquals(status, r.mm7Status(), r.toString());
    assertBare(r);
    try (DecodedMessage d = Mm7Codec.lenient().decode(r.contentType(), new ByteArrayInputStream(r.body()))) {
      assertTrue(d.message() instanceof ErrorResponse, d.message().toString());
      assertEquals(NS, d.namespace());
      assertEquals(tx, d.transactionId());
    }
  }

  @Test
  void aFailingDecodeIsAnsweredWithAFault() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      stub.stageHook(stage -> {
        if (stage.equals("decode")) {
          throw new StackOverflowError("deep inside org.example.Decoder");
        }
      });
      RawHttp.Response r = golden(stub);
      assertEquals(500, r.http(), r.toString());
      assertEquals(3000, r.mm7Status(), r.toString());
      assertBare(r);
      stub.stageHook(stage -> { });
      assertEquals(1000, golden(stub).mm7Status());
    }
  }

  @Test
  void aDispatcherThatThrowsAnErrorIsAnsweredWithAFault() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      stub.setDispatcher(request -> {
        throw new AssertionError("java.lang.AssertionError in a test's dispatcher");
      });
      assertServerErrorFault(golden(stub), goldenTx());
      RecordedRequest rec = stub.takeRequest(java.time.Duration.ofSeconds(5)).orElseThrow();
      assertNotNull(rec.response(), "the fault is recorded as the answer");
      assertEquals(3000, rec.response().statusCode());
    }
  }

  private static String goldenTx() throws IOException {
    Http.Capture c = Http.read(HostileRun.golden());
    try (DecodedMessage d = Mm7Codec.lenient().decode(c.contentType(), new ByteArrayInputStream(c.body()))) {
      return d.transactionId();
    }
  }

  @Test
  void anAnswerThatCannotBeEncodedBecomesAFault() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      // a scripted answer with a NUL in its text: the encoder refuses it
      stub.enqueue(StubReply.message(SubmitResponse.builder()
          .status(new ResponseStatus(Mm7Status.SUCCESS, "ok\u0000", null)).messageId("m1").build()));
      assertServerErrorFault(golden(stub), goldenTx());
      stub.stageHook(stage -> {
        if (stage.equals("encode")) {
          throw new IllegalStateException("org.openmm7.Secret failed");
        }
      });
      assertServerErrorFault(golden(stub), goldenTx());
    }
  }

  @Test
  void aStoreThatFailsIsAnsweredWithAFaultAndSoIsAnOutOfMemoryError() throws Exception {
    Path store = temp.resolve("store");
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(store).build().start()) {
      assertEquals(1000, golden(stub).mm7Status());
      // the store directory becomes a file: every write to it fails
      try (Stream<Path> all = Files.walk(store)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.writeString(store, "not a directory");
      // the store's failure has its own status (4006, service unavailable: retry later)
      assertFault(golden(stub), 4006, goldenTx());
      // and a store that throws what it does not expect is still an MM7 fault
      stub.stageHook(stage -> {
        if (stage.equals("encode")) {
          throw new OutOfMemoryError("Java heap space");
        }
      });
      assertServerErrorFault(golden(stub), goldenTx());
    }
  }

  @Test
  void theInboxFailingInsideAnswersABareLine() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      stub.inboxPushes((Pushes) Proxy.newProxyInstance(Pushes.class.getClassLoader(), new Class<?>[] {Pushes.class},
          (proxy, method, args) -> {
            throw new IllegalStateException("org.openmm7.stub.Secret broke");
          }));
      RawHttp.Response r = send(stub, "GET /api/pushes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertEquals(500, r.http(), r.toString());
      assertTrue(r.contentType().startsWith("text/plain"), r.toString());
      assertBare(r);
    }
  }

  /** Issue 11: a NUL and a control character in the TransactionID of an unreadable message. */
  @Test
  void aTransactionIdThatXmlCannotCarryIsEchoedEscaped() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      String body = "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
          + "<env:Header><mm7:TransactionID xmlns:mm7=\"" + NS + "\">tx\u0000a\u0001b</mm7:TransactionID></env:Header>"
          + "<env:Body><mm7:SubmitReq xmlns:mm7=\"" + NS + "\"></env:Body>";
      byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write(("POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      req.write(bytes);
      RawHttp.Response r = send(stub, req.toByteArray());
      assertEquals(500, r.http(), r.toString());
      assertEquals(2007, r.mm7Status(), r.toString());
      assertBare(r);
      try (DecodedMessage d = Mm7Codec.lenient().decode(r.contentType(), new ByteArrayInputStream(r.body()))) {
        assertEquals("tx\\u0000a\\u0001b", d.transactionId());
      }
      assertEquals("tx\u0000a\u0001b", stub.takeRequest(java.time.Duration.ofSeconds(5)).orElseThrow().transactionId(),
          "recorded as sent");
    }
  }

  /** RFC 9112 6.1: a coding the server does not apply is refused (501), also before chunked. */
  @Test
  void aTransferCodingOtherThanChunkedIsRefused() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      for (String codings : new String[] {"gzip, chunked", "deflate,chunked", "identity, chunked"}) {
        RawHttp.Response r = send(stub, "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            + "Transfer-Encoding: " + codings + "\r\n\r\n5\r\n<a/>x\r\n0\r\n\r\n");
        assertEquals(501, r.http(), codings + ": " + r);
        assertTrue(r.contentType().startsWith("text/plain"), r.toString());
        assertBare(r);
      }
      assertEquals(0, stub.requests().size());
      assertEquals(1000, golden(stub).mm7Status());
    }
  }

  /** Framing Jetty refuses itself: a bare text line, never its HTML page. */
  @Test
  void brokenFramingIsABareLine() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      String[] requests = {
          "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\nxxxx",
          "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
          "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
          "GARBAGE\r\n\r\n",
      };
      for (String request : requests) {
        RawHttp.Response r = send(stub, request);
        assertTrue(r.http() >= 400 && r.http() < 600, request + " -> " + r);
        assertTrue(r.body().length == 0 || r.contentType().startsWith("text/plain"), request + " -> " + r);
        assertBare(r);
      }
      assertEquals(1000, golden(stub).mm7Status());
    }
  }
}
