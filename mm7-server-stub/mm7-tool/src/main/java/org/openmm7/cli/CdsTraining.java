package org.openmm7.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.openmm7.bench.BenchMessages;
import org.openmm7.client.Mm7Client;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;

/**
 * The run the {@code mm7} launcher records a class-data archive from (once per build of the jar,
 * under {@code -XX:ArchiveClassesAtExit}): {@code mm7 stub --port 0} run as {@code main} runs it
 * (the command line, its converters, the options printed, the stub's logging), answering a
 * SubmitReq from the client, then stopped as Ctrl-C stops it; so that later {@code mm7} runs map
 * those classes instead of loading and verifying them. Not a command; prints nothing.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.dateTimeFormat") == null) {
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", Mm7Command.LOG_TIME_FORMAT); // as main sets it
    }
    String[] stubArgs = {"stub", "--port", "0"};
    CommandLine commandLine = Mm7Command.commandLine(stubArgs); // as main makes it for these arguments
    StringWriter printed = new StringWriter();
    commandLine.setOut(new PrintWriter(printed, true));
    commandLine.setErr(new PrintWriter(printed, true));
    StubCommand stub = commandLine.getSubcommands().get("stub").getCommand();
    int[] exit = {-1};
    Thread command = new Thread(() -> exit[0] = commandLine.execute(stubArgs), "mm7-cds-training");
    command.start();
    Mm7StubServer server = awaitRunning(stub, command);
    try {
      BenchMessages m = BenchMessages.TEXT_1K;
      try (Mm7Client client = Mm7Client.builder(server.endpoint()).build()) {
        client.submit(m.submit(m.payload()));
      }
    } finally {
      stub.stop();
      command.join(TimeUnit.SECONDS.toMillis(30));
    }
    if (exit[0] != 0) {
      throw new IllegalStateException("mm7 stub ended with " + exit[0] + ": " + printed);
    }
  }

  /** The command's running stub, once it listens. */
  private static Mm7StubServer awaitRunning(StubCommand stub, Thread command) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stub.running() == null) {
      if (!command.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("mm7 stub did not start");
      }
      Thread.sleep(5);
    }
    return stub.running();
  }
}
