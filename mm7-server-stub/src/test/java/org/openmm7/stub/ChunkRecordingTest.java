package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentSource;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.SubmitRequest;

/**
 * The stub's recording of a body as it arrives, over a scripted Jetty content source: every byte
 * kept in order whatever the pieces, every Jetty chunk given back, views that refuse to read once
 * the recording is released, and transport failures kept for the handler.
 */
class ChunkRecordingTest {
  /** A content source that hands out scripted chunks, some only after a demand. */
  private static final class ScriptedSource implements Content.Source {
    final Deque<Content.Chunk> chunks = new ArrayDeque<>();
    final AtomicInteger released = new AtomicInteger();
    int created;
    boolean nullNext = true;
    Throwable failed;

    void add(byte[] data, int from, int to, boolean last) {
      created++;
      chunks.add(Content.Chunk.from(ByteBuffer.wrap(data, from, to - from).slice(), last, released::incrementAndGet));
    }

    @Override
    public Content.Chunk read() {
      // every other read finds nothing yet: the recording must wait for a demand
      nullNext = !nullNext;
      if (nullNext || chunks.isEmpty()) {
        return chunks.isEmpty() ? Content.Chunk.EOF : null;
      }
      return chunks.poll();
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }

    @Override
    public void fail(Throwable failure) {
      failed = failure;
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Pieces of 1 byte to 150 KB (more than a block): the recording is the body, byte for byte. */
  @Test
  void piecesOfAnySizeAreRecordedInOrderAndEveryChunkIsGivenBack() throws IOException {
    byte[] body = random(700_000, 1);
    ScriptedSource source = new ScriptedSource();
    Random r = new Random(2);
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, r.nextBoolean() ? 1 + r.nextInt(64) : 1 + r.nextInt(150_000));
      source.add(body, at, at + n, at + n == body.length);
      at += n;
    }
    ChunkRecording rec = new ChunkRecording(source, 0);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buf = new byte[5000];
    int n;
    while ((n = rec.read(buf, 0, 1 + r.nextInt(buf.length))) > 0) {
      read.write(buf, 0, n);
    }
    assertArrayEquals(body, read.toByteArray());
    assertTrue(rec.ended());
    assertEquals(body.length, rec.recorded());
    // each chunk is given back as soon as it is copied, not when the recording is released
    assertEquals(source.created, source.released.get());
    try (InputStream all = rec.open()) {
      assertArrayEquals(body, all.readAllBytes());
    }
    ContentSource middle = rec.slice(123_456, 300_000);
    try (InputStream in = middle.open()) {
      assertArrayEquals(java.util.Arrays.copyOfRange(body, 123_456, 423_456), in.readAllBytes());
    }
    rec.release();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> middle.open().read());
    assertTrue(e.getMessage().contains("released"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> rec.open().readAllBytes());
    rec.release(); // twice: harmless
  }

  /** The codec decodes while the body arrives; the attachment is a view of the recording. */
  @Test
  void aMessageDecodedFromTheRecordingHasItsAttachmentAsAView() throws Exception {
    StreamedBodyTest.Wire w = StreamedBodyTest.submit(300_000);
    byte[] image = w.image();
    byte[] body = w.body();
    ScriptedSource source = new ScriptedSource();
    for (int at = 0; at < body.length; at += 8192) {
      source.add(body, at, Math.min(body.length, at + 8192), at + 8192 >= body.length);
    }
    ChunkRecording rec = new ChunkRecording(source, 0);
    MimePart content;
    try (DecodedMessage d = Mm7Codec.lenient().decode(w.contentType(), rec)) {
      content = ((SubmitRequest) d.message()).content();
    }
    assertArrayEquals(image, ((BinaryPart) content).bytes());
    assertEquals(body.length, rec.recorded());
    rec.release();
    assertThrows(IllegalStateException.class, () -> ((BinaryPart) content).bytes());
  }

  @Test
  void aFailedTransferIsKeptForTheHandler() {
    byte[] body = random(20_000, 4);
    ScriptedSource source = new ScriptedSource();
    source.add(body, 0, 10_000, false);
    IOException cause = new IOException("early EOF");
    source.chunks.add(Content.Chunk.from(cause, false)); // transient: the recording fails the source
    ChunkRecording rec = new ChunkRecording(source, 0);
    IOException thrown = assertThrows(IOException.class, () -> rec.readAllBytes());
    assertSame(thrown, rec.failure());
    assertSame(cause, source.failed);
    rec.release();
    assertEquals(source.created, source.released.get());
  }
}
