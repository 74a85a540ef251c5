package org.openmm7.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the codec in one JVM, for a before/after figure on a machine shared with other
 * work: each jar (an {@code mm7.jar} of any build that has {@link CodecBenchmark}) is loaded by a
 * class loader of its own, and the same {@link CodecBenchmark} methods of both run in alternating
 * turns of 50 ms (order rotated every cycle) after a warm-up, so that load from elsewhere falls on
 * both alike. Prints, per method, this thread's CPU time and bytes allocated per operation for A
 * and B, and B's CPU over A's.
 *
 * <p>{@code java -cp mm7.jar org.openmm7.bench.CodecAb before.jar after.jar text-1k 20
 * openmm7Decode,openmm7Encode}
 */
public final class CodecAb {
  private static final String BLACKHOLE_CONSENT =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";
  private static final long TURN_NANOS = 50_000_000L;
  private static final long WARM_UP_NANOS = 8_000_000_000L;

  private CodecAb() {}

  /** One benchmark method of one build, ready to call. */
  private record Op(Object bench, Method method, Object blackhole, ClassLoader loader) {
    void run() throws Exception {
      if (method.getParameterCount() == 0) {
        method.invoke(bench);
      } else {
        method.invoke(bench, blackhole);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CodecAb A.jar B.jar [message] [seconds] [method,method...]");
      System.exit(2);
    }
    PrintStream out = System.out;
    String message = args.length > 2 ? args[2] : "text-1k";
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 20;
    String[] methods = (args.length > 4 ? args[4] : "openmm7Decode,openmm7Encode").split(",");
    int k = methods.length;
    List<Op> ops = new ArrayList<>(); // A's methods, then B's
    for (int j = 0; j < 2; j++) {
      ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[j]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      // the build's own loader as the context one: SAAJ (CodecBenchmark's other side) finds its factory there
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> type = loader.loadClass("org.openmm7.bench.CodecBenchmark");
      Object bench = type.getConstructor().newInstance();
      type.getField("message").set(bench, message);
      type.getMethod("setUp").invoke(bench);
      Class<?> blackholeType = loader.loadClass("org.openjdk.jmh.infra.Blackhole");
      Object blackhole = blackholeType.getConstructor(String.class).newInstance(BLACKHOLE_CONSENT);
      for (String name : methods) {
        Method m = null;
        for (Method candidate : type.getMethods()) {
          if (candidate.getName().equals(name)) {
            m = candidate;
          }
        }
        if (m == null) {
          throw new IllegalArgumentException("no method " + name + " in " + args[j]);
        }
        ops.add(new Op(bench, m, blackhole, loader));
      }
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] count = new long[2 * k];
    long[] cpu = new long[2 * k];
    long[] allocated = new long[2 * k];
    long start = System.nanoTime();
    long end = start + WARM_UP_NANOS + (long) (seconds * 1e9);
    for (int cycle = 0; System.nanoTime() < end; cycle++) {
      boolean measured = System.nanoTime() - start > WARM_UP_NANOS;
      for (int t = 0; t < 2 * k; t++) {
        int i = (t + cycle) % (2 * k);
        Thread.currentThread().setContextClassLoader(ops.get(i).loader());
        long c0 = mx.getCurrentThreadCpuTime();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        long n = 0;
        do {
          ops.get(i).run();
          n++;
        } while (System.nanoTime() - t0 < TURN_NANOS);
        if (measured) {
          count[i] += n;
          cpu[i] += mx.getCurrentThreadCpuTime() - c0;
          allocated[i] += mx.getCurrentThreadAllocatedBytes() - a0;
        }
      }
    }
    out.printf(Locale.ROOT, "%-10s %-20s %12s %12s %8s %12s %12s%n", "message", "method", "A us/op", "B us/op", "B/A",
        "A bytes/op", "B bytes/op");
    for (int m = 0; m < k; m++) {
      double a = cpu[m] / 1e3 / count[m];
      double b = cpu[k + m] / 1e3 / count[k + m];
      out.printf(Locale.ROOT, "%-10s %-20s %12.2f %12.2f %8.3f %12.0f %12.0f%n", message, methods[m], a, b, b / a,
          allocated[m] / (double) count[m], allocated[k + m] / (double) count[k + m]);
    }
  }
}
