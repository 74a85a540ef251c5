package org.openmm7.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;

/**
 * What journalling held pushes costs a stub with a store directory and no push target (issue 15):
 * submits per second at one concurrency with the submits asking for delivery reports (each report
 * held and journalled) against the same stub sending none, alternating rounds, a fresh store each
 * round. Run: {@code java -cp mm7.jar org.openmm7.bench.PushJournalCase [concurrency] [seconds] [rounds]}.
 */
public final class PushJournalCase {
  private PushJournalCase() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    long millis = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SubmitRequest submit = BenchMessages.TEXT_1K.submit(BenchMessages.TEXT_1K.payload());
    Load.Sample withReports = new Load.Sample();
    Load.Sample without = new Load.Sample();
    for (int round = 0; round <= rounds; round++) {
      for (boolean reports : new boolean[] {true, false}) {
        Load.Sample s = run(submit, reports, concurrency, round == 0 ? millis / 2 : millis);
        if (round > 0) { // round 0 warms the JIT up
          (reports ? withReports : without).add(s);
        }
        System.err.printf("  round %d %s: %.0f submits/s%n", round, reports ? "with reports" : "without", s.perSecond());
      }
    }
    System.out.printf("push journal, --store, concurrency %d, 1 KB submits: with reports %.0f/s (p99 %.1f ms),"
        + " without %.0f/s (p99 %.1f ms), ratio %.2f; load average %s%n", concurrency, withReports.perSecond(),
        withReports.quantileMillis(0.99), without.perSecond(), without.quantileMillis(0.99),
        withReports.perSecond() / without.perSecond(), Files.readString(Path.of("/proc/loadavg")).trim());
    System.exit(0);
  }

  private static Load.Sample run(SubmitRequest submit, boolean reports, int concurrency, long millis) throws Exception {
    Path store = Files.createTempDirectory("mm7-push-bench");
    try {
      Mm7StubServer.Builder b = Mm7StubServer.builder().storeDirectory(store).maxRecordedRequests(16);
      if (!reports) {
        b.deliveryReports(List.of());
      }
      try (Mm7StubServer stub = b.build().start(); SubmitClient client = Clients.create(stub.endpoint(), concurrency)) {
        return Load.run(concurrency, millis, () -> client.submit(submit));
      }
    } finally {
      try (Stream<Path> files = Files.walk(store)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
