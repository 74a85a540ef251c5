package org.openmm7.client.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openmm7.client.internal.mime.MemoryBudget;

/**
 * A push's body kept while it arrives (read without a thread waiting for it): in 64 KiB blocks
 * while the memory budget has room, in a temporary file beyond. {@link #discard()} gives both back.
 */
final class ArrivingBody {
  static final int BLOCK = 64 * 1024;
  /** What the bodies arriving at every endpoint in the JVM may hold: a sixteenth of the heap, at most 64 MiB. */
  static final MemoryBudget BUDGET = MemoryBudget.of(Math.min(Runtime.getRuntime().maxMemory() / 16, 64L << 20));

  private final MemoryBudget budget;
  private final List<byte[]> blocks = new ArrayList<>();
  private int filled; // of the last block
  private long held;
  private long size;
  private Path file;
  private OutputStream fileOut;

  ArrivingBody(MemoryBudget budget) {
    this.budget = budget;
  }

  long size() {
    return size;
  }

  synchronized void append(byte[] b, int off, int len) throws IOException {
    size += len;
    while (len > 0 && file == null) {
      if (blocks.isEmpty() || filled == BLOCK) {
        if (!budget.tryTake(BLOCK)) {
          spill();
          break;
        }
        held += BLOCK;
        blocks.add(new byte[BLOCK]);
        filled = 0;
      }
      int n = Math.min(len, BLOCK - filled);
      System.arraycopy(b, off, blocks.get(blocks.size() - 1), filled, n);
      filled += n;
      off += n;
      len -= n;
    }
    if (len > 0) {
      fileOut.write(b, off, len);
    }
  }

  private void spill() throws IOException {
    file = Files.createTempFile("mm7-push-", ".body");
    fileOut = Files.newOutputStream(file, StandardOpenOption.WRITE);
    for (int i = 0; i < blocks.size(); i++) {
      fileOut.write(blocks.get(i), 0, i == blocks.size() - 1 ? filled : BLOCK);
    }
    blocks.clear();
    budget.give(held);
    held = 0;
  }

  /** The whole body (after the last append). */
  synchronized InputStream open() throws IOException {
    if (file != null) {
      fileOut.close();
      return Files.newInputStream(file);
    }
    List<InputStream> parts = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      parts.add(new ByteArrayInputStream(blocks.get(i), 0, i == blocks.size() - 1 ? filled : BLOCK));
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** Gives back the memory and deletes the file; idempotent. */
  synchronized void discard() {
    blocks.clear();
    budget.give(held);
    held = 0;
    if (file != null) {
      try {
        fileOut.close();
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file: the OS cleans up
      }
      file = null;
    }
  }
}
