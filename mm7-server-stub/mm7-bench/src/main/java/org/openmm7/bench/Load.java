package org.openmm7.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one blocking operation on N threads for a while and measures it (closed loop, no think time). */
final class Load {
  private Load() {}

  interface Op {
    void run() throws Exception;
  }

  /** Latencies and counts of one or more timed runs (merged over rounds). */
  static final class Sample {
    long count;
    long nanos;
    /**
     * CPU time of the whole process during the run (both sides share the bench's JVM) but its JIT
     * compiler threads' ({@link #jitNanos}); -1 if unknown.
     */
    long cpuNanos;
    /** CPU time of the JIT compiler threads during the run (0 where it cannot be told apart, off Linux). */
    long jitNanos;
    long[] latencies = new long[0];

    void add(Sample s) {
      count += s.count;
      nanos += s.nanos;
      cpuNanos = cpuNanos < 0 || s.cpuNanos < 0 ? -1 : cpuNanos + s.cpuNanos;
      jitNanos += s.jitNanos;
      long[] m = Arrays.copyOf(latencies, latencies.length + s.latencies.length);
      System.arraycopy(s.latencies, 0, m, latencies.length, s.latencies.length);
      latencies = m;
    }

    /**
     * Microseconds of process CPU per message: on a machine shared with other work this moves far
     * less than messages per second, since it does not count the time the process waited for a
     * core. -1 if unknown.
     */
    double cpuMicrosPerMessage() {
      return cpuNanos < 0 || count == 0 ? -1 : cpuNanos / 1e3 / count;
    }

    /** Microseconds of the JIT compiler threads' CPU per message (left out of {@link #cpuMicrosPerMessage()}). */
    double jitMicrosPerMessage() {
      return count == 0 ? 0 : jitNanos / 1e3 / count;
    }

    double perSecond() {
      return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    /** The q-quantile latency in milliseconds (nearest rank). */
    double quantileMillis(double q) {
      if (latencies.length == 0) {
        return 0;
      }
      long[] s = latencies.clone();
      Arrays.sort(s);
      int i = (int) Math.ceil(q * s.length) - 1;
      return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }
  }

  /** Runs op on {@code threads} threads for {@code millis}; every thread's last call finishes before it returns. */
  static Sample run(int threads, long millis, Op op) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] counts = new long[threads];
    long[][] lat = new long[threads][];
    long[] stopAt = new long[1];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread th = new Thread(() -> {
        long[] l = new long[1024];
        int n = 0;
        ready.countDown();
        try {
          go.await();
          while (failure.get() == null) {
            long t0 = System.nanoTime();
            if (t0 >= stopAt[0]) {
              break;
            }
            op.run();
            long t1 = System.nanoTime();
            if (n == l.length) {
              l = Arrays.copyOf(l, n * 2);
            }
            l[n++] = t1 - t0;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        counts[id] = n;
        lat[id] = Arrays.copyOf(l, n);
      }, "bench-load-" + t);
      th.setDaemon(true);
      ts.add(th);
      th.start();
    }
    ready.await();
    long cpuStart = processCpuNanos();
    java.util.Map<String, Long> jitStart = CompilerThreads.snapshot();
    long start = System.nanoTime();
    stopAt[0] = start + millis * 1_000_000L;
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    long end = System.nanoTime();
    long cpuEnd = processCpuNanos();
    java.util.Map<String, Long> jitEnd = CompilerThreads.snapshot();
    if (failure.get() != null) {
      Throwable f = failure.get();
      throw f instanceof Exception e ? e : new RuntimeException(f);
    }
    Sample s = new Sample();
    s.nanos = end - start;
    s.jitNanos = CompilerThreads.between(jitStart, jitEnd);
    s.cpuNanos = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart - s.jitNanos;
    int total = 0;
    for (long[] l : lat) {
      total += l.length;
    }
    s.latencies = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      s.count += counts[t];
      System.arraycopy(lat[t], 0, s.latencies, at, lat[t].length);
      at += lat[t].length;
    }
    return s;
  }

  /** One step of a counted run: false when there is nothing more to do. */
  interface Step {
    boolean run() throws Exception;
  }

  /** Runs step on {@code threads} threads until each gets false; the first failure is thrown. */
  static void runCount(int threads, Step step) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          while (failure.get() == null && step.run()) {
            // the next one
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-count-" + t);
      th.setDaemon(true);
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    if (failure.get() != null) {
      Throwable f = failure.get();
      throw f instanceof Exception e ? e : new RuntimeException(f);
    }
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }
}
