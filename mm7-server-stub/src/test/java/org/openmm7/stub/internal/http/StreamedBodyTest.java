package org.openmm7.stub.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Http;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.hostile.RawHttp;

/**
 * Bodies of 64 KiB and more are recorded in reused blocks as they arrive: what is answered,
 * recorded and stored must be exactly what smaller bodies get, and a body that stops half way
 * must give back everything it took.
 */
public class StreamedBodyTest {
  @TempDir Path temp;

  /** A SubmitReq with a random image of the given size, as it goes on the wire. */
  public record Wire(String contentType, byte[] body, byte[] image) {}

  public static Wire submit(int imageSize) throws Exception {
    byte[] image = new byte[imageSize];
    new Random(imageSize).nextBytes(image);
    SubmitRequest s = SubmitRequest.builder().vaspId("vasp").vasId("svc").senderAddress(Address.shortCode("1234"))
        .recipients(Recipients.to(Address.number("+15551230000")))
        .content(BinaryPart.ofBytes(image, "image/jpeg"), true).build();
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-big", Mm7Release.REL_6_MM7_1_4, s));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return new Wire(e.contentType(), out.toByteArray(), image);
  }

  /** What a body of n bytes recorded in blocks holds of the budget. */
  private static long blocks(long n) {
    return (n + ChunkRecording.BLOCK_SIZE - 1) / ChunkRecording.BLOCK_SIZE * ChunkRecording.BLOCK_SIZE;
  }

  private static byte[] head(int port, String contentType, long length) {
    return ("POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
        + "\r\nSOAPAction: \"\"\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aLargeSubmitIsAnsweredRecordedAndStoredByteForByte() throws Exception {
    Wire w = submit(700_000);
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(temp).build().start()) {
      long before = BodyBuffer.held();
      Http.Answer a = Http.post(stub.endpoint(), w.contentType(), w.body(), null);
      assertEquals(200, a.httpStatus());
      assertEquals(1000, a.statusCode(), a.toString());
      assertEquals("tx-big", a.transactionId());
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertNotNull(r);
      assertNull(r.rejection());
      // in blocks: the budget holds the blocks the body fills
      assertEquals(before + blocks(w.body().length), BodyBuffer.held());
      assertArrayEquals(w.body(), r.body());
      assertArrayEquals(w.image(), ((BinaryPart) ((SubmitRequest) r.message()).content()).bytes());
      String id = ((SubmitResponse) a.message()).messageId();
      java.io.ByteArrayOutputStream storedBytes = new java.io.ByteArrayOutputStream();
      stub.writeStoredRequestTo(id, storedBytes);
      byte[] stored = storedBytes.toByteArray();
      assertArrayEquals(w.body(), Arrays.copyOfRange(stored, stored.length - w.body().length, stored.length));
      try (var again = r.decode()) {
        assertArrayEquals(w.image(), ((BinaryPart) ((SubmitRequest) again.message()).content()).bytes());
      }
    }
  }

  /**
   * A recording is a value: once the stub forgets it (beyond maxRecordedRequests), what a test
   * holds stays readable and is not overwritten by later requests; the budget is given back.
   */
  @Test
  void aForgottenRecordingStaysReadable() throws Exception {
    Wire first = submit(200_000);
    Wire second = submit(300_000);
    try (Mm7StubServer stub = Mm7StubServer.builder().maxRecordedRequests(1).build().start()) {
      long before = BodyBuffer.held();
      assertEquals(1000, Http.post(stub.endpoint(), first.contentType(), first.body(), null).statusCode());
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      BinaryPart image = (BinaryPart) ((SubmitRequest) r.message()).content();
      assertArrayEquals(first.image(), image.bytes());
      assertEquals(1000, Http.post(stub.endpoint(), second.contentType(), second.body(), null).statusCode());
      RecordedRequest r2 = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(1000, Http.post(stub.endpoint(), second.contentType(), second.body(), null).statusCode());
      stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertArrayEquals(first.image(), image.bytes(), "the forgotten attachment is not overwritten");
      assertArrayEquals(first.body(), r.body());
      assertArrayEquals(second.body(), r2.body());
      assertEquals(before + blocks(second.body().length), BodyBuffer.held(), "only the one kept holds the budget");
    }
  }

  /** After reset() and after close(), what a test holds stays readable; the budget is given back. */
  @Test
  void recordingsStayReadableAfterResetAndClose() throws Exception {
    Wire w = submit(150_000);
    Wire other = submit(160_000);
    RecordedRequest kept;
    long before;
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      before = BodyBuffer.held();
      assertEquals(1000, Http.post(stub.endpoint(), w.contentType(), w.body(), null).statusCode());
      RecordedRequest reset = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      stub.reset();
      assertEquals(before, BodyBuffer.held(), "the budget is given back at reset");
      assertEquals(1000, Http.post(stub.endpoint(), other.contentType(), other.body(), null).statusCode());
      stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertArrayEquals(w.body(), reset.body());
      assertArrayEquals(w.image(), ((BinaryPart) ((SubmitRequest) reset.message()).content()).bytes());
      assertEquals(1000, Http.post(stub.endpoint(), w.contentType(), w.body(), null).statusCode());
      kept = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
    }
    assertEquals(before, BodyBuffer.held(), "the budget is given back at close");
    assertArrayEquals(w.body(), kept.body());
    assertArrayEquals(w.image(), ((BinaryPart) ((SubmitRequest) kept.message()).content()).bytes());
  }

  /** The client stops half way (its side of the connection shut): 400, nothing recorded or held. */
  @Test
  void aBodyCutShortGivesBackWhatItTook() throws Exception {
    Wire w = submit(500_000);
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      long before = BodyBuffer.held();
      InputStream request = new SequenceInputStream(
          new ByteArrayInputStream(head(stub.port(), w.contentType(), w.body().length)),
          new ByteArrayInputStream(w.body(), 0, w.body().length / 2));
      RawHttp.Response response = RawHttp.exchange(stub.port(), request, 10_000);
      assertEquals(400, response.http(), response.toString());
      assertEquals(before, BodyBuffer.held());
      assertEquals(0, stub.requests().size());
      assertEquals(1000, Http.post(stub.endpoint(), w.contentType(), w.body(), null).statusCode());
    }
  }

  /** A large body that is not a readable multipart is refused, and recorded whole. */
  @Test
  void anUnreadableLargeBodyIsRefusedAndRecordedWhole() throws Exception {
    byte[] junk = new byte[150_000];
    new Random(9).nextBytes(junk);
    String type = "multipart/related; type=\"text/xml\"; boundary=\"never-there\"";
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      Http.Answer a = Http.post(stub.endpoint(), type, junk, null);
      assertTrue(a.statusCode() >= 2000, a.toString());
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertNotNull(r.rejection());
      assertArrayEquals(junk, r.body());
    }
  }

  /** A streamed body sent slower than the minimum rate is cut off with 408, and gives back its budget. */
  @Test
  void aSlowStreamedBodyIsCutOffWith408() throws Exception {
    Wire w = submit(100_000);
    try (Mm7StubServer stub = Mm7StubServer.builder().minRequestDataRate(5_000).build().start()) {
      long before = BodyBuffer.held();
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(head(stub.port(), w.contentType(), w.body().length));
        out.write(w.body(), 0, 1000);
        out.flush();
        InputStream in = socket.getInputStream();
        // one more byte each time the server has not answered yet: after its first second the
        // average is far below 5,000 bytes/s
        Thread writer = new Thread(() -> {
          try {
            for (int i = 1000; i < w.body().length; i++) {
              out.write(w.body()[i]);
              out.flush();
              Thread.sleep(20);
            }
          } catch (Exception e) {
            // closed by the server: expected
          }
        });
        writer.setDaemon(true);
        writer.start();
        String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
        writer.interrupt();
        assertEquals("HTTP/1.1 408", status);
      }
      assertEquals(before, BodyBuffer.held());
      assertEquals(0, stub.requests().size());
    }
  }
}
