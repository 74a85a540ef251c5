package org.openmm7.stub.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The records of one {@link StoreLog} segment as their offsets and short keys (what the log's user
 * needs to find a record again: for the store, the record's kind and MessageID), in log order. The
 * open segment's is kept in memory as records become durable; when a segment is sealed it is
 * written beside it ({@code segment-<n>.idx}), so that a start reads these few bytes per record
 * instead of the segment's bodies.
 *
 * <p>The file: {@code int magic, int version, int segment, long segmentSize, long segmentModified
 * (microseconds), int count, count x (long offset, short keyLength, key), int crc32c(all before)}.
 * It describes the segment as it was when sealed: one whose size or modification time has changed
 * since (rewritten without a corrupt record, edited, truncated) is read through instead.
 *
 * <p>Not thread-safe: the log guards the open segment's, and a file's is read into a new instance.
 */
public final class SegmentIndex {
  private static final int MAGIC = 0x4d4d3758; // "MM7X"
  private static final int VERSION = 1;
  private static final int FILE_HEADER = 4 + 4 + 4 + 8 + 8 + 4;
  /** The longest key (its length is a short in the file). */
  static final int MAX_KEY = Short.MAX_VALUE;

  private long[] offsets = new long[64];
  private int[] keyStarts = new int[65];
  private byte[] keys = new byte[1024];
  private int count;

  public static Path pathOf(Path directory, int segment) {
    return directory.resolve(String.format("segment-%08d.idx", segment));
  }

  public int count() {
    return count;
  }

  public long offset(int i) {
    return offsets[i];
  }

  public byte[] key(int i) {
    return Arrays.copyOfRange(keys, keyStarts[i], keyStarts[i + 1]);
  }

  /** Its keys' bytes and 12 bytes each for the offsets, as {@link StoreLog#MAX_OPEN_KEY_BYTES} counts them. */
  long keyBytes() {
    return count * 12L + keyStarts[count];
  }

  /** The heap its arrays take, in bytes (for tests). */
  long heapBytes() {
    return offsets.length * 8L + keyStarts.length * 4L + keys.length;
  }

  void add(long offset, byte[] key) {
    if (key.length > MAX_KEY) {
      throw new IllegalArgumentException("a key of " + key.length + " bytes");
    }
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      keyStarts = Arrays.copyOf(keyStarts, count * 2 + 1);
    }
    int start = keyStarts[count];
    if (start + key.length > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(keys.length * 2, start + key.length));
    }
    System.arraycopy(key, 0, keys, start, key.length);
    offsets[count] = offset;
    keyStarts[++count] = start + key.length;
  }

  /**
   * This index as it is now, for reading while records are added: it shares the arrays, whose
   * first {@code count} entries never change (a growth copies them to new arrays).
   */
  SegmentIndex snapshot() {
    SegmentIndex c = new SegmentIndex();
    c.offsets = offsets;
    c.keyStarts = keyStarts;
    c.keys = keys;
    c.count = count;
    return c;
  }

  /**
   * Writes this as the index of a sealed segment: to a temporary file, forced, then renamed (the
   * caller forces the directory). The segment is not written to after this.
   */
  void write(Path directory, int segment) throws IOException {
    Path file = StoreLog.segmentPath(directory, segment);
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER + count * 10 + keyStarts[count] + 4);
    b.putInt(MAGIC).putInt(VERSION).putInt(segment).putLong(a.size())
        .putLong(a.lastModifiedTime().to(TimeUnit.MICROSECONDS)).putInt(count);
    for (int i = 0; i < count; i++) {
      b.putLong(offsets[i]).putShort((short) (keyStarts[i + 1] - keyStarts[i]));
      b.put(keys, keyStarts[i], keyStarts[i + 1] - keyStarts[i]);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    b.flip();
    Path target = pathOf(directory, segment);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The index written for a sealed segment, or null when there is none or it does not describe the
   * segment as it is now (a bad checksum, another size or modification time): then the segment is
   * read through.
   */
  public static SegmentIndex read(Path directory, int segment) throws IOException {
    Path target = pathOf(directory, segment);
    Path file = StoreLog.segmentPath(directory, segment);
    byte[] bytes;
    BasicFileAttributes a;
    try {
      bytes = Files.readAllBytes(target);
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
    if (bytes.length < FILE_HEADER + 4) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.getInt(bytes.length - 4) != (int) crc.getValue() || b.getInt() != MAGIC || b.getInt() != VERSION
        || b.getInt() != segment || b.getLong() != a.size()
        || b.getLong() != a.lastModifiedTime().to(TimeUnit.MICROSECONDS)) {
      return null;
    }
    int n = b.getInt();
    SegmentIndex out = new SegmentIndex();
    byte[] key = new byte[0];
    try {
      for (int i = 0; i < n; i++) {
        long offset = b.getLong();
        int length = b.getShort();
        if (key.length != length) {
          key = new byte[length];
        }
        b.get(key);
        out.add(offset, key);
      }
    } catch (RuntimeException e) { // a count or a length that does not fit: not an index this stub wrote
      return null;
    }
    return b.remaining() == 4 ? out : null;
  }
}
