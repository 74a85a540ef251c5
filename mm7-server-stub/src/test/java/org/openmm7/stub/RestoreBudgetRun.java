package org.openmm7.stub;

import java.nio.file.Path;

/**
 * The stub {@link RestoreBudgetTest} starts in a JVM of a given heap: built on a store directory
 * (which reads the newest stored requests back for the inbox), it prints its heap, how many
 * requests it read back, their bytes and their TransactionIDs, and exits.
 */
public final class RestoreBudgetRun {
  private RestoreBudgetRun() {}

  public static void main(String[] args) throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(Path.of(args[0])).inbox(false).build()) {
      long bytes = 0;
      StringBuilder ids = new StringBuilder();
      for (RecordedRequest r : stub.restoredRequests()) {
        bytes += r.rawBytes().length;
        ids.append(' ').append(r.transactionId());
      }
      System.out.println("HEAP " + Runtime.getRuntime().maxMemory());
      System.out.println("RESTORED " + stub.restoredRequests().size() + " " + bytes);
      System.out.println("IDS" + ids);
    }
  }
}
