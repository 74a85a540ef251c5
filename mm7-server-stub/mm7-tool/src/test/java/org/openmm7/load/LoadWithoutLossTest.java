package org.openmm7.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadRun} in the build: 1,000 submits per step (set {@code openmm7.load.count} for the
 * long run, e.g. 100000), a clean stop and restart, then a SIGKILL in the middle of a run.
 */
class LoadWithoutLossTest {
  @TempDir
  Path store;

  @Test
  void everySubmitAnswered1000IsStoredThroughARestartAndASigkill() throws Exception {
    int count = Integer.getInteger("openmm7.load.count", 1000);
    LoadRun.Report r = new LoadRun(count, 64, store, System.out).run();
    assertEquals(count, r.first().successes());
    assertEquals(r.first().successes(), r.storedAfterFirst());
    assertEquals(r.first().successes(), r.loadedOnRestart());
    assertEquals(0, r.answeredButMissing());
    assertTrue(r.killed().successes() >= count / 2, "the kill came after half the submits were answered");
    assertTrue(r.storedAfterKill() >= r.first().successes() + r.killed().successes());
  }

  /**
   * A kill while 8 or 64 writers have records in the batch being written and forced, and a log
   * whose last record a crash tore: nothing answered 1000 is lost, the torn record is cut off (not
   * reported as a corruption), the restarted stub serves the rest.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"8, 100, false", "64, 150, true", "8, 20, true"})
  void aKillAmongConcurrentWritersLosesNothingAnswered(int concurrency, int killAfter, boolean tearTail)
      throws Exception {
    LoadRun.Crash c = new LoadRun(300, concurrency, store, System.out).crash(killAfter, tearTail);
    assertTrue(c.killed().successes() >= killAfter, "the kill came after " + killAfter + " answers");
    assertEquals(0, c.answeredButMissing());
    assertEquals(java.util.List.of(), c.setAside(), "a torn last record is cut off, not set aside");
  }
}
