package org.openmm7.client.internal.mime;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Test support: a body delivered to a {@link RecordingInput} in segments of random sizes, each a
 * copy (as a server's buffers would be: the recording must keep them, not the caller's array).
 */
public final class SegmentedRecording extends RecordingInput {
  private final byte[] data;
  private final Random sizes;
  private final int maxSegment;
  private int at;
  private boolean released;

  public SegmentedRecording(byte[] data, Random sizes, int maxSegment) {
    this.data = data;
    this.sizes = sizes;
    this.maxSegment = maxSegment;
  }

  /** Whether the recording gave its segments back. */
  public boolean segmentsReleased() {
    return released;
  }

  @Override
  protected ByteBuffer nextSegment() {
    if (at == data.length) {
      return null;
    }
    int n = Math.min(data.length - at, 1 + sizes.nextInt(maxSegment));
    ByteBuffer b = ByteBuffer.wrap(Arrays.copyOfRange(data, at, at + n));
    at += n;
    return b;
  }

  @Override
  protected void releaseSegments() {
    released = true;
  }
}
