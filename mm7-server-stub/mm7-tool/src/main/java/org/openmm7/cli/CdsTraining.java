package org.openmm7.cli;

import org.openmm7.bench.BenchMessages;
import org.openmm7.client.Mm7Client;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;

/**
 * The run the {@code mm7} launcher records a class-data archive from (once per build of the jar,
 * under {@code -XX:ArchiveClassesAtExit}): the command line's model, a stub started and answering a
 * SubmitReq from the client, so that later {@code mm7} runs map those classes instead of loading
 * and verifying them. Not a command; prints nothing.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Mm7Command.commandLine().parseArgs("stub", "--port", "0");
    BenchMessages m = BenchMessages.TEXT_1K;
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start();
        Mm7Client client = Mm7Client.builder(stub.endpoint()).build()) {
      client.submit(m.submit(m.payload()));
    }
  }
}
