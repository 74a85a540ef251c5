package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.mime.RecordedInput;
import org.openmm7.stub.Mm7StubServer;

/**
 * A recorded request body ({@link BodyArrival} makes them): an array of its size, reused blocks
 * ({@link ChunkRecording}), or a temporary file. What it keeps in memory was taken from a {@link
 * MemoryBudget} and is given back when the recording is forgotten or discarded.
 */
public final class BodyBuffer {
  /**
   * The default budget of every stub's recordings in a JVM: an eighth of the heap, at most 256 MiB
   * (16 MiB at -Xmx128m). Bodies that find no room go to files; {@link
   * Mm7StubServer.Builder#recordingMemory(long)} gives a stub a budget of its own (the one way to
   * set it: there is no system property, so that two stubs in one JVM can differ).
   */
  static final long BUDGET = Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);
  public static final MemoryBudget SHARED = MemoryBudget.of(BUDGET);

  private final byte[] bytes;
  private final Path file;
  private final ChunkRecording chunks;
  private final long size;
  private final MemoryBudget budget;
  /** The budget this body holds (given back by {@link #discard()} or {@link #forget()}). */
  private long held;

  private BodyBuffer(byte[] bytes, Path file, ChunkRecording chunks, long size, MemoryBudget budget, long held) {
    this.bytes = bytes;
    this.file = file;
    this.chunks = chunks;
    this.size = size;
    this.budget = budget;
    this.held = held;
  }

  /** A body in an array, holding {@code held} bytes of the budget. */
  static BodyBuffer of(byte[] bytes, MemoryBudget budget, long held) {
    return new BodyBuffer(bytes, null, null, bytes.length, budget, held);
  }

  /**
   * A body that arrived whole into blocks, holding {@code held} bytes of the budget. The first
   * {@link #open()} is the recording itself (for the codec to make its parts views of the blocks);
   * {@link #settle()} after it.
   */
  static BodyBuffer ofChunks(ChunkRecording recording, long size, MemoryBudget budget, long held) {
    return new BodyBuffer(null, null, recording, size, budget, held);
  }

  /** A body in a temporary file (deleted when the recording is forgotten). */
  static BodyBuffer ofFile(Path file, long size) {
    return new BodyBuffer(null, file, null, size, MemoryBudget.NONE, 0);
  }

  /** An empty body (a request refused before its body was read). */
  static BodyBuffer empty() {
    return of(new byte[0], MemoryBudget.NONE, 0);
  }

  /** The bytes held in memory by the recordings under the shared budget now (for tests). */
  static long held() {
    return SHARED.capacity() - SHARED.available();
  }

  public long size() {
    return size;
  }

  boolean inMemory() {
    return file == null;
  }

  /** What this body holds of its budget now. */
  public synchronized long heldBytes() {
    return held;
  }

  /**
   * A stream over the body; handed to the codec, it lets the decoded parts be slices of this
   * body instead of copies ({@link RecordedInput}).
   */
  public InputStream open() throws IOException {
    if (chunks != null) {
      settle();
      return chunks.open();
    }
    return bytes != null ? RecordedInput.ofArray(bytes, bytes.length) : RecordedInput.ofFile(file);
  }

  /** The stream the first decode reads: the recording itself while nothing has read it. */
  InputStream openForDecode() throws IOException {
    return chunks != null && chunks.untouched() ? chunks : open();
  }

  /** Makes every block a segment of the recording (what the first decode did not read). */
  void settle() throws IOException {
    if (chunks != null && !chunks.ended()) {
      chunks.readToEnd(Long.MAX_VALUE);
    }
  }

  public byte[] bytes() throws IOException {
    if (chunks != null) {
      settle();
      try (InputStream in = chunks.open()) {
        return in.readAllBytes();
      }
    }
    return bytes != null ? bytes.clone() : Files.readAllBytes(file);
  }

  public void writeTo(OutputStream out) throws IOException {
    if (chunks != null) {
      settle();
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
  public void forget() {
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
      budget.give(h);
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
