package org.openmm7.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of this JVM's JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1",
 * ...), from {@code /proc/self/task} on Linux. The submit case leaves it out of the CPU per
 * message: a compilation that happens to run during a row is charged to whichever case runs then
 * (mostly case 1, which runs far more code), and at a load average of 15 on 2 cores C2 was still
 * compiling 20-110 us per message of case 1 a minute into the run, as much as the MM7 work itself.
 */
final class CompilerThreads {
  private static final Path TASKS = Path.of("/proc/self/task");

  private CompilerThreads() {}

  /** Nanoseconds on a CPU per live compiler thread (by thread id); empty where /proc cannot tell. */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return out;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            // schedstat: time on a CPU (ns), time waiting for one, timeslices
            String schedstat = Files.readString(task.resolve("schedstat")).strip();
            out.put(task.getFileName().toString(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile, or the kernel keeps no schedstat: not counted
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * The compiler threads' CPU between two snapshots: each live thread's growth (one that started
   * in between counts from 0; one that ended is lost, so this errs on the low side).
   */
  static long between(Map<String, Long> before, Map<String, Long> after) {
    long sum = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return sum;
  }
}
