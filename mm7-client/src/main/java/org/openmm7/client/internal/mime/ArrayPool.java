package org.openmm7.client.internal.mime;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Internal: a bounded free list of byte arrays of one size, shared by threads. {@link #take()}
 * reuses an array given back or makes a new one; {@link #give} keeps it unless the list is full,
 * in which case it is left to the collector. Not part of the public API.
 */
public final class ArrayPool {
  private final int size;
  private final ArrayBlockingQueue<byte[]> free;

  /** Arrays of {@code size} bytes, at most {@code maxKept} of them kept for reuse. */
  public ArrayPool(int size, int maxKept) {
    this.size = size;
    this.free = new ArrayBlockingQueue<>(Math.max(1, maxKept));
  }

  /** The arrays' size. */
  public int size() {
    return size;
  }

  /** An array of {@link #size()} bytes: a reused one (its old content still in it) or a new one. */
  public byte[] take() {
    byte[] b = free.poll();
    return b != null ? b : new byte[size];
  }

  /** Gives an array back; the caller must hold no reference to it afterwards. */
  public void give(byte[] b) {
    if (b != null && b.length == size) {
      free.offer(b);
    }
  }
}
