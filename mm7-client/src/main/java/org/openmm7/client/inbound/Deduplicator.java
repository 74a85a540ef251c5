package org.openmm7.client.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Remembers the answer to each pushed request by key (operation and TransactionID) for a time
 * window, so that a relay's retry gets the same bytes and the handler runs once; a retry that
 * arrives while the first call still runs waits for its answer. Bounded: the oldest entries go
 * first when the window passes or the count exceeds the maximum.
 */
final class Deduplicator {
  /** An answer, and whether a retry may reuse it (an unexpected failure may not). */
  record Outcome(Reply reply, boolean reusable) {}

  /** The HTTP answer. */
  record Reply(int status, String contentType, byte[] body) {}

  /** What {@link #run} did. */
  record Result(Reply reply, boolean duplicate) {}

  private static final class Entry {
    final String key;
    final Instant created;
    final CompletableFuture<Reply> reply = new CompletableFuture<>();

    Entry(String key, Instant created) {
      this.key = key;
      this.created = created;
    }
  }

  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();

  private final Runnable onWait;

  Deduplicator(Duration window, int maxEntries, Clock clock, Runnable onWait) {
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.onWait = onWait;
  }

  boolean enabled() {
    return !window.isZero() && maxEntries > 0;
  }

  /** Runs {@code work} unless an answer for {@code key} is remembered or being made. */
  Result run(String key, Supplier<Outcome> work) throws InterruptedException {
    if (!enabled() || key == null) {
      return new Result(work.get().reply(), false);
    }
    while (true) {
      Instant now = clock.instant();
      Entry mine = new Entry(key, now);
      Entry existing = entries.putIfAbsent(key, mine);
      if (existing == null) {
        order.add(mine);
        evict(now);
        return new Result(produce(mine, work), false);
      }
      if (expired(existing, now)) {
        if (entries.replace(key, existing, mine)) {
          order.add(mine);
          return new Result(produce(mine, work), false);
        }
        continue;
      }
      try {
        if (!existing.reply.isDone()) {
          onWait.run();
        }
        return new Result(existing.reply.get(), true);
      } catch (ExecutionException e) {
        // the first call failed without an answer; this one tries again
        entries.remove(key, existing);
      }
    }
  }

  private Reply produce(Entry mine, Supplier<Outcome> work) {
    Outcome outcome;
    try {
      outcome = work.get();
    } catch (RuntimeException | Error e) {
      entries.remove(mine.key, mine);
      mine.reply.completeExceptionally(e);
      throw e;
    }
    if (!outcome.reusable()) {
      entries.remove(mine.key, mine);
    }
    mine.reply.complete(outcome.reply());
    return outcome.reply();
  }

  private boolean expired(Entry e, Instant now) {
    return e.reply.isDone() && e.created.plus(window).isBefore(now);
  }

  private void evict(Instant now) {
    Iterator<Entry> it = order.iterator();
    while (it.hasNext()) {
      Entry head = it.next();
      boolean stale = entries.get(head.key) != head;
      boolean old = expired(head, now);
      boolean excess = entries.size() > maxEntries && head.reply.isDone();
      if (!stale && !old && !excess) {
        break;
      }
      it.remove();
      if (!stale) {
        entries.remove(head.key, head);
      }
    }
  }

  /** Remembered answers (for tests and monitoring). */
  int size() {
    return entries.size();
  }
}
