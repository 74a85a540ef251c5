package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A test's own threads for what runs beside it: not the common pool, which other tests and the JDK
 * share and which has one thread or none on a 2-core machine.
 */
public final class TestThreads {
  private TestThreads() {}

  /** Daemon threads named after the test, made as needed. */
  public static ExecutorService named(String name) {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Cuts off what still runs (the test's stubs are closed already) and asserts that it ended. */
  public static void end(ExecutorService threads) throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS), "the test's threads ended");
  }
}
