package org.openmm7.client.internal.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server nonces of HTTP Digest (RFC 7616): random, issued with each challenge, valid for a
 * lifetime, at most a bounded number at once (the oldest go first, so a flood of unauthenticated
 * requests costs memory up to the bound and no more), each with a replay check on its nonce count
 * that is bounded too: the highest count seen and a 64-count window below it, so that requests
 * sent over several connections may arrive out of order.
 */
final class DigestNonces {
  /** What a nonce and nonce count are worth. */
  enum Use {
    /** Fresh, and this count was not used before. */
    FRESH,
    /** Expired, or not known (never issued, or forgotten): the client may retry with a new one (stale=true). */
    STALE,
    /** This count was used before with this nonce, or is too far below the highest. */
    REPLAYED
  }

  private static final int WINDOW = 64;

  private static final class State {
    final Instant created;
    long highest;
    long seen; // bit i: count (highest - i) was used

    State(Instant created) {
      this.created = created;
    }
  }

  /**
   * Made with the first nonce (guarded by this): a server without Digest accounts never issues one,
   * and a SecureRandom loads the security providers (tens of milliseconds of a cold start).
   */
  private SecureRandom random;
  private final Clock clock;
  private final Duration lifetime;
  private final int max;
  private final LinkedHashMap<String, State> nonces = new LinkedHashMap<>();

  DigestNonces(Clock clock, Duration lifetime, int max) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.max = max;
  }

  /** A new nonce: 128 random bits, base64url. */
  synchronized String issue() {
    if (random == null) {
      random = new SecureRandom();
    }
    byte[] b = new byte[16];
    random.nextBytes(b);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Instant now = clock.instant();
    evict(now);
    nonces.put(nonce, new State(now));
    while (nonces.size() > max) {
      Iterator<Map.Entry<String, State>> it = nonces.entrySet().iterator();
      it.next();
      it.remove();
    }
    return nonce;
  }

  /** Checks and records one use of a nonce with its nonce count (1 and up). */
  synchronized Use use(String nonce, long count) {
    Instant now = clock.instant();
    State s = nonces.get(nonce);
    if (s == null || expired(s, now)) {
      return Use.STALE;
    }
    if (count < 1) {
      return Use.REPLAYED;
    }
    if (count > s.highest) {
      long shift = count - s.highest;
      s.seen = shift >= WINDOW ? 0 : s.seen << shift;
      s.seen |= 1;
      s.highest = count;
      return Use.FRESH;
    }
    long back = s.highest - count;
    if (back >= WINDOW || (s.seen & (1L << back)) != 0) {
      return Use.REPLAYED;
    }
    s.seen |= 1L << back;
    return Use.FRESH;
  }

  /** Nonces held (for tests). */
  synchronized int size() {
    return nonces.size();
  }

  private boolean expired(State s, Instant now) {
    return !s.created.plus(lifetime).isAfter(now);
  }

  private void evict(Instant now) {
    Iterator<State> it = nonces.values().iterator();
    while (it.hasNext() && expired(it.next(), now)) {
      it.remove();
    }
  }
}
