package org.openmm7.stub.inbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing without holding a thread: after a few wrong passwords from one
 * client address, that address must wait (1 s, doubling up to a minute) before its next attempt
 * is even checked; and wrong passwords from all addresses together spend a token bucket (a burst,
 * then one a second), so that many addresses cannot multiply the rate. A request that arrives
 * while it must wait is answered 429 with Retry-After and its password is not looked at (else
 * the answer would still tell a right password from a wrong one). A right password clears its
 * address's count.
 */
final class GuessThrottle {
  /** Wrong passwords an address may send before it has to wait. */
  static final int FREE_FAILURES = 5;
  static final long FIRST_WAIT_MILLIS = 1_000;
  static final long MAX_WAIT_MILLIS = 60_000;
  /** Wrong passwords all addresses together may send at once, and how fast the allowance refills. */
  static final int GLOBAL_BURST = 30;
  static final long GLOBAL_REFILL_MILLIS = 1_000;
  /** Addresses remembered; beyond it the least recently seen is forgotten (the global bucket still holds). */
  private static final int MAX_CLIENTS = 4096;

  private static final class Client {
    int failures;
    long waitUntil;
  }

  private final LongSupplier clockMillis;
  private final Map<String, Client> clients = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
      return size() > MAX_CLIENTS;
    }
  };
  private double tokens = GLOBAL_BURST;
  private long refilledAt;

  GuessThrottle(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.refilledAt = clockMillis.getAsLong();
  }

  /** How long {@code client} must wait before its credentials are checked; 0 when they may be now. */
  synchronized long waitMillis(String client) {
    long now = clockMillis.getAsLong();
    refill(now);
    long wait = 0;
    Client c = clients.get(client);
    if (c != null && c.waitUntil > now) {
      wait = c.waitUntil - now;
    }
    if (tokens < 1) {
      wait = Math.max(wait, (long) Math.ceil((1 - tokens) * GLOBAL_REFILL_MILLIS));
    }
    return wait;
  }

  /** A wrong password from {@code client}. */
  synchronized void failed(String client) {
    long now = clockMillis.getAsLong();
    refill(now);
    tokens = Math.max(0, tokens - 1);
    Client c = clients.computeIfAbsent(client, k -> new Client());
    c.failures++;
    if (c.failures >= FREE_FAILURES) {
      int doublings = Math.min(c.failures - FREE_FAILURES, 16);
      c.waitUntil = now + Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << doublings);
    }
  }

  /** The right password from {@code client}. */
  synchronized void succeeded(String client) {
    clients.remove(client);
  }

  private void refill(long now) {
    if (now > refilledAt) {
      tokens = Math.min(GLOBAL_BURST, tokens + (now - refilledAt) / (double) GLOBAL_REFILL_MILLIS);
      refilledAt = now;
    }
  }
}
