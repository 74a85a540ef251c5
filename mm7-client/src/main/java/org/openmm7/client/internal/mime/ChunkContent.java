package org.openmm7.client.internal.mime;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.OptionalLong;
import org.openmm7.client.content.ContentSource;

/**
 * A decoded part above the memory threshold kept in memory (within a {@link MemoryBudget}) as the
 * arrays it was read into, so that it is neither copied into one array at the end nor grown by
 * copying. Its reservation is given back when the body is closed or when this becomes
 * unreachable, whichever comes first.
 */
final class ChunkContent implements ContentSource {
  private static final Cleaner CLEANER = Cleaner.create();

  private final byte[][] chunks;
  private final int[] lengths;
  private final long size;

  private ChunkContent(byte[][] chunks, int[] lengths, long size) {
    this.chunks = chunks;
    this.lengths = lengths;
    this.size = size;
  }

  /** The first lengths[i] bytes of each chunk, in order; the reservation (or null) is given back when this is unreachable. */
  static ChunkContent of(List<byte[]> chunks, List<Integer> lengths, MemoryBudget.Reservation reservation) {
    byte[][] c = chunks.toArray(new byte[0][]);
    int[] l = new int[c.length];
    long size = 0;
    for (int i = 0; i < c.length; i++) {
      l[i] = lengths.get(i);
      size += l[i];
    }
    ChunkContent content = new ChunkContent(c, l, size);
    if (reservation != null) {
      CLEANER.register(content, reservation);
    }
    return content;
  }

  @Override
  public InputStream open() {
    return new In();
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.of(size);
  }

  private final class In extends InputStream {
    private int chunk;
    private int pos;

    /** Moves past finished chunks; false at the end. */
    private boolean more() {
      while (chunk < chunks.length && pos == lengths[chunk]) {
        chunk++;
        pos = 0;
      }
      return chunk < chunks.length;
    }

    @Override
    public int read() {
      return more() ? chunks[chunk][pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!more()) {
        return -1;
      }
      int n = Math.min(len, lengths[chunk] - pos);
      System.arraycopy(chunks[chunk], pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = 0;
      while (skipped < n && more()) {
        int k = (int) Math.min(n - skipped, lengths[chunk] - pos);
        pos += k;
        skipped += k;
      }
      return skipped;
    }

    @Override
    public int available() {
      return more() ? lengths[chunk] - pos : 0;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      long n = 0;
      while (more()) {
        int k = lengths[chunk] - pos;
        out.write(chunks[chunk], pos, k); // straight from the chunk, no copy through a buffer
        pos += k;
        n += k;
      }
      return n;
    }
  }
}
