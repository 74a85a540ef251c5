package org.openmm7.client.internal.mime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of decoded parts above the memory threshold may be held in memory at once
 * instead of in temporary files, shared by every read that uses the same budget. A read takes
 * what a part needs before allocating it; if the budget cannot give it, the part goes to a file
 * as before, so memory stays bounded whatever the number and size of messages in flight. What
 * was taken is given back when the decoded body is closed, or, if it never is, once the part's
 * bytes are unreachable. Thread-safe.
 */
public final class MemoryBudget {
  /** Spills everything above the threshold (the behaviour without a budget). */
  public static final MemoryBudget NONE = new MemoryBudget(0);

  private static final MemoryBudget SHARED = new MemoryBudget(defaultSize(Runtime.getRuntime().maxMemory()));

  private final long capacity;
  private final AtomicLong available;

  private MemoryBudget(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity < 0");
    }
    this.capacity = capacity;
    this.available = new AtomicLong(capacity);
  }

  /** A budget of its own, of this many bytes. */
  public static MemoryBudget of(long bytes) {
    return bytes == 0 ? NONE : new MemoryBudget(bytes);
  }

  /**
   * The budget every codec without one of its own shares: a sixteenth of the maximum heap, at
   * most 64 MiB (4 MiB at {@code -Xmx64m}).
   */
  public static MemoryBudget shared() {
    return SHARED;
  }

  static long defaultSize(long maxHeap) {
    return Math.min(maxHeap / 16, 64L << 20);
  }

  /** The size of the budget. */
  public long capacity() {
    return capacity;
  }

  /** What is not taken now. */
  public long available() {
    return available.get();
  }

  /** Takes n bytes if they are available; returns whether it did. */
  public boolean tryTake(long n) {
    while (true) {
      long a = available.get();
      if (a < n) {
        return false;
      }
      if (available.compareAndSet(a, a - n)) {
        return true;
      }
    }
  }

  /** Gives back n bytes taken before. */
  public void give(long n) {
    available.addAndGet(n);
  }

  /** What one part took, given back once (at close, or by the cleaner when the part is unreachable). */
  static final class Reservation implements Runnable {
    private final MemoryBudget budget;
    private final AtomicLong taken = new AtomicLong();

    Reservation(MemoryBudget budget) {
      this.budget = budget;
    }

    boolean tryTake(long n) {
      if (!budget.tryTake(n)) {
        return false;
      }
      taken.addAndGet(n);
      return true;
    }

    /** Gives back everything taken; idempotent. */
    @Override
    public void run() {
      long n = taken.getAndSet(0);
      if (n > 0) {
        budget.give(n);
      }
    }
  }
}
