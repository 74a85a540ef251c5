package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** A request body: in memory up to a threshold, in a temporary file beyond it. */
final class BodyBuffer {
  private final byte[] bytes;
  private final Path file;
  private final long size;

  private BodyBuffer(byte[] bytes, Path file, long size) {
    this.bytes = bytes;
    this.file = file;
    this.size = size;
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

  private static BodyBuffer spill(InputStream in, byte[] head, int headSize, int next, long max, Path tempDir)
      throws IOException {
    Path file = tempDir == null ? Files.createTempFile("mm7-stub-", ".body")
        : Files.createTempFile(tempDir, "mm7-stub-", ".body");
    long total = headSize + 1L;
    // no O_TRUNC on the new file: on ext4 a truncated-then-written file is flushed at close (auto_da_alloc)
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      out.write(head, 0, headSize);
      out.write(next);
      byte[] buf = head.length >= 65536 ? head : new byte[65536];
      int r;
      while (total < max && (r = in.read(buf, 0, (int) Math.min(buf.length, max - total))) > 0) {
        out.write(buf, 0, r);
        total += r;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new BodyBuffer(null, file, total);
  }

  long size() {
    return size;
  }

  boolean inMemory() {
    return bytes != null;
  }

  InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  byte[] bytes() throws IOException {
    return bytes != null ? bytes.clone() : Files.readAllBytes(file);
  }

  void writeTo(OutputStream out) throws IOException {
    if (bytes != null) {
      out.write(bytes);
    } else {
      Files.copy(file, out);
    }
  }

  void discard() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; the OS cleans up
      }
    }
  }
}
