package org.openmm7.cli;

import java.util.concurrent.CountDownLatch;

/** Runs a server in the foreground of a command until it is stopped (Ctrl-C or a test's stop()). */
final class Foreground {
  private Foreground() {}

  /** Waits for {@code stop}, then closes the server and removes the shutdown hook that would have stopped it. */
  static int awaitStop(CountDownLatch stop, AutoCloseable server, Thread hook) {
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        server.close();
      } catch (Exception e) {
        // stopping anyway
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // shutting down already
      }
    }
    return 0;
  }
}
