package org.openmm7.client.internal.mime;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small shared pool of the 64 KiB working buffers a decode needs (the delimiter scanner's and
 * the copy buffer). Without it, decoding a 1 KB message allocated 128 KiB. At most
 * {@link #KEPT} buffers are kept (2 MiB); a decode that finds none allocates, and one that
 * returns a buffer to a full pool drops it.
 */
final class Buffers {
  static final int SIZE = 64 * 1024;
  private static final int KEPT = 32;
  private static final ArrayBlockingQueue<byte[]> POOL = new ArrayBlockingQueue<>(KEPT);

  private Buffers() {}

  /** A buffer of at least {@code size} bytes (pooled when size is {@link #SIZE} or less). */
  static byte[] take(int size) {
    if (size <= SIZE) {
      byte[] b = POOL.poll();
      return b != null ? b : new byte[SIZE];
    }
    return new byte[size];
  }

  /** Gives a buffer back; the caller must hold no reference to it afterwards. */
  static void give(byte[] b) {
    if (b != null && b.length == SIZE) {
      POOL.offer(b);
    }
  }
}
