package org.openmm7.client.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Runs a differential check over many seeded cases, reproducibly. Each case gets its own seed,
 * derived from a base seed and the case number; a failing case names its seed, and that seed is
 * added to {@code src/corpus/oracle/<check>.seeds} so that every later build runs it first.
 *
 * <p>System properties (for the long run; the normal build uses the defaults):
 * <ul>
 *   <li>{@code openmm7.oracle.iterations}: cases per check instead of its default, e.g. 100000;</li>
 *   <li>{@code openmm7.oracle.seed}: the base seed (hex), or {@code random} for a new one per run
 *       (printed); default a fixed seed, so the normal build always runs the same cases;</li>
 *   <li>{@code openmm7.oracle.replay}: run only this case seed (hex), as printed by a failure.</li>
 * </ul>
 */
final class OracleRun {
  /** The base seed of the normal build. */
  static final long DEFAULT_SEED = 0x0e7a_c1e5_2026L;

  /** One case: everything it generates comes from the random it is given. */
  @FunctionalInterface
  interface Case {
    void run(Random random) throws Exception;
  }

  private OracleRun() {}

  /** The number of cases a check runs: its default, or the long run's count. */
  static int iterations(int normal) {
    String s = System.getProperty("openmm7.oracle.iterations");
    return s == null || s.isBlank() ? normal : Integer.parseInt(s.trim());
  }

  /**
   * Runs the corpus seeds of {@code check}, then {@code iterations(normal)} new cases; the first
   * failure is rethrown as an AssertionError naming the check, the case seed and how to replay it.
   */
  static void run(String check, int normal, Case c) {
    String replay = System.getProperty("openmm7.oracle.replay");
    List<Long> seeds = new ArrayList<>();
    if (replay != null && !replay.isBlank()) {
      seeds.add(Long.parseUnsignedLong(strip(replay), 16));
    } else {
      seeds.addAll(corpusSeeds(check));
      long base = baseSeed(check);
      SplittableRandom derive = new SplittableRandom(base);
      int n = iterations(normal);
      for (int i = 0; i < n; i++) {
        seeds.add(derive.nextLong());
      }
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (long seed : seeds) {
      try {
        c.run(new Random(seed));
      } catch (Throwable t) {
        String hex = Long.toHexString(seed);
        String msg = check + " failed for case seed " + hex + " (replay: -Dopenmm7.oracle.replay=" + hex
            + "; keep it as a regression case: add it to src/corpus/oracle/" + check + ".seeds): " + t;
        System.err.println(msg);
        throw new AssertionError(msg, t);
      }
    }
    // the CPU time says what the check costs on a machine that is not shared
    System.err.printf("%s: %d cases, %d ms (%d ms CPU)%n", check, seeds.size(),
        (System.nanoTime() - wall0) / 1_000_000, (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
  }

  private static long baseSeed(String check) {
    String s = System.getProperty("openmm7.oracle.seed");
    if (s == null || s.isBlank()) {
      return DEFAULT_SEED ^ check.hashCode();
    }
    if (s.trim().equalsIgnoreCase("random")) {
      long seed = new SplittableRandom().nextLong();
      System.err.println(check + ": base seed " + Long.toHexString(seed));
      return seed;
    }
    return Long.parseUnsignedLong(strip(s), 16);
  }

  private static String strip(String hex) {
    String h = hex.trim();
    return h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h;
  }

  /** The regression seeds of a check: one hex seed per line; text after '#' is a comment. */
  static List<Long> corpusSeeds(String check) {
    Path file = corpus().resolve("oracle").resolve(check + ".seeds");
    List<Long> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int hash = line.indexOf('#');
        String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (!s.isEmpty()) {
          out.add(Long.parseUnsignedLong(strip(s), 16));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    return out;
  }

  private static Path corpus() {
    String p = System.getProperty("openmm7.corpus");
    return p != null ? Path.of(p) : Path.of("..", "src", "corpus");
  }
}
