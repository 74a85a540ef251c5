package org.openmm7.client.internal.transport;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A fair client-side rate limit (the generic cell rate algorithm): at most {@code burst} requests
 * at once, then one every {@code 1/rate} seconds. Each caller reserves the next free slot under a
 * fair lock, so callers are served in the order they arrived, and then parks until its slot;
 * nobody spins and nobody is overtaken.
 */
public final class RateLimiter {
  /** Time and waiting, replaceable in tests. */
  public interface Clock {
    long nanoTime();

    /** Parks until {@code deadline} (a {@link #nanoTime()} value); returns false when interrupted. */
    boolean parkUntil(long deadline);
  }

  /** The system clock with {@link LockSupport#parkNanos}. */
  public static final Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean parkUntil(long deadline) {
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          return false;
        }
        LockSupport.parkNanos(this, left);
      }
      return !Thread.currentThread().isInterrupted();
    }
  };

  private final long intervalNanos;
  private final long toleranceNanos;
  private final Clock clock;
  private final double rate;
  private final int burst;
  private final ReentrantLock lock = new ReentrantLock(true); // fair: slots go in arrival order
  private long theoreticalArrival; // guarded by lock
  private boolean started; // guarded by lock

  public RateLimiter(double requestsPerSecond, int burst, Clock clock) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requests per second must be positive: " + requestsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.rate = requestsPerSecond;
    this.burst = burst;
    this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / requestsPerSecond));
    this.toleranceNanos = intervalNanos * (burst - 1);
    this.clock = clock;
  }

  public double rate() {
    return rate;
  }

  public int burst() {
    return burst;
  }

  /**
   * Reserves the next slot and returns the {@link Clock#nanoTime()} at which the caller may go
   * (now or later).
   */
  public long reserve() {
    lock.lock();
    try {
      long now = clock.nanoTime();
      if (!started || theoreticalArrival - now < 0) {
        theoreticalArrival = now;
        started = true;
      }
      long allowedAt = theoreticalArrival - toleranceNanos;
      theoreticalArrival += intervalNanos;
      return allowedAt - now > 0 ? allowedAt : now;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the caller's slot; false when interrupted while waiting (the flag stays set). */
  public boolean acquire() {
    long at = reserve();
    if (at - clock.nanoTime() <= 0) {
      return true;
    }
    return clock.parkUntil(at);
  }

  @Override
  public String toString() {
    return rate + "/s (burst " + burst + ")";
  }
}
