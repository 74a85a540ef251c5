package org.openmm7.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of case 3 for a machine shared with other work: every {@link CodecBenchmark}
 * method on one message, in one JVM, in turns of 50 ms, the order rotated every cycle, so that
 * load from elsewhere falls on every method alike (JMH runs each in its own fork for seconds,
 * and a burst of load during one fork moves its ratio). Prints ops/s over wall time and over
 * the thread's CPU time, and the ratios of case 3's rows.
 *
 * <p>{@code java -cp mm7.jar org.openmm7.bench.CodecInterleaved video-5m 30}
 */
public final class CodecInterleaved {
  private static final String[][] ROWS = {
      {"encode no copy", "openmm7Encode", "saajEncode"},
      {"encode +copy", "openmm7EncodeCopy", "saajEncodeCopy"},
      {"decode byte[]", "openmm7Decode", "saajDecode"},
      {"decode stream", "openmm7DecodeStream", "saajDecode"}};

  private interface Op {
    void run() throws Exception;
  }

  private CodecInterleaved() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String message = args.length > 0 ? args[0] : "video-5m";
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    CodecBenchmark b = new CodecBenchmark();
    b.message = message;
    b.setUp();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    List<String> names = List.of("openmm7Encode", "saajEncode", "openmm7EncodeCopy", "saajEncodeCopy",
        "openmm7Decode", "saajDecode", "openmm7DecodeStream");
    List<Op> ops = List.of(() -> b.openmm7Encode(bh), () -> b.saajEncode(bh), () -> b.openmm7EncodeCopy(bh),
        () -> b.saajEncodeCopy(bh), () -> b.openmm7Decode(bh), b::saajDecode, () -> b.openmm7DecodeStream(bh));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 10; i++) {
      for (Op op : ops) {
        turn(op, 100_000_000L, mx);
      }
    }
    long[] count = new long[ops.size()];
    long[] wall = new long[ops.size()];
    long[] cpu = new long[ops.size()];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      order.add(i);
    }
    for (int cycle = 0; System.nanoTime() < end; cycle++) {
      Collections.rotate(order, 1);
      for (int i : order) {
        long[] r = turn(ops.get(i), 50_000_000L, mx);
        count[i] += r[0];
        wall[i] += r[1];
        cpu[i] += r[2];
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      out.printf(Locale.ROOT, "%-10s %-20s %12.1f ops/s wall %12.1f ops/s cpu%n", message, names.get(i),
          count[i] / (wall[i] / 1e9), count[i] / (cpu[i] / 1e9));
    }
    for (String[] row : ROWS) {
      int a = names.indexOf(row[1]);
      int c = names.indexOf(row[2]);
      out.printf(Locale.ROOT, "%-10s %-15s ratio %6.2f (wall) %6.2f (cpu)%n", message, row[0],
          (count[a] / (double) wall[a]) / (count[c] / (double) wall[c]),
          (count[a] / (double) cpu[a]) / (count[c] / (double) cpu[c]));
    }
  }

  /** Runs op for about nanos of wall time; returns operations, wall ns and this thread's CPU ns. */
  private static long[] turn(Op op, long nanos, ThreadMXBean mx) throws Exception {
    long n = 0;
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long t;
    do {
      op.run();
      n++;
      t = System.nanoTime();
    } while (t - t0 < nanos);
    return new long[] {n, t - t0, mx.getCurrentThreadCpuTime() - c0};
  }
}
