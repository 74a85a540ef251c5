package org.openmm7.stub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * For {@link FirstAnswerLoadsTest}, in a JVM of its own: a stub with the defaults answers its first
 * SubmitReq, then sends its first push and serves its inbox's first JSON page. Before each step's
 * line ({@code STEP <step>|<what was answered>}) the JVM has logged every class loaded so far. The
 * requests go over plain sockets: the JDK's HttpClient would load the security providers itself.
 */
public final class FirstAnswerRun {
  private FirstAnswerRun() {}

  public static void main(String[] args) throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
             .deliveryReports(ReportStep.parseList("Forwarded:0ms")).build().start()) {
      SubmitResponse first = post(stub.endpoint(), submit("+447000000001", false));
      step("first answer", first.status().code() + " " + (first.messageId() != null));

      String id = post(stub.endpoint(), submit("+447000000002", true)).messageId();
      PushRecord push = stub.awaitReport(id, "+447000000002", MessageStatus.FORWARDED, Duration.ofSeconds(10));
      step("first push", push.state() + " " + push.lastStatus().code());

      String page = new String(exchange(stub.endpoint(), ("GET /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.UTF_8);
      step("first inbox page", page.substring(0, page.indexOf("\r\n")) + " " + page.contains(id));
    }
  }

  private static void step(String name, String answered) {
    System.out.println("STEP " + name + "|" + answered);
  }

  private static Mm7Envelope submit(String recipient, boolean report) {
    return Mm7Envelope.of("tx-" + recipient, Mm7Release.latest(), SubmitRequest.builder().vaspId("acme")
        .vasId("news").senderAddress(Address.shortCode("12345")).recipients(Recipients.to(Address.number(recipient)))
        .deliveryReport(report).subject("hello").build());
  }

  /** POSTs the request; the answer must be HTTP 200 and a SubmitRsp. */
  private static SubmitResponse post(URI endpoint, Mm7Envelope envelope) throws IOException {
    EncodedMessage e = Mm7Codec.lenient().encode(envelope);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    e.writeTo(body);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("POST " + endpoint.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        + e.contentType() + "\r\nSOAPAction: \"\"\r\nContent-Length: " + body.size()
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    body.writeTo(request);
    byte[] answer = exchange(endpoint, request.toByteArray());
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 200 ") || end < 0) {
      throw new IOException("the stub answered " + text);
    }
    String contentType = null;
    for (String line : text.substring(0, end).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
        contentType = line.substring(13).trim();
      }
    }
    try (DecodedMessage d = Mm7Codec.lenient().decode(contentType, answer, end + 4, answer.length - end - 4)) {
      if (!(d.message() instanceof SubmitResponse r)) {
        throw new IOException("the stub answered " + d.message());
      }
      return r;
    }
  }

  /** Sends the request and reads the whole answer (the connection is closed after it). */
  private static byte[] exchange(URI endpoint, byte[] request) throws IOException {
    try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      return in.readAllBytes();
    }
  }
}
