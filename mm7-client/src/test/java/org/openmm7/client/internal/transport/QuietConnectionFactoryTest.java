package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * How many socket writes a request costs on Mm7Client's connections: each write on loopback runs
 * the TCP path through and wakes the relay's reader. Writes are counted where the connection hands
 * them to the socket's stream, and the relay's side checks that the body arrived intact.
 */
class QuietConnectionFactoryTest {
  private static final ExecutorService RELAY = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-relay");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stopRelay() {
    RELAY.shutdownNow();
  }

  @Test
  void aSmallTextMessageLeavesInOneWrite() throws Exception {
    EncodedMessage message = submit(TextPart.of("Hello from MM7"));
    assertEquals(1, send(message, false).writes.size());
  }

  @Test
  void aHundredKilobyteImageLeavesInOneWrite() throws Exception {
    // was three: the head and SOAP part, then the image (larger than an 8 KB buffer), then the closing delimiter
    EncodedMessage message = submit(BinaryPart.wrap(randomBytes(100 * 1024), "image/jpeg"));
    Sent sent = send(message, false);
    assertEquals(1, sent.writes.size(), "writes of " + sent.sizes());
  }

  @Test
  void aHundredKilobyteImageChunkedLeavesInOneWrite() throws Exception {
    EncodedMessage message = submit(BinaryPart.wrap(randomBytes(100 * 1024), "image/jpeg"));
    Sent sent = send(message, true);
    assertEquals(1, sent.writes.size(), "writes of " + sent.sizes());
  }

  @Test
  void anAttachmentLargerThanTheBufferIsWrittenFromTheCallersArray() throws Exception {
    byte[] video = randomBytes(1024 * 1024);
    EncodedMessage message = submit(BinaryPart.wrap(video, "video/mp4"));
    Sent sent = send(message, false);
    // not copied into the session buffer: the array itself, whole, in one write
    assertTrue(sent.writes.stream().anyMatch(w -> w.array() == video && w.length() == video.length),
        "writes of " + sent.sizes());
    // the head with the SOAP part, the attachment, the closing delimiter
    assertEquals(3, sent.writes.size(), "writes of " + sent.sizes());
  }

  private record Write(byte[] array, int length) {}

  private record Sent(List<Write> writes) {
    List<Integer> sizes() {
      return writes.stream().map(Write::length).toList();
    }
  }

  /**
   * Sends the message on a connection from {@link QuietConnectionFactory#create()} to a relay on
   * loopback that reads it with HttpCore's server side; returns the writes, once the relay has
   * checked the body.
   */
  private static Sent send(EncodedMessage message, boolean chunked) throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    message.writeTo(expected);
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CountingSocket socket = new CountingSocket()) {
      Future<byte[]> received = RELAY.submit(() -> {
        try (Socket accepted = listener.accept()) {
          DefaultBHttpServerConnection relay = new DefaultBHttpServerConnection("http", Http1Config.DEFAULT);
          relay.bind(accepted);
          ClassicHttpRequest request = relay.receiveRequestHeader();
          relay.receiveRequestEntity(request);
          return request.getEntity().getContent().readAllBytes();
        }
      });
      socket.connect(listener.getLocalSocketAddress());
      ManagedHttpClientConnection connection = QuietConnectionFactory.create().createConnection(socket);
      EncodedEntity entity = EncodedEntity.of(message, chunked, null);
      ClassicHttpRequest post = new BasicClassicHttpRequest("POST", "/mm7");
      post.setHeader(HttpHeaders.HOST, "127.0.0.1");
      post.setHeader(HttpHeaders.CONTENT_TYPE, message.contentType());
      if (chunked) {
        post.setHeader(HttpHeaders.TRANSFER_ENCODING, "chunked");
      } else {
        post.setHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(entity.getContentLength()));
      }
      post.setEntity(entity);
      // what HttpClient's request executor does with a request that has a body
      connection.sendRequestHeader(post);
      connection.sendRequestEntity(post);
      connection.flush();
      assertArrayEquals(expected.toByteArray(), received.get(30, TimeUnit.SECONDS));
      return new Sent(List.copyOf(socket.writes));
    }
  }

  private static EncodedMessage submit(MimePart content) throws Exception {
    SubmitRequest request = SubmitRequest.builder()
        .vaspId("acme").vasId("alerts").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447700900123")))
        .subject("writes").content(content.withContentId("part1@test"), true)
        .build();
    return Mm7Codec.lenient().encode(Mm7Envelope.of("t-1", Mm7Release.REL_6_MM7_1_4, request));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** A client socket whose output stream records each write it is given. */
  private static final class CountingSocket extends Socket {
    final List<Write> writes = new ArrayList<>();

    @Override
    public OutputStream getOutputStream() throws IOException {
      return new FilterOutputStream(super.getOutputStream()) {
        @Override
        public void write(int b) throws IOException {
          writes.add(new Write(null, 1));
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writes.add(new Write(b, len));
          out.write(b, off, len);
        }
      };
    }
  }
}
