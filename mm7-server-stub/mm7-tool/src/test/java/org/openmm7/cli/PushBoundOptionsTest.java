package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.Pushes;
import picocli.CommandLine;

/**
 * {@code --max-pending-pushes} and {@code --max-held-pushes} of {@code mm7 stub} reach the
 * running stub's push bounds (what {@code /api/summary} lists), and both default to 10 000;
 * {@code --push-room-wait} reaches the stub's options (default 5 s).
 */
class PushBoundOptionsTest {
  private static Pushes start(StubCommand stub, String... args) throws Exception {
    CommandLine cl = new CommandLine(stub);
    cl.setErr(new PrintWriter(new StringWriter()));
    Started.run(cl, args);
    return stub.running().pushes();
  }

  @Test
  void theBoundsGivenReachTheStub() throws Exception {
    StubCommand stub = new StubCommand();
    Pushes pushes = start(stub, "--port", "0", "--no-inbox", "--max-pending-pushes", "7", "--max-held-pushes", "9",
        "--max-finished-pushes", "11");
    try {
      assertEquals(7, pushes.bounds().get("pending").limit());
      assertEquals(9, pushes.bounds().get("held").limit());
      assertEquals(11, pushes.bounds().get("finished").limit());
    } finally {
      stub.stop();
    }
  }

  @Test
  void theDefaultsAreTenThousand() throws Exception {
    StubCommand stub = new StubCommand();
    Pushes pushes = start(stub, "--port", "0", "--no-inbox");
    try {
      assertEquals(10_000, pushes.bounds().get("pending").limit());
      assertEquals(10_000, pushes.bounds().get("held").limit());
    } finally {
      stub.stop();
    }
  }

  @Test
  void thePushRoomWaitReachesTheStubAndDefaultsToFiveSeconds() throws Exception {
    StubCommand given = new StubCommand();
    start(given, "--port", "0", "--no-inbox", "--push-room-wait", "250");
    StubCommand byDefault = new StubCommand();
    start(byDefault, "--port", "0", "--no-inbox");
    try {
      assertEquals(java.time.Duration.ofMillis(250), given.running().options().pushRoomWait());
      assertEquals(java.time.Duration.ofSeconds(5), byDefault.running().options().pushRoomWait());
    } finally {
      given.stop();
      byDefault.stop();
    }
  }

  @Test
  void aNegativePushRoomWaitIsAUsageError() {
    StubCommand stub = new StubCommand();
    CommandLine cl = new CommandLine(stub);
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code = cl.execute("--port", "0", "--no-inbox", "--push-room-wait", "-1");
    // refused while the command line is read (a time span is never negative), not by the stub
    assertEquals(2, code, err.toString());
    org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("--push-room-wait"), err.toString());
  }

  @Test
  void aBoundBelowOneIsAUsageError() {
    StubCommand stub = new StubCommand();
    CommandLine cl = new CommandLine(stub);
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code = cl.execute("--port", "0", "--no-inbox", "--max-pending-pushes", "0");
    assertEquals(1, code, err.toString());
    org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("maxPendingPushes"), err.toString());
  }
}
