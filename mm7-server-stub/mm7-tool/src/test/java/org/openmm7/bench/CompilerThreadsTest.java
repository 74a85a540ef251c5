package org.openmm7.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The submit case's per-message CPU leaves out the JIT compiler threads' CPU: the threads are
 * found by name in /proc, their growth between two snapshots is what they spent, a thread that
 * began in between counts from zero and one that ended is not counted.
 */
class CompilerThreadsTest {
  @Test
  void findsThisJvmsCompilerThreadsAndTheirCpu() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    Map<String, Long> now = CompilerThreads.snapshot();
    assertFalse(now.isEmpty(), "a JVM running tests has compiled methods: its compiler threads are there");
    long total = now.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(total > 0, "compiler threads that compiled something have CPU time: " + now);
  }

  @Test
  void theGrowthOfEachThreadIsCounted() {
    assertEquals(7 + 5, CompilerThreads.between(Map.of("10", 100L, "11", 50L), Map.of("10", 107L, "12", 5L)));
    assertEquals(0, CompilerThreads.between(Map.of("10", 100L), Map.of()));
    assertEquals(0, CompilerThreads.between(Map.of("10", 100L), Map.of("10", 90L)), "a reused id never counts negative");
  }
}
