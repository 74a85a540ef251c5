package org.openmm7.stub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.mime.RecordedInput;

/**
 * A request body: in memory up to a threshold, in a temporary file beyond it, or recorded in
 * reused blocks as it was decoded ({@link ChunkRecording}). A body above the
 * threshold that declares its length, up to {@link #LARGE_IN_MEMORY}, is kept in memory too while
 * the bodies so kept (by every stub in the JVM) hold less than {@link #BUDGET} bytes in all; the
 * budget is given back when the recording is discarded.
 */
final class BodyBuffer {
  /** The largest body kept in memory against the budget. */
  static final int LARGE_IN_MEMORY = 16 * 1024 * 1024;
  /**
   * What the large bodies kept in memory may hold in all: an eighth of the heap, at most 256 MiB
   * (8 MiB at -Xmx64m; the system property {@code openmm7.stub.memoryBudget}, in bytes, sets it, 0
   * turns it off). Recordings keep their bodies until they are forgotten ({@code
   * maxRecordedRequests}), so once the budget is taken by kept bodies, new large ones go to files.
   */
  static final long BUDGET = Long.getLong("openmm7.stub.memoryBudget",
      Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8));
  /** The codec's budget mechanism, with the stub's own size (recordings live longer than decodes). */
  private static final MemoryBudget HELD = MemoryBudget.of(BUDGET);

  private final byte[] bytes;
  private final Path file;
  private final ChunkRecording chunks;
  private final long size;
  /** The budget this body holds (given back by {@link #discard()}). */
  private long held;

  private BodyBuffer(byte[] bytes, Path file, long size) {
    this.bytes = bytes;
    this.file = file;
    this.chunks = null;
    this.size = size;
  }

  private BodyBuffer(ChunkRecording chunks, long held) {
    this.bytes = null;
    this.file = null;
    this.chunks = chunks;
    this.size = chunks.recorded();
    this.held = held;
  }

  /**
   * Takes from the budget what a body of the declared length recorded in blocks holds (its length
   * and at most one block more); false if the budget has no room.
   */
  static boolean holdForChunks(long declared) {
    return HELD.tryTake(declared + ChunkRecording.BLOCK_SIZE);
  }

  /** Gives back what {@link #holdForChunks} took, when the body was not kept after all. */
  static void unholdForChunks(long declared) {
    HELD.give(declared + ChunkRecording.BLOCK_SIZE);
  }

  /** A body recorded in blocks, holding what {@link #holdForChunks} took for it. */
  static BodyBuffer ofChunks(ChunkRecording recording, long declared) {
    return new BodyBuffer(recording, declared + ChunkRecording.BLOCK_SIZE);
  }

  static BodyBuffer of(byte[] bytes) {
    return new BodyBuffer(bytes, null, bytes.length);
  }

  /**
   * Reads at most {@code limit + 1} bytes of {@code in}; {@link #size()} greater than {@code limit}
   * means the body was too large (and the rest was not read).
   */
  static BodyBuffer read(InputStream in, long limit, int memoryThreshold, Path tempDir) throws IOException {
    return read(in, limit, memoryThreshold, tempDir, -1);
  }

  /**
   * As {@link #read(InputStream, long, int, Path, long)}, keeping a body above the threshold in
   * memory when it declares a length up to {@link #LARGE_IN_MEMORY} and the budget has room.
   */
  static BodyBuffer readBudgeted(InputStream in, long limit, int memoryThreshold, Path tempDir, long expected)
      throws IOException {
    if (expected <= memoryThreshold || expected > LARGE_IN_MEMORY || expected > limit || !HELD.tryTake(expected)) {
      return read(in, limit, memoryThreshold, tempDir, expected);
    }
    BodyBuffer b;
    try {
      b = read(in, limit, (int) expected, tempDir, expected);
    } catch (IOException | RuntimeException | Error e) {
      HELD.give(expected);
      throw e;
    }
    if (b.inMemory()) {
      b.held = expected;
    } else {
      HELD.give(expected);
    }
    return b;
  }

  /** The bytes held in memory by large bodies now (for tests). */
  static long held() {
    return HELD.capacity() - HELD.available();
  }

  /**
   * As {@link #read(InputStream, long, int, Path)}, with the declared Content-Length (or -1): a
   * body that declares its size is read into one array of that size, without growing copies.
   */
  static BodyBuffer read(InputStream in, long limit, int memoryThreshold, Path tempDir, long expected)
      throws IOException {
    long max = limit == Long.MAX_VALUE ? limit : limit + 1; // what may be read at most
    int cap = (int) Math.min(memoryThreshold, max);
    byte[] mem = new byte[expected >= 0 ? (int) Math.min(cap, expected) : Math.min(cap, 16384)];
    int n = 0;
    while (n < max) {
      if (n == mem.length) {
        int next = in.read(); // full: one byte tells whether there is more
        if (next < 0) {
          break;
        }
        if (n >= cap) {
          return spill(in, mem, n, next, max, tempDir);
        }
        mem = Arrays.copyOf(mem, (int) Math.min(cap, Math.max(16384, 2L * n)));
        mem[n++] = (byte) next;
        continue;
      }
      int r = in.read(mem, n, (int) Math.min(mem.length - n, max - n));
      if (r < 0) {
        break;
      }
      n += r;
    }
    return new BodyBuffer(n == mem.length ? mem : Arrays.copyOf(mem, n), null, n);
  }

  /**
   * The spool could not be written (disk full, a directory gone): the server's failure, not the
   * client's; it carries the start of the body, for the TransactionID and namespace of the answer.
   */
  static final class SpoolFailure extends IOException {
    private final String head;

    SpoolFailure(byte[] head, int length, IOException cause) {
      super("cannot spool the request body: " + cause.getMessage(), cause);
      this.head = new String(head, 0, Math.min(length, 65536), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The start of the body, as ISO-8859-1 text. */
    String head() {
      return head;
    }
  }

  private static BodyBuffer spill(InputStream in, byte[] head, int headSize, int next, long max, Path tempDir)
      throws IOException {
    Path file;
    try {
      file = tempDir == null ? Files.createTempFile("mm7-stub-", ".body")
          : Files.createTempFile(tempDir, "mm7-stub-", ".body");
    } catch (IOException e) {
      throw new SpoolFailure(head, headSize, e);
    }
    long total = headSize + 1L;
    // no O_TRUNC on the new file: on ext4 a truncated-then-written file is flushed at close (auto_da_alloc)
    OutputStream out = null;
    try {
      try {
        out = Files.newOutputStream(file, StandardOpenOption.WRITE);
        out.write(head, 0, headSize);
        out.write(next);
      } catch (IOException e) {
        throw new SpoolFailure(head, headSize, e);
      }
      byte[] buf = new byte[65536]; // not head: a failure names the body's start from it
      int r;
      while (total < max && (r = in.read(buf, 0, (int) Math.min(buf.length, max - total))) > 0) {
        try {
          out.write(buf, 0, r);
        } catch (IOException e) {
          throw new SpoolFailure(head, headSize, e);
        }
        total += r;
      }
      try {
        out.close();
      } catch (IOException e) {
        throw new SpoolFailure(head, headSize, e);
      }
    } catch (IOException | RuntimeException e) {
      if (out != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      Files.deleteIfExists(file); // a failed spool leaves no file behind
      throw e;
    }
    return new BodyBuffer(null, file, total);
  }

  long size() {
    return size;
  }

  boolean inMemory() {
    return file == null;
  }

  /**
   * A stream over the body; handed to the codec, it lets the decoded parts be slices of this
   * body instead of copies ({@link RecordedInput}).
   */
  InputStream open() throws IOException {
    if (chunks != null) {
      return chunks.open();
    }
    return bytes != null ? RecordedInput.ofArray(bytes, bytes.length) : RecordedInput.ofFile(file);
  }

  byte[] bytes() throws IOException {
    if (chunks != null) {
      try (InputStream in = chunks.open()) {
        return in.readAllBytes();
      }
    }
    return bytes != null ? bytes.clone() : Files.readAllBytes(file);
  }

  void writeTo(OutputStream out) throws IOException {
    if (chunks != null) {
      chunks.writeTo(out);
    } else if (bytes != null) {
      out.write(bytes);
    } else {
      Files.copy(file, out);
    }
  }

  /**
   * Gives back the budget and the temporary file like {@link #discard()}, but a body recorded in
   * blocks keeps them: it stays readable, and its memory goes to the collector once nothing
   * refers to it, instead of to the next recording.
   */
  void forget() {
    if (chunks != null) {
      chunks.detach();
    }
    giveBack(false);
  }

  void discard() {
    giveBack(true);
  }

  private void giveBack(boolean releaseChunks) {
    long h;
    synchronized (this) {
      h = held;
      held = 0;
    }
    if (chunks != null && releaseChunks) {
      chunks.release();
    }
    if (h > 0) {
      HELD.give(h);
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; the OS cleans up
      }
    }
  }
}
