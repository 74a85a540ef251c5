package org.openmm7.client.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentSource;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * Run in a JVM with a small heap by {@link LargeAttachmentTest}: encodes a SubmitReq with an
 * attachment of the given size (generated on the fly, never in memory) into a pipe, decodes it
 * from the other end, and checks size and CRC32. Prints "OK size crc peakHeapMiB".
 */
public final class LargeAttachmentMain {
  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    CRC32 sentCrc = new CRC32();
    ContentSource generated = new ContentSource() {
      @Override
      public InputStream open() {
        return new PatternStream(size, sentCrc);
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(size);
      }
    };
    SubmitRequest submit = SubmitRequest.builder()
        .vaspId("acme").recipients(Recipients.to(Address.number("+447000000001")))
        .content(Multipart.mixed(TextPart.of("a large video"),
            BinaryPart.ofStream(generated, "video/mp4").withContentId("video@openmm7")))
        .build();
    Mm7Codec codec = Mm7Codec.builder().maxMessageSize(Long.MAX_VALUE).build();
    EncodedMessage encoded = codec.encode(Mm7Envelope.of("big-1", Mm7Release.latest(), submit));

    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (out) {
        encoded.writeTo(out);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    long got;
    CRC32 gotCrc = new CRC32();
    try (DecodedMessage d = codec.decode(encoded.contentType(), in)) {
      BinaryPart video = (BinaryPart) d.leafParts().get(1);
      try (InputStream v = video.openStream()) {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r; (r = v.read(buf)) > 0; ) {
          gotCrc.update(buf, 0, r);
          n += r;
        }
        got = n;
      }
    }
    writer.join();
    if (got != size || gotCrc.getValue() != sentCrc.getValue()) {
      System.out.println("MISMATCH size " + got + " crc " + gotCrc.getValue() + " != " + sentCrc.getValue());
      System.exit(2);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("OK " + got + " " + gotCrc.getValue() + " " + (peak >> 20));
  }

  /** Deterministic pseudo-random bytes, counted into a CRC as they are produced. */
  static final class PatternStream extends InputStream {
    private final long size;
    private final CRC32 crc;
    private long pos;
    private int state = 0x2545F491;

    PatternStream(long size, CRC32 crc) {
      this.size = size;
      this.crc = crc;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        b[off + i] = (byte) state;
      }
      crc.update(b, off, n);
      pos += n;
      return n;
    }
  }
}
