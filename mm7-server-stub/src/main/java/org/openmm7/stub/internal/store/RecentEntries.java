package org.openmm7.stub.internal.store;

import java.util.Arrays;

/**
 * The entries of a {@link MessageIndex} not yet merged into its file: an open-addressing table in
 * the heap of a fixed capacity (a hash, a location and whether the entry is a MessageID's first
 * record), home slot = the hash's top bits, as in the file. Walked from one empty slot round to it
 * ({@link #walk}), the entries come in the order of their homes, hence of their homes in the file:
 * a merge passes over the file once, in slot order. Not thread-safe: the index guards it.
 */
final class RecentEntries {
  static final long EMPTY = 0;

  /** Gets the entries of a walk. */
  interface Visitor {
    void entry(long hash, long location, boolean first) throws java.io.IOException;
  }

  private final long[] hashes;
  private final long[] locations;
  private final boolean[] firsts;
  private final int shift;
  private int size;

  /** Room for {@code capacity} entries (a power of two) in twice as many slots: probes stay short. */
  RecentEntries(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("a capacity of " + capacity);
    }
    int slots = capacity * 2;
    hashes = new long[slots];
    locations = new long[slots];
    firsts = new boolean[slots];
    shift = 64 - Integer.numberOfTrailingZeros(slots);
  }

  int size() {
    return size;
  }

  /** Whether it holds as many entries as it was made for (the index merges them then). */
  boolean full() {
    return size >= hashes.length / 2;
  }

  /** The heap its arrays take, in bytes. */
  long heapBytes() {
    return hashes.length * 17L;
  }

  int home(long hash) {
    return (int) (hash >>> shift);
  }

  int next(int slot) {
    return (slot + 1) & (hashes.length - 1);
  }

  long hash(int slot) {
    return hashes[slot];
  }

  long location(int slot) {
    return locations[slot];
  }

  void relocate(int slot, long location) {
    locations[slot] = location;
  }

  /** Fills an empty slot (one {@link #hash} returned {@link #EMPTY} for). */
  void add(int slot, long hash, long location, boolean first) {
    hashes[slot] = hash;
    locations[slot] = location;
    firsts[slot] = first;
    size++;
  }

  /** Every entry, from the slot after an empty one round to it: in the order of their homes. */
  void walk(Visitor visitor) throws java.io.IOException {
    if (size == 0) {
      return;
    }
    int start = 0;
    while (hashes[start] != EMPTY) {
      start++; // at most half the slots are used: an empty one is near
    }
    for (int i = next(start), n = 0; n < hashes.length; i = next(i), n++) {
      if (hashes[i] != EMPTY) {
        visitor.entry(hashes[i], locations[i], firsts[i]);
      }
    }
  }

  void clear() {
    Arrays.fill(hashes, EMPTY);
    size = 0;
  }
}
