package org.openmm7.stub;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the store's durable writes cost the requests, counted since the stub started: how many
 * records were forced in how many batches, how long the forces took, and how long each record
 * waited from its append to its force's end (mean and quantiles, from a histogram of 8 buckets per
 * power of two: within 6%). A diagnostic for benchmarks ({@link Mm7StubServer#storeStats()}); use
 * {@link #since} for the figures of an interval.
 */
public final class StoreStats {
  private static final int SUB_BITS = 3;
  private static final int SUBS = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS + 1) * SUBS;
  /** Not API: public for the stub's internal packages only. */
  public static final StoreStats NONE = new StoreStats(0, 0, 0, 0, new long[BUCKETS]);

  private final long records;
  private final long batches;
  private final long forceNanos;
  private final long waitNanos;
  private final long[] waits;

  private StoreStats(long records, long batches, long forceNanos, long waitNanos, long[] waits) {
    this.records = records;
    this.batches = batches;
    this.forceNanos = forceNanos;
    this.waitNanos = waitNanos;
    this.waits = waits;
  }

  /** Records written and forced (acknowledged). */
  public long records() {
    return records;
  }

  /** Forces, one per batch of records. */
  public long batches() {
    return batches;
  }

  public double recordsPerBatch() {
    return batches == 0 ? 0 : (double) records / batches;
  }

  /** The mean time of a batch's force (and the check that its file is still there), in milliseconds. */
  public double meanForceMillis() {
    return batches == 0 ? 0 : forceNanos / 1e6 / batches;
  }

  /** The mean time from a record's append to the end of the force covering it, in milliseconds. */
  public double meanWaitMillis() {
    return records == 0 ? 0 : waitNanos / 1e6 / records;
  }

  /** A quantile ({@code 0.99}: p99) of the time from a record's append to its force's end, in milliseconds. */
  public double waitQuantileMillis(double q) {
    long total = Arrays.stream(waits).sum();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += waits[i];
      if (seen >= Math.max(rank, 1)) {
        return (lowerBound(i) + width(i) / 2.0) / 1e6;
      }
    }
    return lowerBound(BUCKETS - 1) / 1e6;
  }

  /** The figures of what happened after {@code earlier} (a snapshot of the same stub taken before). */
  public StoreStats since(StoreStats earlier) {
    long[] w = waits.clone();
    for (int i = 0; i < BUCKETS; i++) {
      w[i] -= earlier.waits[i];
    }
    return new StoreStats(records - earlier.records, batches - earlier.batches, forceNanos - earlier.forceNanos,
        waitNanos - earlier.waitNanos, w);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d records in %d batches (%.1f per batch), force %.3f ms, wait mean %.3f p99 %.3f ms",
        records, batches, recordsPerBatch(), meanForceMillis(), meanWaitMillis(), waitQuantileMillis(0.99));
  }

  /** Not API: public for the stub's internal packages only. */
  public static int bucket(long nanos) {
    if (nanos < SUBS) {
      return (int) Math.max(nanos, 0);
    }
    int exp = 63 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (exp - SUB_BITS)) & (SUBS - 1);
    return (exp - SUB_BITS + 1) * SUBS + sub;
  }

  /** Not API: public for the stub's internal packages only. */
  public static long lowerBound(int bucket) {
    if (bucket < SUBS) {
      return bucket;
    }
    int exp = bucket / SUBS + SUB_BITS - 1;
    return (long) (SUBS + bucket % SUBS) << (exp - SUB_BITS);
  }

  private static long width(int bucket) {
    return bucket < SUBS ? 1 : 1L << (bucket / SUBS - 1);
  }

  /**
   * The counters the writing thread adds to: a few uncontended atomic adds per batch and one per record.
   * Not API: public for the stub's internal packages only.
   */
  public static final class Counters {
    private final AtomicLongArray waits = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray totals = new AtomicLongArray(4); // records, batches, force ns, wait ns

    public void batch(int records, long forceNanos) {
      totals.addAndGet(0, records);
      totals.addAndGet(1, 1);
      totals.addAndGet(2, forceNanos);
    }

    public void waited(long nanos) {
      waits.incrementAndGet(bucket(nanos));
      totals.addAndGet(3, nanos);
    }

    public StoreStats snapshot() {
      long[] w = new long[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) {
        w[i] = waits.get(i);
      }
      return new StoreStats(totals.get(0), totals.get(1), totals.get(2), totals.get(3), w);
    }
  }
}
