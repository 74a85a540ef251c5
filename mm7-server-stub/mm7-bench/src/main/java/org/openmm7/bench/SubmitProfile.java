package org.openmm7.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the submit case's CPU goes, per thread group and per part of the code, so that the MM7
 * work per message can be broken down into parts that add up to the measured whole. Runs the four
 * pairings of {@link SubmitAb} (one build, {@link SubmitAbSide}) after a warm-up, in alternating
 * turns, and measures per pairing the process CPU (the compiler threads' left out), the CPU of
 * each thread group (from {@code /proc/self/task}: the load's client threads, the stub's and the
 * ceiling's server threads, the collector's, the rest) and the bytes allocated per message. Then,
 * when an async-profiler library is given, profiles each pairing in turn (CPU, then allocation) and
 * writes collapsed stacks with thread names, and the CPU and message count of each profiled turn,
 * to the output directory, for {@link ProfileBreakdown} to read.
 *
 * <p>async-profiler is not a dependency of the bench: its Java API ({@code one.profiler.AsyncProfiler},
 * from the {@code tools.profiler:async-profiler} artifact or its release archive) is found on the
 * class path at run time.
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp mm7.jar:async-profiler.jar org.openmm7.bench.SubmitProfile \
 *     text-1k 8 60 10 1000 10 /tmp/prof /path/to/libasyncProfiler.so
 * java -cp mm7.jar org.openmm7.bench.ProfileBreakdown /tmp/prof
 * </pre>
 * (message, concurrency, warm-up seconds, rounds, turn milliseconds, seconds per profile, output
 * directory, library; without a library only the thread groups are measured; {@code -Dinterval=500us}
 * the CPU sampling interval).
 */
public final class SubmitProfile {
  static final String[] FILES = {"client-stub", "raw-stub", "client-ceiling", "raw-ceiling"};
  private static final Path TASKS = Path.of("/proc/self/task");

  private SubmitProfile() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      System.err.println("usage: SubmitProfile message concurrency warm-up-s rounds turn-ms profile-s out-dir [libasyncProfiler.so]");
      System.exit(2);
    }
    PrintStream out = System.out;
    String message = args[0];
    int concurrency = Integer.parseInt(args[1]);
    long warmUpSeconds = Long.parseLong(args[2]);
    int rounds = Integer.parseInt(args[3]);
    long turnMillis = Long.parseLong(args[4]);
    long profileSeconds = Long.parseLong(args[5]);
    Path dir = Files.createDirectories(Path.of(args[6]));
    String library = args.length > 7 ? args[7] : null;
    // a sample every 100 us doubled the process's CPU here; every 500 us adds about a fifth
    String interval = System.getProperty("interval", "500us");
    SubmitAbSide side = new SubmitAbSide(message, concurrency);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long warmEnd = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      for (int op = 0; op < FILES.length; op++) {
        side.run(op, 250L);
      }
    }
    int n = FILES.length;
    long[] cpu = new long[n];
    long[] count = new long[n];
    long[] bytes = new long[n];
    @SuppressWarnings("unchecked")
    Map<String, Long>[] groups = new Map[n];
    for (int op = 0; op < n; op++) {
      groups[op] = new TreeMap<>();
    }
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int op = r % 2 == 0 ? k : n - 1 - k;
        long b0 = mx.getTotalThreadAllocatedBytes();
        Map<String, Long> t0 = threadGroupTicks();
        Map<String, Long> compilers = CompilerThreads.snapshot();
        long c0 = cpuNanosWithoutCompilers(compilers);
        count[op] += side.run(op, turnMillis);
        cpu[op] += cpuNanosWithoutCompilers(compilers) - c0;
        Map<String, Long> t1 = threadGroupTicks();
        bytes[op] += mx.getTotalThreadAllocatedBytes() - b0;
        for (Map.Entry<String, Long> e : t1.entrySet()) {
          groups[op].merge(e.getKey(), e.getValue() - t0.getOrDefault(e.getKey(), 0L), Long::sum);
        }
      }
    }
    for (int op = 0; op < n; op++) {
      // the load's threads end with each turn, so their ticks are gone from /proc: the rest of the
      // process's CPU (the compiler threads' left out of both) is theirs
      long named = 0;
      for (Map.Entry<String, Long> e : groups[op].entrySet()) {
        named += e.getKey().equals("jit") ? 0 : e.getValue();
      }
      groups[op].put("client", Math.round(cpu[op] / 1e3 / ticksToMicros()) - named);
    }
    StringBuilder summary = new StringBuilder();
    for (int op = 0; op < n; op++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-15s %8.1f us CPU/msg %8d B/msg %9d msgs |",
          FILES[op], cpu[op] / 1e3 / count[op], bytes[op] / count[op], count[op]));
      for (Map.Entry<String, Long> e : groups[op].entrySet()) {
        if (e.getValue() > 0) {
          line.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), e.getValue() * ticksToMicros() / count[op]));
        }
      }
      out.println(line);
      summary.append(line).append('\n');
    }
    out.printf(Locale.ROOT, "MM7 work %.1f us (stub side %.1f, client side %.1f)%n",
        perMessage(cpu, count, 0) - perMessage(cpu, count, 3), perMessage(cpu, count, 1) - perMessage(cpu, count, 3),
        perMessage(cpu, count, 2) - perMessage(cpu, count, 3));
    Files.writeString(dir.resolve("measured.txt"), summary);
    if (library != null) {
      Class<?> type = Class.forName("one.profiler.AsyncProfiler");
      Object profiler = type.getMethod("getInstance", String.class).invoke(null, library);
      Method execute = type.getMethod("execute", String.class);
      for (int op = 0; op < n; op++) {
        for (String event : new String[] {"cpu", "alloc"}) {
          execute.invoke(profiler, "start,threads,cstack=no,event="
              + (event.equals("cpu") ? "cpu,interval=" + interval : "alloc,alloc=16k"));
          Map<String, Long> compilers = CompilerThreads.snapshot();
          long c0 = cpuNanosWithoutCompilers(compilers);
          long b0 = mx.getTotalThreadAllocatedBytes();
          long done = side.run(op, profileSeconds * 1000);
          long c = cpuNanosWithoutCompilers(compilers) - c0;
          long b = mx.getTotalThreadAllocatedBytes() - b0;
          Path file = dir.resolve(FILES[op] + "-" + event + ".collapsed");
          execute.invoke(profiler, "stop,collapsed,file=" + file);
          Files.writeString(dir.resolve(FILES[op] + "-" + event + ".turn"), done + " " + c + " " + b + " " + interval + "\n");
          out.printf(Locale.ROOT, "profiled %s %s: %d msgs, %.1f us CPU/msg, %d B/msg%n", FILES[op], event, done,
              c / 1e3 / done, b / done);
        }
      }
    }
    out.flush();
    System.exit(0); // the side's servers and clients: no need to stop them one by one
  }

  private static double perMessage(long[] cpu, long[] count, int op) {
    return cpu[op] / 1e3 / count[op];
  }

  /** Microseconds in one clock tick of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux). */
  private static double ticksToMicros() {
    return 10_000.0;
  }

  /** Named thread groups of this process and their CPU clock ticks so far (empty off Linux). */
  static Map<String, Long> threadGroupTicks() {
    Map<String, Long> m = new TreeMap<>();
    if (!Files.isDirectory(TASKS)) {
      return m;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          m.merge(group(name), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return m;
    }
    return m;
  }

  /** The group of a thread, by its name (as the kernel shows it: at most 15 characters). */
  static String group(String name) {
    if (name.startsWith("bench-load")) {
      return "client";
    }
    if (name.startsWith("mm7-stub")) {
      return "stub";
    }
    if (name.startsWith("bench-ceiling")) {
      return "ceiling";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
      return "gc";
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "jit";
    }
    return "other";
  }

  private static long cpuNanosWithoutCompilers(Map<String, Long> compilers) {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        - CompilerThreads.between(compilers, CompilerThreads.snapshot());
  }
}
