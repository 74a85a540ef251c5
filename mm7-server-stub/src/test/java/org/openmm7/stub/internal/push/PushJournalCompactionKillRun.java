package org.openmm7.stub.internal.push;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The writer {@link PushJournalCompactionKillTest} kills: appends numbered states of 40 pushes to
 * a push journal that compacts itself every few hundred records, and after each force prints
 * {@code ACK <n> <compactions>}: every state up to number n is durable. Runs until killed.
 */
public final class PushJournalCompactionKillRun {
  static final int PUSHES = 40;

  private PushJournalCompactionKillRun() {}

  public static void main(String[] args) throws Exception {
    PushJournal j = new PushJournal(Path.of(args[0]));
    long n = 0;
    for (byte[] state : j.load().values()) {
      n = Math.max(n, Long.parseLong(new String(state, StandardCharsets.US_ASCII)));
    }
    j.minRecordsToCompact(4 * PUSHES);
    for (n = n + 1; ; n++) {
      long at = j.append("p" + (n % PUSHES), Long.toString(n).getBytes(StandardCharsets.US_ASCII));
      if (n % 10 == 0) {
        j.sync(at);
        System.out.println("ACK " + n + " " + j.compactions());
        System.out.flush();
      }
    }
  }

  /** The state of each push once every state up to {@code acked} is there: the latest of each at most acked. */
  static void requireAtLeast(Map<String, byte[]> loaded, long acked) {
    for (long c = Math.max(1, acked - PUSHES + 1); c <= acked; c++) {
      String id = "p" + (c % PUSHES);
      byte[] state = loaded.get(id);
      if (state == null) {
        throw new AssertionError(id + " is lost: its state " + c + " was acknowledged");
      }
      long have = Long.parseLong(new String(state, StandardCharsets.US_ASCII));
      if (have < c) {
        throw new AssertionError(id + " went back to state " + have + " after " + c + " was acknowledged");
      }
    }
  }
}
