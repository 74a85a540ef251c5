package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mm7 stub --parent-pid PID}: the stub stops when that process ends, killed or not, and at
 * once when it is not running; without the option nothing else stops it. The "parent" here is a
 * {@code sleep} process of the test's (the stub watches any process, not only its real parent).
 */
class ParentPidTest {
  @Test
  void theStubStopsWhenTheProcessItWatchesIsKilled() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    try {
      Started stub = Started.run(new CommandLine(new StubCommand()), "--port", "0", "--no-inbox",
          "--parent-pid", Long.toString(parent.pid()));
      try (Socket s = new Socket("127.0.0.1", stub.port())) {
        assertTrue(s.isConnected());
      }
      assertFalse(stub.exit().isDone(), "stopped while its parent runs: " + stub.printed());
      parent.destroyForcibly(); // SIGKILL: the parent has no chance to stop its child
      assertEquals(0, stub.exit().get(20, TimeUnit.SECONDS));
      assertThrowsConnect(stub.port());
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void theStubStopsWhenTheProcessItWatchesEndsNormally() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    try {
      Started stub = Started.run(new CommandLine(new StubCommand()), "--port", "0", "--no-inbox",
          "--parent-pid", Long.toString(parent.pid()));
      parent.destroy(); // SIGTERM
      assertEquals(0, stub.exit().get(20, TimeUnit.SECONDS));
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void aParentThatIsNotRunningStopsTheStubAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Started stub = Started.run(new CommandLine(new StubCommand()), "--port", "0", "--no-inbox",
        "--parent-pid", Long.toString(gone.pid()));
    assertEquals(0, stub.exit().get(20, TimeUnit.SECONDS));
  }

  @Test
  void withoutTheOptionTheStubRunsUntilStopped() throws Exception {
    StubCommand command = new StubCommand();
    Started stub = Started.run(new CommandLine(command), "--port", "0", "--no-inbox");
    try {
      assertThrowsTimeout(stub);
      try (Socket s = new Socket("127.0.0.1", stub.port())) {
        assertTrue(s.isConnected(), "still serving");
      }
    } finally {
      command.stop();
    }
    assertEquals(0, stub.exit().get(20, TimeUnit.SECONDS));
  }

  private static void assertThrowsTimeout(Started stub) throws Exception {
    try {
      stub.exit().get(1, TimeUnit.SECONDS);
      throw new AssertionError("the stub stopped by itself: " + stub.printed());
    } catch (java.util.concurrent.TimeoutException expected) {
      // running
    }
  }

  private static void assertThrowsConnect(int port) {
    try {
      new Socket("127.0.0.1", port).close();
    } catch (java.io.IOException expected) {
      return; // closed
    }
    throw new AssertionError("still listening on " + port);
  }
}
