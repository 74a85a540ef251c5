package org.openmm7.client.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * Remembers the answer to each pushed request for a time window, so that a relay's retry gets the
 * same bytes and the handler runs once; a retry that arrives while the first call still runs waits
 * for its answer. Bounded: the oldest entries go first when the window passes or the count exceeds
 * the maximum.
 *
 * <p>A retry is the same request again: the same transaction (operation and TransactionID) and the
 * same content ({@link org.openmm7.client.internal.dedup.MessageFingerprint}). Another request that
 * reuses a TransactionID (a relay sending one DeliveryReportReq per recipient, or Forwarded and then
 * Delivered, all under the message's ID) is run as the new request it is, told that its
 * TransactionID was seen with other content. Where in doubt, a second hand-over of the same report
 * beats a lost one.
 */
final class Deduplicator {
  /** An answer, and whether a retry may reuse it (an unexpected failure may not). */
  record Outcome(Reply reply, boolean reusable) {}

  /** The HTTP answer. */
  record Reply(int status, String contentType, byte[] body) {}

  /** What {@link #run} did. */
  record Result(Reply reply, boolean duplicate) {}

  /** The request's handling. */
  interface Work {
    /** @param reusedTransactionId whether another request (other content) came with the same transaction */
    Outcome run(boolean reusedTransactionId);
  }

  private static final class Entry {
    final String key;
    final String transaction;
    final Instant created;
    final CompletableFuture<Reply> reply = new CompletableFuture<>();

    Entry(String key, String transaction, Instant created) {
      this.key = key;
      this.transaction = transaction;
      this.created = created;
    }
  }

  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
  /** The latest request of each transaction, to tell another request with a reused TransactionID. */
  private final ConcurrentHashMap<String, Entry> latest = new ConcurrentHashMap<>();

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

  /**
   * Runs {@code work} unless an answer to the same request is remembered or being made.
   *
   * @param transaction the operation and TransactionID, or null (no TransactionID: never a retry)
   * @param fingerprint the request's content, see {@link org.openmm7.client.internal.dedup.MessageFingerprint}
   */
  Result run(String transaction, String fingerprint, Work work) throws InterruptedException {
    if (!enabled() || transaction == null) {
      return new Result(work.run(false).reply(), false);
    }
    String key = transaction + "\u0000" + fingerprint;
    while (true) {
      Instant now = clock.instant();
      Entry mine = new Entry(key, transaction, now);
      Entry existing = entries.putIfAbsent(key, mine);
      if (existing == null) {
        order.add(mine);
        evict(now);
        return new Result(produce(mine, work, now), false);
      }
      if (expired(existing, now)) {
        if (entries.replace(key, existing, mine)) {
          order.add(mine);
          return new Result(produce(mine, work, now), false);
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

  private Reply produce(Entry mine, Work work, Instant now) {
    Entry before = latest.put(mine.transaction, mine);
    boolean reused = before != null && !before.key.equals(mine.key) && !before.created.plus(window).isBefore(now);
    Outcome outcome;
    try {
      outcome = work.run(reused);
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
      latest.remove(head.transaction, head);
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
