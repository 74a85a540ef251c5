package org.openmm7.stub.internal.http;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.verify.Received;
import org.openmm7.stub.verify.RequestPattern;
import org.openmm7.stub.verify.Verification;

/**
 * Waiting for recordings: each await returns the earliest recording that matches and that no
 * earlier await returned, so two awaits of a SubmitReq return the first and the second. Apart
 * from {@link Mm7StubServer#takeRequest}'s queue: awaiting takes nothing from it.
 */
public final class Awaiting {
  /** How many recordings a timeout's report lists one per line. */
  private static final int LISTED = 20;
  private final Supplier<List<RecordedRequest>> recordings;
  /** Guarded by this: sequence numbers already returned, and a count of recordings added (for waiting). */
  private final Set<Long> returned = new HashSet<>();
  /** Recordings added; counted by {@link #added()} without this lock, which it takes only when someone waits. */
  private final AtomicLong added = new AtomicLong();
  /** Awaits in progress: a recording wakes them only when there are any (most stubs never await). */
  private volatile int waiting;

  Awaiting(Supplier<List<RecordedRequest>> recordings) {
    this.recordings = recordings;
  }

  /** A recording was added: wakes the waiting. */
  void added() {
    added.incrementAndGet();
    // an await counts itself before it reads the count, and this reads the waiters after writing
    // the count (volatile both): one of the two sees the other, so no wake-up is lost
    if (waiting > 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** The recordings were forgotten (reset, close): numbering starts again. */
  synchronized void cleared() {
    returned.clear();
    added.incrementAndGet();
    notifyAll();
  }

  public RecordedRequest await(RequestPattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      waiting++;
      try {
        return awaitCounted(pattern, timeout, deadline);
      } finally {
        waiting--;
      }
    }
  }

  /** Guarded by this, counted among {@link #waiting}. */
  private RecordedRequest awaitCounted(RequestPattern pattern, Duration timeout, long deadline) {
    while (true) {
      long seen = added.get();
      List<RecordedRequest> all = recordings.get();
      for (RecordedRequest r : all) {
        if (!returned.contains(r.sequence()) && pattern.matches(r)) {
          returned.add(r.sequence());
          if (!all.isEmpty() && returned.size() > all.size()) {
            // bounded by the recordings: those returned and since forgotten cannot come again
            long oldest = all.stream().mapToLong(RecordedRequest::sequence).min().getAsLong();
            returned.removeIf(s -> s < oldest);
          }
          return r;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut(pattern, timeout, all);
      }
      try {
        while (added.get() == seen && left > 0) {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
          left = deadline - System.nanoTime();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while awaiting " + pattern, e);
      }
    }
  }

  public <T extends Mm7Request> Received<T> await(RequestPattern pattern, Class<T> type, Duration timeout) {
    RecordedRequest r = await(pattern, timeout);
    return new Received<>(type.cast(r.message()), r);
  }

  /** Guarded by this (called from await). */
  private AssertionError timedOut(RequestPattern pattern, Duration timeout, List<RecordedRequest> all) {
    StringBuilder b = new StringBuilder("no ").append(pattern).append(" arrived within ")
        .append(timeout.toMillis()).append(" ms");
    if (all.isEmpty()) {
      b.append("; nothing was recorded");
    } else {
      b.append("; recorded (").append(all.size()).append("):");
      for (RecordedRequest r : all.subList(0, Math.min(LISTED, all.size()))) {
        b.append("\n  ").append(r).append(returned.contains(r.sequence()) && pattern.matches(r)
            ? " (returned by an earlier await)" : "");
      }
      if (all.size() > LISTED) {
        b.append("\n  ... and ").append(all.size() - LISTED).append(" more");
      }
      List<RecordedRequest> fresh = all.stream().filter(r -> !pattern.matches(r)).collect(Collectors.toList());
      if (!fresh.isEmpty()) {
        b.append(Verification.report(pattern, fresh));
      }
    }
    return new AssertionError(b.toString());
  }
}
