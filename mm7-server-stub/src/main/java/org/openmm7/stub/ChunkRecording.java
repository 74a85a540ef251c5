package org.openmm7.stub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.IO;
import org.openmm7.client.internal.mime.ArrayPool;
import org.openmm7.client.internal.mime.RecordingInput;
import org.openmm7.client.internal.transport.MinimumRateInput;

/**
 * A request body recorded as it arrives, for the codec to decode while it is read (the delimiter
 * search then runs over bytes still in the cache, instead of a second pass over the whole body).
 * Each piece Jetty hands over is copied into blocks of {@value #BLOCK_SIZE} bytes that are reused
 * from one recording to the next, and the piece is given back at once, so Jetty reads the next one
 * into the same warm buffer: no array of the body's size is allocated (and zeroed) for it.
 *
 * <p>Reusing the blocks is safe because a recording is only given back by {@link #release()},
 * after which reading it, or a part decoded from it, fails ({@link RecordingInput}).
 */
final class ChunkRecording extends RecordingInput {
  static final int BLOCK_SIZE = 64 * 1024;
  /**
   * Blocks given back by released recordings, for the next ones: at most min(64 MiB, heap / 16)
   * are kept, beyond that given-back blocks are left to the collector.
   */
  private static final ArrayPool BLOCKS = new ArrayPool(BLOCK_SIZE,
      (int) (Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16) / BLOCK_SIZE));

  private final Content.Source source;
  private final MinimumRateInput.Meter meter;
  private final List<byte[]> blocks = new ArrayList<>();
  private byte[] block;
  private int filled;
  /** The chunk being copied, and what of it is left. */
  private Content.Chunk chunk;
  private ByteBuffer rest;
  private boolean last;
  /** What ended the transfer early (the client went away, too slow), kept for the handler. */
  private IOException failure;

  /** @param minBytesPerSecond the minimum average rate of the body, 0 for none */
  ChunkRecording(Content.Source source, long minBytesPerSecond) {
    this.source = source;
    this.meter = minBytesPerSecond > 0 ? new MinimumRateInput.Meter(minBytesPerSecond) : null;
  }

  /** The transport failure that ended the body early, or null (the codec may have hidden it). */
  IOException failure() {
    return failure;
  }

  @Override
  protected ByteBuffer nextSegment() throws IOException {
    try {
      if (rest == null && !nextChunk()) {
        return null;
      }
      if (block == null || filled == block.length) {
        block = BLOCKS.take();
        blocks.add(block);
        filled = 0;
      }
      int n = Math.min(rest.remaining(), block.length - filled);
      rest.get(block, filled, n);
      ByteBuffer segment = ByteBuffer.wrap(block, filled, n);
      filled += n;
      if (!rest.hasRemaining()) {
        chunk.release(); // Jetty reads the next piece into the same buffer
        chunk = null;
        rest = null;
      }
      return segment;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** Waits for the next non-empty chunk; false at the end of the body. */
  private boolean nextChunk() throws IOException {
    while (!last) {
      Content.Chunk c = source.read();
      if (c == null) {
        try (Blocker.Runnable blocker = Blocker.runnable()) {
          source.demand(blocker);
          blocker.block();
        }
        continue;
      }
      if (Content.Chunk.isFailure(c)) {
        Throwable cause = c.getFailure();
        if (!c.isLast()) {
          source.fail(cause); // a transient failure (an idle timeout): the body is not coming
        }
        throw IO.rethrow(cause);
      }
      last = c.isLast();
      if (!c.hasRemaining()) {
        c.release();
        continue;
      }
      if (meter != null) {
        meter.received(c.remaining());
      }
      chunk = c;
      rest = c.getByteBuffer();
      return true;
    }
    return false;
  }

  /**
   * Lets the blocks go without offering them for reuse, so that the recording (and what was
   * decoded from it) stays readable; {@link #release()} after this gives back nothing.
   */
  void detach() {
    letGo(false);
  }

  @Override
  protected void releaseSegments() {
    letGo(true);
  }

  /** Gives back a chunk still being copied, and the blocks: to the pool, or to the collector. */
  private void letGo(boolean reuseBlocks) {
    if (chunk != null) {
      chunk.release();
      chunk = null;
      rest = null;
    }
    if (reuseBlocks) {
      blocks.forEach(BLOCKS::give);
    }
    blocks.clear();
    block = null;
  }
}
