package org.openmm7.stub.internal.http;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.openmm7.client.internal.mime.ArrayPool;
import org.openmm7.client.internal.mime.RecordingInput;

/**
 * A request body recorded in blocks of {@value #BLOCK_SIZE} bytes as it arrives ({@link
 * BodyArrival} appends each piece Jetty hands over and gives the piece back at once), then read by
 * the codec. The blocks are reused from one recording to the next: no array of the body's size is
 * allocated (and zeroed) for it, and the decoded parts are views of the blocks, not copies.
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

  private final List<byte[]> blocks = new ArrayList<>();
  /** How much of each block holds body bytes. */
  private final List<Integer> lengths = new ArrayList<>();
  /** The next block the reader gets. */
  private int next;

  /** How many blocks appending {@code n} more bytes takes that the recording does not have yet. */
  int blocksFor(long n) {
    long room = blocks.isEmpty() ? 0 : BLOCK_SIZE - lengths.get(lengths.size() - 1);
    return n <= room ? 0 : (int) ((n - room + BLOCK_SIZE - 1) / BLOCK_SIZE);
  }

  /** How many blocks the recording holds. */
  int blockCount() {
    return blocks.size();
  }

  /** Copies the rest of {@code piece} into the blocks (taking new ones as needed). */
  void append(ByteBuffer piece) {
    while (piece.hasRemaining()) {
      int last = blocks.size() - 1;
      if (last < 0 || lengths.get(last) == BLOCK_SIZE) {
        blocks.add(BLOCKS.take());
        lengths.add(0);
        last++;
      }
      int filled = lengths.get(last);
      int n = Math.min(piece.remaining(), BLOCK_SIZE - filled);
      piece.get(blocks.get(last), filled, n);
      lengths.set(last, filled + n);
    }
  }

  /** The bytes appended so far, in one array (for a body that turned out small). */
  byte[] copy() {
    long total = 0;
    for (int len : lengths) {
      total += len;
    }
    byte[] out = new byte[Math.toIntExact(total)];
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      System.arraycopy(blocks.get(i), 0, out, at, lengths.get(i));
      at += lengths.get(i);
    }
    return out;
  }

  /** Every block appended so far and its length, in order (for spilling them to a file). */
  List<ByteBuffer> appended() {
    List<ByteBuffer> out = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      out.add(ByteBuffer.wrap(blocks.get(i), 0, lengths.get(i)));
    }
    return out;
  }

  @Override
  protected ByteBuffer nextSegment() {
    // the body has arrived whole before it is read: the blocks are the segments
    if (next == blocks.size()) {
      return null;
    }
    ByteBuffer segment = ByteBuffer.wrap(blocks.get(next), 0, lengths.get(next));
    next++;
    return segment;
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

  /** Gives back the blocks: to the pool, or to the collector. */
  private void letGo(boolean reuseBlocks) {
    if (reuseBlocks) {
      blocks.forEach(BLOCKS::give);
    }
    blocks.clear();
    lengths.clear();
    next = 0;
  }
}
