package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.Profile;

/**
 * Every answer the stub gives before a body's end (the spool failed, the body grew past the limit,
 * a relay profile refuses chunked bodies or answers 413) is followed by reading and dropping a
 * bounded rest, so a client still sending reads the answer (RFC 9112 9.6). Before: the stub closed
 * with the body unread, the kernel reset the connection, the client's writes failed and the answer
 * could be lost with them ("header parser received no bytes", seen in StoreRobustnessTest under
 * load). Each case sends 12 MiB, more than loopback's socket buffers hold.
 */
class EarlyAnswerDrainTest {
  private static final int BODY = 12 * 1024 * 1024;

  @TempDir
  Path dir;

  private static Http.Capture submit() throws IOException {
    return Http.read(Http.corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve("SubmitReq.http"));
  }

  /** The SubmitReq followed by an epilogue up to {@code size} bytes: size is what matters. */
  private static byte[] padded(Http.Capture c, int size) {
    byte[] big = Arrays.copyOf(c.body(), size);
    Arrays.fill(big, c.body().length, big.length, (byte) 'x');
    return big;
  }

  @Test
  void aSpoolThatFailsMidBodyIsAnsweredAndTheRestRead() throws Exception {
    Http.Capture c = submit();
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(dir).recordingMemory(0)
        .maxMessageSize(64L * 1024 * 1024).build().start()) {
      Path own = dir.resolve("spool").resolve("openmm7-" + ProcessHandle.current().pid());
      try (Stream<Path> files = Files.list(own)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(own);
      Files.writeString(own, "a file where the spool was");
      for (boolean chunked : new boolean[] {false, true}) {
        Exchange x = exchange(stub.endpoint(), c.contentType(), padded(c, BODY), chunked, false);
        assertNull(x.writeFailure(), () -> "the client could not send its body: " + x);
        assertTrue(x.answer().startsWith("HTTP/1.1 500"), x::toString);
        assertEquals("4006", statusCode(x), x::toString);
      }
    }
  }

  @Test
  void aBodyPastTheLimitIsAnsweredAndTheRestReadEvenAfter100Continue() throws Exception {
    Http.Capture c = submit();
    try (Mm7StubServer stub = Mm7StubServer.builder().maxMessageSize(1024 * 1024).build().start()) {
      for (boolean expectContinue : new boolean[] {false, true}) {
        // chunked: the size is learnt only as the body comes, after "100 Continue" was sent
        Exchange x = exchange(stub.endpoint(), c.contentType(), padded(c, BODY), true, expectContinue);
        assertNull(x.writeFailure(), () -> "the client could not send its body: " + x);
        assertEquals("2004", statusCode(x), x::toString); // Multimedia content refused
        assertTrue(x.answer().startsWith("HTTP/1.1 500"), x::toString);
      }
    }
  }

  @Test
  void aRelayProfilesRefusalsBeforeTheBodyEndAreAnsweredAndTheRestRead() throws Exception {
    Http.Capture c = submit();
    Profile no413 = Profile.specification().toBuilder().name("answers-413").maxMessageSize(1024 * 1024)
        .oversize(Profile.Oversize.HTTP_413).build();
    Profile noChunks = Profile.specification().toBuilder().name("no-chunks").chunked(false).build();
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(no413).build().start()) {
      Exchange x = exchange(stub.endpoint(), c.contentType(), padded(c, BODY), true, false);
      assertNull(x.writeFailure(), () -> "the client could not send its body: " + x);
      assertTrue(x.answer().startsWith("HTTP/1.1 413"), x::toString);
    }
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(noChunks).build().start()) {
      Exchange x = exchange(stub.endpoint(), c.contentType(), padded(c, BODY), true, false);
      assertNull(x.writeFailure(), () -> "the client could not send its body: " + x);
      assertTrue(x.answer().startsWith("HTTP/1.1 411"), x::toString);
    }
  }

  /** What a raw client saw: the failure of its body's writing (or null) and the answer it read. */
  record Exchange(Throwable writeFailure, String answer) {
    @Override
    public String toString() {
      return "write failure " + writeFailure + "; answer "
          + (answer.length() > 300 ? answer.substring(0, 300) + "..." : answer);
    }
  }

  /**
   * Sends the head, (after "100 Continue" when asked for) the whole body from a second thread, and
   * reads the answer to the end of the connection.
   */
  private static Exchange exchange(URI endpoint, String contentType, byte[] body, boolean chunked,
      boolean expectContinue) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 10_000);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder("POST " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + endpoint.getPort() + "\r\nContent-Type: " + contentType + "\r\nSOAPAction: \"\"\r\n");
      head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
      if (expectContinue) {
        head.append("Expect: 100-continue\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      if (expectContinue) {
        String interim = readHead(in);
        if (!interim.startsWith("HTTP/1.1 100")) {
          answer.writeBytes(interim.getBytes(StandardCharsets.ISO_8859_1)); // answered at once: send nothing
          in.transferTo(answer);
          return new Exchange(null, answer.toString(StandardCharsets.ISO_8859_1));
        }
      }
      CompletableFuture<Throwable> writing = CompletableFuture.supplyAsync(() -> {
        try {
          int step = 64 * 1024;
          for (int i = 0; i < body.length; i += step) {
            int n = Math.min(step, body.length - i);
            if (chunked) {
              out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(body, i, n);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
          if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
          return null;
        } catch (IOException e) {
          return e;
        }
      });
      try {
        in.transferTo(answer);
      } catch (IOException e) {
        answer.writeBytes(("\n[read failed: " + e + "]").getBytes(StandardCharsets.ISO_8859_1));
      }
      Throwable failure = writing.get(60, TimeUnit.SECONDS);
      return new Exchange(failure, answer.toString(StandardCharsets.ISO_8859_1));
    }
  }

  private static String statusCode(Exchange x) {
    var m = java.util.regex.Pattern.compile("StatusCode>\\s*(\\d+)\\s*<").matcher(x.answer());
    return m.find() ? m.group(1) : null;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      sb.append((char) b);
      if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return sb.toString();
  }
}
