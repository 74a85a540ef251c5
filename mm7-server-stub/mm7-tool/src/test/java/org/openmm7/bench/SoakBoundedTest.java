package org.openmm7.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak case, short: {@code mm7 stub} in a child JVM at the launcher's heap, with and without a
 * store, given mixed submits; between the second and the last checkpoint its heap after a full
 * collection does not grow (small bounds on what it keeps, so that a short run reaches them).
 * Before the store kept its messages in the log and the stub bounded what it keeps without one,
 * every accepted message stayed in memory (with its sender, in a second map) for ever. With the
 * store, the stub is started again on it and MessageIDs sampled over the run are cancelled (1000).
 */
class SoakBoundedTest {
  @TempDir
  Path dir;

  @Test
  void theStubsHeapDoesNotGrowWithTheMessagesItAccepted() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    SoakCase soak = new SoakCase(System.getProperty("java.class.path"), Bench.LAUNCHER_JVM_OPTIONS, out);
    List<String> bounds = List.of("--max-stored", "300", "--max-recorded", "20", "--recording-memory", "2000000");
    for (Path store : java.util.Arrays.asList(null, dir.resolve("store"))) {
      SoakCase.Result r = soak.run(store, bounds, 1600, 4, 8);
      assertEquals(1600, r.points().get(3).messages());
      long growth = r.points().get(3).heapAfterGcBytes() - r.points().get(1).heapAfterGcBytes();
      // a message kept for ever costs a few hundred bytes: 800 of them would be several hundred KB
      assertTrue(growth < 256 * 1024, r.variant() + ": the heap after GC grew by " + growth + " bytes from "
          + r.points().get(1).messages() + " to " + r.points().get(3).messages() + " messages: " + r.points());
      assertTrue(r.peakRssBytes() < 256L << 20, r.variant() + ": peak RSS " + r.peakRssBytes());
      if (store != null) {
        assertTrue(r.restart().sampled() >= 50, "sampled: " + r.restart());
        assertEquals(r.restart().sampled(), r.restart().cancelled(), "cancellable after a restart: " + r.restart());
      }
    }
  }
}
