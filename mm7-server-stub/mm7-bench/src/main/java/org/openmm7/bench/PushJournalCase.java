package org.openmm7.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What journalling held pushes costs a stub with a store directory and no push target (issue 15):
 * the held part of {@link PushesCase} alone ({@code ./mm7 bench --cases pushes} runs it with the
 * others). Run: {@code java -cp mm7.jar org.openmm7.bench.PushJournalCase [concurrency] [seconds] [rounds]}.
 */
public final class PushJournalCase {
  private PushJournalCase() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    long millis = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("mm7-push-bench");
    PrintWriter out = new PrintWriter(System.out, true);
    PushesCase.held(concurrency, millis / 2, millis, rounds, dir, out);
    out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    PushesCase.deleteTree(dir);
    System.exit(0);
  }
}
