package org.openmm7.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.ReportStep;

/**
 * The pushes case (issue 15): what delivery reports cost the stub that makes them, 1 KB submits
 * asking for reports at one concurrency, in three parts.
 *
 * <ol>
 *   <li>held: a stub with a store directory and no push target (each report held and journalled)
 *       against the same stub sending no reports, alternating rounds, a fresh store each round;
 *   <li>pushed: a stub pushing each report (two per submit, at once) to a VASP in this JVM (an
 *       {@link Mm7InboundServer} answering DeliveryReportRsp 1000), with and without a store,
 *       against the same stub sending none: submits/s, p99, reports delivered/s while the round
 *       ran, and how many were left to deliver when it ended (the stub falling behind);
 *   <li>soak: {@code mm7 stub} in a child JVM at the launcher's heap pushing the reports of N
 *       submits to that VASP ({@link SoakCase}): its RSS and heap after GC at checkpoints, once
 *       every report made so far was delivered.
 * </ol>
 */
public final class PushesCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Two reports per recipient, due at once: the stub pushes as fast as it can. */
  static final String STEPS = "Forwarded:0ms,Retrieved:0ms";
  static final int REPORTS_PER_SUBMIT = 2;

  private PushesCase() {}

  /** A VASP in this JVM that answers every DeliveryReportReq 1000 and counts them. */
  public static final class Sink implements AutoCloseable {
    private final AtomicLong reports = new AtomicLong();
    private final Mm7InboundServer server;

    public Sink() throws IOException {
      server = Mm7InboundServer.builder(new Mm7InboundHandler() {
        @Override
        public StatusResponse deliveryReport(DeliveryReportRequest request, InboundContext context) {
          reports.incrementAndGet();
          return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
        }
      }).host("127.0.0.1").port(0).maxThreads(64).start();
    }

    public URI endpoint() {
      return server.endpoint();
    }

    /** DeliveryReportReqs answered so far. */
    public long reports() {
      return reports.get();
    }

    /** Waits until at least {@code n} reports arrived; false at the deadline. */
    public boolean awaitReports(long n, long timeoutMillis) throws InterruptedException {
      long end = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (reports.get() < n) {
        if (System.nanoTime() > end) {
          return false;
        }
        Thread.sleep(20);
      }
      return true;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** Every part: {"held": {...}, "pushed": [...], "soak": {...}} (soak only when soakMessages > 0). */
  public static ObjectNode run(int concurrency, long warmupMillis, long rowMillis, int rounds, long soakMessages,
      String classpath, Path workDir, PrintWriter progress) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("concurrency", concurrency);
    out.put("message", BenchMessages.TEXT_1K.label());
    out.set("held", held(concurrency, warmupMillis, rowMillis, rounds, workDir, progress));
    ArrayNode pushed = out.putArray("pushed");
    for (boolean store : new boolean[] {false, true}) {
      pushed.add(pushed(store, concurrency, warmupMillis, rowMillis, rounds, workDir, progress));
    }
    if (soakMessages > 0) {
      out.set("soak", soak(soakMessages, SOAK_CHECKPOINTS, SoakVariants.BOTH, classpath, workDir, progress));
    }
    return out;
  }

  /** Checkpoints of a soak unless told otherwise. */
  static final int SOAK_CHECKPOINTS = 10;

  /** Which stubs a soak runs: without a store, with one, or both (one after the other). */
  enum SoakVariants {
    BOTH, NO_STORE, STORE;

    static SoakVariants parse(String s) {
      return switch (s) {
        case "both" -> BOTH;
        case "nostore" -> NO_STORE;
        case "store" -> STORE;
        default -> throw new IllegalArgumentException("soak variants: both, nostore or store, not " + s);
      };
    }
  }

  // ---- held ----

  /** Held and journalled reports against none, a fresh store each round. */
  static ObjectNode held(int concurrency, long warmupMillis, long rowMillis, int rounds, Path workDir,
      PrintWriter progress) throws Exception {
    SubmitRequest submit = BenchMessages.TEXT_1K.submit(BenchMessages.TEXT_1K.payload());
    Load.Sample withReports = new Load.Sample();
    Load.Sample without = new Load.Sample();
    for (int round = 0; round <= rounds; round++) {
      for (boolean reports : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
        Load.Sample s = heldRound(submit, reports, concurrency, round == 0 ? warmupMillis : rowMillis, workDir);
        if (round > 0) { // round 0 warms the JIT up
          (reports ? withReports : without).add(s);
        }
      }
    }
    ObjectNode o = JSON.createObjectNode();
    put(o.putObject("reportsHeld"), withReports);
    put(o.putObject("noReports"), without);
    double ratio = withReports.perSecond() / without.perSecond();
    o.put("ratio", Bench.round(ratio, 3));
    progress.printf("  pushes held (--store, no target) c=%d: with reports %7.0f submits/s (p99 %7.2f ms)  without"
            + " %7.0f/s (p99 %7.2f ms)  ratio %.2f%n", concurrency, withReports.perSecond(),
        withReports.quantileMillis(0.99), without.perSecond(), without.quantileMillis(0.99), ratio);
    progress.flush();
    return o;
  }

  private static Load.Sample heldRound(SubmitRequest submit, boolean reports, int concurrency, long millis,
      Path workDir) throws Exception {
    Path store = workDir.resolve("pushes-held-store");
    deleteTree(store);
    try {
      Mm7StubServer.Builder b = Mm7StubServer.builder().inbox(false).storeDirectory(store).maxRecordedRequests(16);
      if (!reports) {
        b.deliveryReports(List.of());
      }
      try (Mm7StubServer stub = b.build().start(); SubmitClient client = Clients.create(stub.endpoint(), concurrency)) {
        return Load.run(concurrency, millis, () -> client.submit(submit));
      }
    } finally {
      deleteTree(store);
    }
  }

  // ---- pushed ----

  /**
   * Reports pushed to the sink against none, one stub each for all rounds (so that the bounds on
   * finished pushes and the journal's rewrites are reached, as in a long run); after each round
   * with reports, what is left is delivered before the next round starts.
   */
  static ObjectNode pushed(boolean store, int concurrency, long warmupMillis, long rowMillis, int rounds,
      Path workDir, PrintWriter progress) throws Exception {
    SubmitRequest submit = BenchMessages.TEXT_1K.submit(BenchMessages.TEXT_1K.payload());
    Path withDir = workDir.resolve("pushes-store-reports");
    Path withoutDir = workDir.resolve("pushes-store-none");
    deleteTree(withDir);
    deleteTree(withoutDir);
    Load.Sample withReports = new Load.Sample();
    Load.Sample without = new Load.Sample();
    long delivered = 0;
    long leftAtEnd = 0;
    long reportsExpected = 0;
    long drainNanos = 0;
    try (Sink sink = new Sink();
        Mm7StubServer reporting = Mm7StubServer.builder().inbox(false).maxRecordedRequests(16)
            .storeDirectory(store ? withDir : null).vaspEndpoint(sink.endpoint())
            .deliveryReports(ReportStep.parseList(STEPS)).build().start();
        Mm7StubServer silent = Mm7StubServer.builder().inbox(false).maxRecordedRequests(16)
            .storeDirectory(store ? withoutDir : null).deliveryReports(List.of()).build().start();
        SubmitClient toReporting = Clients.create(reporting.endpoint(), concurrency);
        SubmitClient toSilent = Clients.create(silent.endpoint(), concurrency)) {
      Load.Op reportingOp = () -> toReporting.submit(submit);
      Load.Op silentOp = () -> toSilent.submit(submit);
      for (int round = 0; round <= rounds; round++) {
        for (boolean reports : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          long millis = round == 0 ? warmupMillis : rowMillis;
          if (!reports) {
            Load.Sample s = Load.run(concurrency, millis, silentOp);
            if (round > 0) {
              without.add(s);
            }
            continue;
          }
          long before = sink.reports();
          Load.Sample s = Load.run(concurrency, millis, reportingOp);
          long during = sink.reports() - before;
          reportsExpected += s.count * REPORTS_PER_SUBMIT;
          long left = reportsExpected - sink.reports();
          long t0 = System.nanoTime();
          if (!sink.awaitReports(reportsExpected, 120_000)) {
            throw new IllegalStateException("the stub delivered " + sink.reports() + " of " + reportsExpected
                + " reports in 120 s after the round: " + reporting.pushes().counts());
          }
          if (round > 0) {
            withReports.add(s);
            delivered += during;
            leftAtEnd += left;
            drainNanos += System.nanoTime() - t0;
          }
        }
      }
    } finally {
      deleteTree(withDir);
      deleteTree(withoutDir);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("store", store);
    put(o.putObject("reportsPushed"), withReports);
    put(o.putObject("noReports"), without);
    double seconds = withReports.nanos / 1e9;
    double reportsPerSecond = seconds == 0 ? 0 : delivered / seconds;
    o.put("reportsDeliveredPerSecond", Bench.round(reportsPerSecond, 1));
    o.put("reportsLeftAtRoundEnd", leftAtEnd);
    o.put("drainSeconds", Bench.round(drainNanos / 1e9, 2));
    double ratio = withReports.perSecond() / without.perSecond();
    o.put("ratio", Bench.round(ratio, 3));
    progress.printf("  pushes pushed %-8s c=%d: %7.0f submits/s (p99 %7.2f, p99.9 %7.2f, max %7.2f ms), %7.0f reports"
            + " delivered/s, %d left at the rounds' ends (%.1f s to deliver)  without reports %7.0f/s (p99 %7.2f ms)"
            + "  ratio %.2f%n",
        store ? "--store" : "no store", concurrency, withReports.perSecond(), withReports.quantileMillis(0.99),
        withReports.quantileMillis(0.999), withReports.quantileMillis(1.0),
        reportsPerSecond, leftAtEnd, drainNanos / 1e9, without.perSecond(), without.quantileMillis(0.99), ratio);
    progress.flush();
    return o;
  }

  // ---- soak ----

  /** {@code mm7 stub} at the launcher's heap pushing the reports of N submits, without and with a store. */
  static ObjectNode soak(long messages, int checkpoints, SoakVariants variants, String classpath, Path workDir,
      PrintWriter progress) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("messages", messages);
    out.put("jvmOptions", String.join(" ", Bench.LAUNCHER_JVM_OPTIONS));
    out.put("reportSteps", STEPS);
    SoakCase soak = new SoakCase(classpath, Bench.LAUNCHER_JVM_OPTIONS, progress);
    Path store = workDir.resolve("pushes-soak-store");
    try (Sink sink = new Sink()) {
      for (Path dir : java.util.Arrays.asList(null, store)) {
        if (variants != SoakVariants.BOTH && (dir == null) != (variants == SoakVariants.NO_STORE)) {
          continue;
        }
        deleteTree(store);
        SoakCase.Result r = soak.runWithReports(dir, List.of(), messages, checkpoints, 8, sink, STEPS,
            REPORTS_PER_SUBMIT);
        ObjectNode v = out.putObject(dir == null ? "noStore" : "store");
        Bench.putSoak(v, r);
      }
    } finally {
      deleteTree(store);
    }
    return out;
  }

  private static void put(ObjectNode o, Load.Sample s) {
    o.put("messages", s.count);
    o.put("messagesPerSecond", Bench.round(s.perSecond(), 1));
    o.put("p50Millis", Bench.round(s.quantileMillis(0.50), 3));
    o.put("p99Millis", Bench.round(s.quantileMillis(0.99), 3));
    o.put("p999Millis", Bench.round(s.quantileMillis(0.999), 3));
    o.put("maxMillis", Bench.round(s.quantileMillis(1.0), 3));
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * {@code PushesCase [concurrency] [rowSeconds] [rounds] [soakMessages] [workDir] [soakVariants]
   * [soakCheckpoints]}: the case alone (the soak needs the shaded jar on the class path, as {@code
   * java -cp mm7.jar}); soakVariants {@code both} (the default), {@code nostore} or {@code store};
   * with rounds -1 only the soak runs.
   */
  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    long millis = (args.length > 1 ? Long.parseLong(args[1]) : 5) * 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long soak = args.length > 3 ? Long.parseLong(args[3]) : 0;
    Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("mm7-pushes-case");
    PrintWriter out = new PrintWriter(System.out, true);
    SoakVariants variants = args.length > 5 ? SoakVariants.parse(args[5]) : SoakVariants.BOTH;
    int checkpoints = args.length > 6 ? Integer.parseInt(args[6]) : SOAK_CHECKPOINTS;
    String classpath = System.getProperty("java.class.path");
    ObjectNode r;
    if (rounds < 0) { // the soak alone
      r = JSON.createObjectNode();
      r.set("soak", soak(soak, checkpoints, variants, classpath, dir, out));
    } else {
      r = run(concurrency, millis, millis, rounds, 0, classpath, dir, out);
      if (soak > 0) {
        r.set("soak", soak(soak, checkpoints, variants, classpath, dir, out));
      }
    }
    out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
    System.exit(0);
  }
}
