package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
    ByteArrayOutputStream mem = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    long total = 0;
    OutputStream fileOut = null;
    Path file = null;
    try {
      int n;
      while (total <= limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit + 1 - total))) > 0) {
        total += n;
        if (fileOut == null && total > memoryThreshold) {
          file = tempDir == null ? Files.createTempFile("mm7-stub-", ".body")
              : Files.createTempFile(tempDir, "mm7-stub-", ".body");
          // no O_TRUNC on the new file: see MimeReader.spill (ext4 auto_da_alloc)
          fileOut = Files.newOutputStream(file, StandardOpenOption.WRITE);
          mem.writeTo(fileOut);
          mem = null;
        }
        if (fileOut != null) {
          fileOut.write(buf, 0, n);
        } else {
          mem.write(buf, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (fileOut != null) {
        fileOut.close();
        Files.deleteIfExists(file);
      }
      throw e;
    }
    if (fileOut != null) {
      fileOut.close();
      return new BodyBuffer(null, file, total);
    }
    return new BodyBuffer(mem.toByteArray(), null, total);
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
