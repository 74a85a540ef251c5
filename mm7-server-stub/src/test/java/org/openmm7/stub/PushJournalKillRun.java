package org.openmm7.stub;

import java.nio.file.Path;

/**
 * The stub {@link PushJournalKillTest} kills: a relay with a store directory and no push target
 * (every report held and journalled), which prints its port and runs until killed.
 */
public final class PushJournalKillRun {
  private PushJournalKillRun() {}

  public static void main(String[] args) throws Exception {
    Mm7StubServer stub = PushJournalKillTest.options(Path.of(args[0])).build().start();
    System.out.println("PORT " + stub.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until SIGKILL
  }
}
