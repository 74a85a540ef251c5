package org.openmm7.stub.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentSource;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.SubmitRequest;

/**
 * The stub's recording of a body in blocks: every byte kept in order whatever the pieces, the
 * blocks it takes counted in advance, and views that refuse to read once the recording is released.
 */
class ChunkRecordingTest {
  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Pieces of 1 byte to 150 KB (more than a block): the recording is the body, byte for byte. */
  @Test
  void piecesOfAnySizeAreRecordedInOrder() throws IOException {
    byte[] body = random(700_000, 1);
    ChunkRecording rec = new ChunkRecording();
    Random r = new Random(2);
    int at = 0;
    int blocks = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, r.nextBoolean() ? 1 + r.nextInt(64) : 1 + r.nextInt(150_000));
      blocks += rec.blocksFor(n);
      rec.append(ByteBuffer.wrap(body, at, n));
      assertEquals(blocks, rec.blockCount(), "blocksFor counts the blocks append takes");
      at += n;
    }
    assertEquals((body.length + ChunkRecording.BLOCK_SIZE - 1) / ChunkRecording.BLOCK_SIZE, rec.blockCount());
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buf = new byte[5000];
    int n;
    while ((n = rec.read(buf, 0, 1 + r.nextInt(buf.length))) > 0) {
      read.write(buf, 0, n);
    }
    assertArrayEquals(body, read.toByteArray());
    assertTrue(rec.ended());
    assertEquals(body.length, rec.recorded());
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

  /** The codec decodes the recording; the attachment is a view of it. */
  @Test
  void aMessageDecodedFromTheRecordingHasItsAttachmentAsAView() throws Exception {
    StreamedBodyTest.Wire w = StreamedBodyTest.submit(300_000);
    byte[] image = w.image();
    byte[] body = w.body();
    ChunkRecording rec = new ChunkRecording();
    for (int at = 0; at < body.length; at += 8192) {
      rec.append(ByteBuffer.wrap(body, at, Math.min(8192, body.length - at)));
    }
    MimePart content;
    try (DecodedMessage d = Mm7Codec.lenient().decode(w.contentType(), rec)) {
      content = ((SubmitRequest) d.message()).content();
    }
    assertArrayEquals(image, ((BinaryPart) content).bytes());
    assertEquals(body.length, rec.recorded());
    assertArrayEquals(body, rec.copy());
    rec.release();
    assertThrows(IllegalStateException.class, () -> ((BinaryPart) content).bytes());
  }
}
