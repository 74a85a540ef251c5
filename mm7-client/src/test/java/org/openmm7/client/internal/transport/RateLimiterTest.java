package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate limiter on a fake clock: no real waiting. */
class RateLimiterTest {
  /** A clock that only moves when someone parks on it. */
  static final class FakeClock implements RateLimiter.Clock {
    long now = 1_000_000_000L;
    final List<Long> parks = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized boolean parkUntil(long deadline) {
      parks.add(deadline - now);
      now = Math.max(now, deadline);
      return true;
    }
  }

  @Test
  void burstGoesAtOnceThenOneEveryInterval() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(10, 3, clock); // 100 ms apart
    long t0 = clock.now;
    for (int i = 0; i < 3; i++) {
      assertEquals(t0, limiter.reserve(), "request " + (i + 1) + " of the burst goes at once");
    }
    assertEquals(t0 + 100_000_000L, limiter.reserve(), "the 4th waits one interval");
    assertEquals(t0 + 200_000_000L, limiter.reserve(), "the 5th waits two");
  }

  @Test
  void acquireParksForTheWait() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(4, 1, clock); // 250 ms apart
    assertTrue(limiter.acquire());
    assertTrue(clock.parks.isEmpty(), "the first goes without waiting");
    assertTrue(limiter.acquire());
    assertEquals(List.of(250_000_000L), clock.parks);
    assertTrue(limiter.acquire());
    assertEquals(List.of(250_000_000L, 250_000_000L), clock.parks);
  }

  @Test
  void idleTimeRefillsTheBurstButNoMore() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(10, 2, clock);
    limiter.reserve();
    limiter.reserve();
    clock.now += 10_000_000_000L; // 10 s idle
    long t = clock.now;
    assertEquals(t, limiter.reserve());
    assertEquals(t, limiter.reserve());
    assertEquals(t + 100_000_000L, limiter.reserve(), "idle time does not bank more than the burst");
  }

  @Test
  void interruptedWaitReportsFalse() {
    RateLimiter limiter = new RateLimiter(1, 1, RateLimiter.SYSTEM);
    limiter.reserve(); // the next slot is a second away
    Thread.currentThread().interrupt();
    try {
      assertFalse(limiter.acquire());
    } finally {
      assertTrue(Thread.interrupted());
    }
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, RateLimiter.SYSTEM));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(5, 0, RateLimiter.SYSTEM));
  }
}
