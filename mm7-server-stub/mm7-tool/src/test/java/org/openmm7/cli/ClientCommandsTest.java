package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;
import picocli.CommandLine;

/** {@code mm7 submit | cancel | replace | listen} against a tiny relay and with pushes from the client. */
class ClientCommandsTest {
  static final Mm7Codec CODEC = Mm7Codec.lenient();

  @TempDir
  Path dir;

  private HttpServer relay;
  private final List<Mm7Message> received = new CopyOnWriteArrayList<>();
  private volatile Function<Mm7Message, Mm7Message> answer;
  private volatile int answerStatus = 200;

  @BeforeEach
  void startRelay() throws IOException {
    relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    relay.createContext("/mm7", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String tx;
      Mm7Release release;
      try (DecodedMessage d = CODEC.decode(ex.getRequestHeaders().getFirst("Content-Type"),
          new ByteArrayInputStream(body))) {
        received.add(d.message());
        tx = d.transactionId();
        release = d.envelope().release();
      }
      byte[] rsp = CODEC.encode(Mm7Envelope.of(tx, release, answer.apply(received.get(received.size() - 1))))
          .soapEnvelope();
      ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
      ex.sendResponseHeaders(answerStatus, rsp.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(rsp);
      }
    });
    relay.start();
  }

  @AfterEach
  void stopRelay() {
    relay.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + relay.getAddress().getPort() + "/mm7";
  }

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void submitPrintsTheMessageId() throws Exception {
    answer = m -> new SubmitResponse(ResponseStatus.SUCCESS, "msg-cli-1");
    Path pic = Files.write(dir.resolve("pic.gif"), new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 2, 3});
    Run r = run("submit", "--url", url(), "--user", "acme", "--password", "pw", "--from", "short:12345",
        "--to", "+447700900123", "--to", "alice@example.org", "--subject", "Hi", "--text", "Hello",
        "--attach", pic.toString(), "--smil", "--delivery-report", "--release", "REL-5-MM7-1-2");
    assertEquals(0, r.exit(), r.err());
    assertEquals("msg-cli-1", r.out().trim());
    SubmitRequest s = (SubmitRequest) received.get(0);
    assertEquals(Address.shortCode("12345"), s.senderAddress());
    assertEquals(List.of(Address.number("+447700900123"), Address.email("alice@example.org")), s.recipients().to());
    assertEquals("Hi", s.subject());
    assertEquals(Boolean.TRUE, s.deliveryReport());
    Multipart content = (Multipart) s.content();
    assertEquals("multipart/related", content.contentType().mediaType());
    assertEquals(3, content.leaves().size(), "SMIL, text, picture");
  }

  @Test
  void aRefusalPrintsTheStatusAndExitsNonZero() {
    answer = m -> ErrorResponse.fromRelay(new ResponseStatus(Mm7Status.ADDRESS_ERROR, "Address Error", "unknown"));
    answerStatus = 500;
    Run r = run("submit", "--url", url(), "--to", "+447700900123", "--text", "x");
    assertEquals(ClientOptions.EXIT_STATUS, r.exit());
    assertTrue(r.err().contains("MM7 status 2002 Address Error (unknown)"), r.err());
  }

  @Test
  void unreachableRelayIsATransportFailure() throws Exception {
    relay.stop(0);
    Run r = run("submit", "--url", url(), "--to", "+447700900123", "--timeout", "2");
    assertEquals(ClientOptions.EXIT_TRANSPORT, r.exit(), r.err());
    assertTrue(r.err().startsWith("failed (connect)"), r.err());
  }

  @Test
  void badAddressIsAUsageError() {
    Run r = run("submit", "--url", url(), "--to", "bob");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("not an address"), r.err());
  }

  @Test
  void cancelAndReplace() {
    answer = m -> m instanceof org.openmm7.client.message.CancelRequest
        ? StatusResponse.cancel(ResponseStatus.SUCCESS) : StatusResponse.replace(ResponseStatus.SUCCESS);
    Run c = run("cancel", "--url", url(), "--message-id", "msg-1", "--vasp-id", "acme");
    assertEquals(0, c.exit(), c.err());
    assertTrue(c.out().startsWith("1000"), c.out());
    Run r = run("replace", "--url", url(), "--message-id", "msg-1", "--text", "corrected");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, received.size());
  }

  @Test
  void listenPrintsPushesAndSavesAttachments() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    StringWriter captured = new StringWriter();
    Writer watching = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        captured.write(cbuf, off, len);
        if (captured.toString().contains("Press Ctrl-C")) {
          started.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(watching, true));
    cl.setErr(new PrintWriter(new StringWriter()));
    Path saved = dir.resolve("in");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cl.execute("listen", "--port", "0", "--dir", saved.toString()));
    assertTrue(started.await(10, TimeUnit.SECONDS), captured.toString());
    ListenCommand listen = cl.getSubcommands().get("listen").getCommand();
    URI endpoint = listen.running().endpoint();
    try (Mm7Client pusher = Mm7Client.builder(endpoint).build()) {
      pusher.send(DeliverRequest.builder().sender(Address.number("+447000000003"))
          .recipients(Recipients.to(Address.shortCode("12345"))).subject("Photo")
          .content(Multipart.mixed(TextPart.of("look").withContentLocation("note.txt"),
              BinaryPart.ofBytes(new byte[] {1, 2, 3, 4}, "image/gif").withContentLocation("../../evil.gif")))
          .build(), "push-1");
      pusher.send(DeliveryReportRequest.builder().messageId("msg-1").recipient(Address.number("+447000000001"))
          .sender(Address.shortCode("12345")).date(OffsetDateTime.parse("2026-11-24T10:00:00Z"))
          .mmStatus(MessageStatus.RETRIEVED).build(), "push-2");
    } finally {
      listen.stop();
    }
    assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    String out = captured.toString();
    assertTrue(out.contains("DeliverReq tx=push-1"), out);
    assertTrue(out.contains("subject=\"Photo\""), out);
    assertTrue(out.contains("DeliveryReportReq tx=push-2"), out);
    assertTrue(out.contains("messageId=msg-1"), out);
    assertTrue(out.contains("status=Retrieved"), out);
    assertEquals("look", Files.readString(saved.resolve("push-1").resolve("1-note.txt"), StandardCharsets.UTF_8));
    assertEquals(4, Files.size(saved.resolve("push-1").resolve("2-evil.gif")), "no path traversal");
  }
}
