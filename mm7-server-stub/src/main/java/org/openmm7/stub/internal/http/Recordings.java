package org.openmm7.stub.internal.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.ProfileMatch;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.VaspConformance;

/**
 * The stub's recorded requests: in order of arrival, at most {@code maxRecorded} of them (the oldest
 * forgotten beyond), and a queue of those not yet taken. A forgotten recording a test still holds
 * stays readable ({@link RecordedRequest#forget()}). Thread-safe.
 */
public final class Recordings {
  private final int maxRecorded;
  private final BlockingQueue<RecordedRequest> taken = new LinkedBlockingQueue<>();
  /** Guarded by itself; a deque, not a copy-on-write list: adding must not copy 10 000 entries per request. */
  private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Awaiting awaiting = new Awaiting(new All());

  public Recordings(int maxRecorded) {
    this.maxRecorded = maxRecorded;
  }

  /** What the waiting look through (a class, not a method reference: nothing is linked at a stub's build). */
  private final class All implements java.util.function.Supplier<List<RecordedRequest>> {
    @Override
    public List<RecordedRequest> get() {
      return all();
    }
  }

  /** The sequence number of the next request (1 after start or a clear). */
  long nextSequence() {
    return sequence.incrementAndGet();
  }

  /** Adds a request to the recordings (once), forgetting the oldest beyond the maximum. */
  void remember(RecordedRequest r) {
    if (!r.markRemembered()) {
      return;
    }
    List<RecordedRequest> forgotten = null;
    synchronized (recorded) {
      recorded.addLast(r);
      taken.add(r);
      while (recorded.size() > maxRecorded) {
        RecordedRequest oldest = recorded.removeFirst();
        taken.remove(oldest);
        if (forgotten == null) {
          forgotten = new ArrayList<>(1);
        }
        forgotten.add(oldest);
      }
    }
    awaiting.added();
    if (forgotten != null) {
      // a recording is a value: what a test holds stays readable (its blocks are not reused);
      // file deletes outside the lock
      for (RecordedRequest old : forgotten) { // a loop, not a lambda, on every request's path
        old.forget();
      }
    }
  }

  /** Forgets every recording: the budget is given back, what a test holds stays readable (files aside). */
  public void clear() {
    List<RecordedRequest> old;
    synchronized (recorded) {
      old = new ArrayList<>(recorded);
      recorded.clear();
      taken.clear();
      restored.clear();
    }
    sequence.set(0);
    awaiting.cleared();
    for (RecordedRequest r : old) {
      r.forget();
    }
  }

  /** Requests read back from the store at start: shown by the inbox, not among the requests received. */
  private final List<RecordedRequest> restored = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Keeps requests read back from the store (numbered with {@link #nextSequence()} before any is received). */
  public void restored(List<RecordedRequest> requests) {
    restored.addAll(requests);
  }

  /** The requests read back from the store at start, oldest first (empty after a clear). */
  public List<RecordedRequest> restored() {
    return List.copyOf(restored);
  }

  /** Forgets one recording by its sequence number; the others keep theirs. */
  public boolean remove(long sequenceNumber) {
    for (RecordedRequest r : restored) {
      if (r.sequence() == sequenceNumber) {
        return restored.remove(r);
      }
    }
    RecordedRequest removed = null;
    synchronized (recorded) {
      for (java.util.Iterator<RecordedRequest> it = recorded.iterator(); it.hasNext(); ) {
        RecordedRequest r = it.next();
        if (r.sequence() == sequenceNumber) {
          it.remove();
          taken.remove(r);
          removed = r;
          break;
        }
      }
    }
    if (removed == null) {
      return false;
    }
    removed.forget();
    return true;
  }

  /** The next request not yet taken, waiting up to the timeout; null when none came. */
  public RecordedRequest take(Duration timeout) throws InterruptedException {
    return taken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waiting for recordings ({@link Mm7StubServer#await}). */
  public Awaiting awaiting() {
    return awaiting;
  }

  /** Every request recorded, in order of arrival. */
  public List<RecordedRequest> all() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** Per VASP: requests, how many had findings or were unreadable, and finding counts by code. */
  public static Map<String, VaspConformance> conformanceOf(Collection<RecordedRequest> requests) {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Map<String, Integer>> codes = new TreeMap<>();
    Map<String, List<RecordedRequest>> byVasp = new TreeMap<>();
    for (RecordedRequest r : requests) {
      String vasp = r.vaspId() == null ? "(unknown)" : r.vaspId();
      byVasp.computeIfAbsent(vasp, k -> new java.util.ArrayList<>()).add(r);
      int[] c = counts.computeIfAbsent(vasp, k -> new int[2]);
      c[0]++;
      List<String> problems = r.problemCodes();
      if (!problems.isEmpty()) {
        c[1]++;
      }
      Map<String, Integer> byCode = codes.computeIfAbsent(vasp, k -> new TreeMap<>());
      problems.forEach(p -> byCode.merge(p, 1, Integer::sum));
    }
    Map<String, VaspConformance> out = new LinkedHashMap<>();
    counts.forEach((v, c) -> out.put(v, new VaspConformance(v, c[0], c[1], codes.get(v),
        ProfileMatch.best(byVasp.get(v)))));
    return out;
  }
}
