package org.openmm7.client.internal.mime;

/**
 * A small shared pool of the 64 KiB working buffers a decode needs (the delimiter scanner's and
 * the copy buffer). Without it, decoding a 1 KB message allocated 128 KiB. At most
 * {@link #KEPT} buffers are kept (2 MiB); a decode that finds none allocates, and one that
 * returns a buffer to a full pool drops it.
 */
final class Buffers {
  static final int SIZE = 64 * 1024;
  private static final int KEPT = 32;
  private static final ArrayPool POOL = new ArrayPool(SIZE, KEPT);

  private Buffers() {}

  /** A buffer of at least {@code size} bytes (pooled when size is {@link #SIZE} or less). */
  static byte[] take(int size) {
    return size <= SIZE ? POOL.take() : new byte[size];
  }

  /** Gives a buffer back; the caller must hold no reference to it afterwards. */
  static void give(byte[] b) {
    POOL.give(b);
  }
}
