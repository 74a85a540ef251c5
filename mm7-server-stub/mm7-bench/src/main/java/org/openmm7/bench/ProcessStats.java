package org.openmm7.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peak figures of a JVM process: RSS from /proc, heap from its -Xlog:gc file. */
final class ProcessStats {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private ProcessStats() {}

  /** VmHWM (peak resident set) of a live process in bytes, or -1 when /proc does not tell. */
  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return -1;
  }

  /**
   * The largest heap occupancy a GC log shows: occupancy only falls at a collection, so the
   * figure before each collection is a local peak. -1 when the log shows no collection.
   */
  static long peakHeapFromGcLog(Path log) throws IOException {
    long peak = -1;
    if (!Files.exists(log)) {
      return -1;
    }
    for (String line : Files.readAllLines(log)) {
      if (!line.contains("Pause")) {
        continue;
      }
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Math.max(bytes(m.group(1), m.group(2)), bytes(m.group(3), m.group(4))));
      }
    }
    return peak;
  }

  private static long bytes(String n, String unit) {
    long v = Long.parseLong(n);
    return switch (unit) {
      case "K" -> v * 1024;
      case "M" -> v * 1024 * 1024;
      default -> v * 1024 * 1024 * 1024;
    };
  }
}
