package org.openmm7.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;

/**
 * The harness behind {@code mm7 bench} (issue 5): five cases, each comparison measured pair by
 * pair in the same run. Figures go to a JSON tree; {@link BenchReport} prints the table.
 */
public final class Bench {
  /** How long and how big. */
  public record Settings(
      long warmupMillis,
      long rowMillis,
      int rounds,
      List<Integer> concurrency,
      List<BenchMessages> messages,
      long memoryAttachmentBytes,
      String memoryHeap,
      int jmhForks,
      int jmhWarmupIterations,
      long jmhWarmupMillis,
      int jmhIterations,
      long jmhMillis,
      int jmhRounds,
      Set<String> cases,
      long soakMessages) {

    public static Settings full() {
      return new Settings(3000, 3000, 4, List.of(1, 8, 64), List.of(BenchMessages.values()), 1L << 30, "64m",
          1, 3, 1000, 4, 1000, 3, Set.of("submit", "store", "soak", "pushes", "codec", "memory", "startup"), 100_000);
    }

    public static Settings quick() {
      // under two minutes in all: JIT warm-up capped at 15 s, JMH 2 x 500 ms warm-up + 2 x 400 ms
      // (too short for SAAJ's side to be fully compiled: quick codec ratios run high)
      return new Settings(750, 700, 2, List.of(1, 8, 64), List.of(BenchMessages.values()), 256L << 20, "64m",
          // (no pushes case: its soak alone would take the two minutes; --cases pushes runs it)
          1, 2, 500, 2, 400, 1, Set.of("submit", "store", "soak", "codec", "memory", "startup"), 10_000);
    }

    /** Seconds in all, for the smoke test: tiny rows, JMH in-process, an 8 MB attachment. */
    public static Settings tiny() {
      return new Settings(50, 150, 1, List.of(1, 8), List.of(BenchMessages.values()), 8L << 20, "64m",
          0, 0, 50, 1, 100, 1, Set.of("submit", "store", "codec", "memory", "startup"), 500);
    }

    public Settings withCases(Set<String> c) {
      return new Settings(warmupMillis, rowMillis, rounds, concurrency, messages, memoryAttachmentBytes, memoryHeap,
          jmhForks, jmhWarmupIterations, jmhWarmupMillis, jmhIterations, jmhMillis, jmhRounds, Set.copyOf(c),
          soakMessages);
    }

    public Settings withMessages(List<BenchMessages> m, List<Integer> c) {
      return new Settings(warmupMillis, rowMillis, rounds, c == null ? concurrency : List.copyOf(c),
          m == null ? messages : List.copyOf(m), memoryAttachmentBytes, memoryHeap, jmhForks, jmhWarmupIterations,
          jmhWarmupMillis, jmhIterations, jmhMillis, jmhRounds, cases, soakMessages);
    }

    public Settings withMemoryAttachmentBytes(long bytes) {
      return new Settings(warmupMillis, rowMillis, rounds, concurrency, messages, bytes, memoryHeap,
          jmhForks, jmhWarmupIterations, jmhWarmupMillis, jmhIterations, jmhMillis, jmhRounds, cases, soakMessages);
    }

    public Settings withSoakMessages(long n) {
      return new Settings(warmupMillis, rowMillis, rounds, concurrency, messages, memoryAttachmentBytes, memoryHeap,
          jmhForks, jmhWarmupIterations, jmhWarmupMillis, jmhIterations, jmhMillis, jmhRounds, cases, n);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Settings settings;
  private final Path workDir;
  private final String classpath;
  private final PrintWriter progress;

  /**
   * @param workDir where child processes keep their files (the 1 GB attachment, stores, logs)
   * @param classpath the class path child JVMs get (the shaded jar when run as {@code ./mm7})
   */
  public Bench(Settings settings, Path workDir, String classpath, PrintWriter progress) {
    this.settings = settings;
    this.workDir = workDir;
    this.classpath = classpath;
    this.progress = progress;
  }

  public ObjectNode run() throws Exception {
    Files.createDirectories(workDir);
    ObjectNode root = JSON.createObjectNode();
    ObjectNode machine = root.putObject("machine");
    machine.put("cpu", cpuModel());
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    root.put("client", Clients.describe());
    if (settings.cases().contains("submit")) {
      ObjectNode submit = settings.jmhForks() == 0 ? submitInProcess() : submitInChildJvm();
      root.set("submit", submit.path("rows"));
      root.set("submitWarmUp", submit.path("warmUp"));
    }
    if (settings.cases().contains("store")) {
      List<BenchMessages> small = settings.messages().stream().filter(m -> m != BenchMessages.VIDEO_5M).toList();
      root.set("store", StoreCase.run(small, settings.concurrency().stream().filter(c -> c > 1).toList(),
          settings.warmupMillis(), settings.rowMillis(), settings.rounds(), workDir, progress));
    }
    if (settings.cases().contains("soak")) {
      root.set("soak", soak());
    }
    if (settings.cases().contains("pushes")) {
      int c = settings.concurrency().stream().filter(x -> x > 1).findFirst().orElse(8);
      root.set("pushes", PushesCase.run(c, settings.warmupMillis(), settings.rowMillis(), settings.rounds(),
          settings.soakMessages(), classpath, workDir, progress));
    }
    if (settings.cases().contains("codec")) {
      root.set("codec", codec());
    }
    if (settings.cases().contains("memory")) {
      root.set("memory", memory());
    }
    if (settings.cases().contains("startup")) {
      root.set("startup", startup());
    }
    return root;
  }

  private void say(String s) {
    progress.println(s);
    progress.flush();
  }

  // ---- cases 1 and 2 ----

  /** The heap of the JVM that runs cases 1 and 2: fixed and touched up front, as JMH's forks. */
  static final List<String> SUBMIT_JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");

  /**
   * Cases 1 and 2 in a JVM of their own with a fixed, pre-touched heap: in this JVM the heap grows
   * as the rows run, and the kernel zeroing pages for it (first touch) was a sixth of the CPU
   * profile, charged to whichever side allocates more. Both sides still share one JVM.
   */
  private ObjectNode submitInChildJvm() throws Exception {
    Path settingsFile = workDir.resolve("submit-settings.json");
    JSON.writeValue(settingsFile.toFile(), settings);
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(SUBMIT_JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, SubmitCase.class.getName(), settingsFile.toString(), workDir.toString()));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    Thread relay = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = err.readLine()) != null; ) {
          say(line);
        }
      } catch (IOException e) {
        // the child is gone; its exit status tells
      }
    }, "bench-submit-progress");
    relay.setDaemon(true);
    relay.start();
    byte[] out = child.getInputStream().readAllBytes();
    int exit = child.waitFor();
    relay.join(10_000);
    if (exit != 0) {
      throw new IllegalStateException("the submit case's JVM exited with " + exit);
    }
    return (ObjectNode) JSON.readTree(out);
  }

  /** Cases 1 and 2 in this JVM: {"rows": [...], "warmUp": {...}}. */
  ObjectNode submitInProcess() throws Exception {
    ArrayNode rows = JSON.createArrayNode();
    ObjectNode result = JSON.createObjectNode();
    result.set("rows", rows);
    Mm7StubServer.Builder options = Mm7StubServer.builder().maxMessageSize(64L << 20)
        // recorded bodies of 5 MB sit in temporary files: keep a few, not 10 000
        .maxRecordedRequests(16)
        // the submits ask for reports; with no VASP to push them to they would be held: the
        // submit's own handling is measured, as before held pushes existed
        .deliveryReports(java.util.List.of());
    try (Mm7StubServer stub = options.build().start(); CeilingServer ceiling = new CeilingServer()) {
      ObjectNode warmUp = warmUpUntilJitSettles(stub, ceiling);
      result.set("warmUp", warmUp);
      say(String.format("  submit warm-up: %.1f s until the JIT compiler settled (%s)",
          warmUp.path("seconds").asDouble(), warmUp.path("settled").asBoolean() ? "settled" : "cap reached"));
      for (BenchMessages m : settings.messages()) {
        byte[] payload = m.payload();
        SubmitRequest submit = m.submit(payload);
        EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        e.writeTo(wire);
        byte[] bytes = wire.toByteArray();
        for (int c : settings.concurrency()) {
          Load.Sample clientSample = new Load.Sample();
          Load.Sample ceilingSample = new Load.Sample();
          List<Double> roundWork = new ArrayList<>();
          try (SubmitClient client = Clients.create(stub.endpoint(), c);
              RawPoster raw = new RawPoster(ceiling.endpoint(), c, bytes, e.contentType())) {
            Load.Op clientOp = () -> client.submit(submit);
            Load.Op rawOp = raw::post;
            // the JIT is warm already (above): this only fills the connection pools at this concurrency
            Load.run(c, settings.warmupMillis() / 3, rawOp);
            Load.run(c, settings.warmupMillis() / 3, clientOp);
            // at 5 MB the MM7 work is the difference of two CPU figures each 2-3 times its size,
            // and each moved ~10% (400 us) from run to run: twice the rounds for that message, and
            // each round's difference kept so that the spread is seen next to the figure
            int rounds = m == BenchMessages.VIDEO_5M ? 2 * settings.rounds() : settings.rounds();
            for (int r = 0; r < rounds; r++) {
              // alternate which goes first, so that neither always follows the other
              Load.Sample ceilingRound;
              Load.Sample clientRound;
              if (r % 2 == 0) {
                ceilingRound = Load.run(c, settings.rowMillis(), rawOp);
                clientRound = Load.run(c, settings.rowMillis(), clientOp);
              } else {
                clientRound = Load.run(c, settings.rowMillis(), clientOp);
                ceilingRound = Load.run(c, settings.rowMillis(), rawOp);
              }
              ceilingSample.add(ceilingRound);
              clientSample.add(clientRound);
              roundWork.add(clientRound.cpuMicrosPerMessage() - ceilingRound.cpuMicrosPerMessage());
            }
          }
          ObjectNode row = rows.addObject();
          row.put("message", m.label());
          row.put("wireBytes", bytes.length);
          row.put("concurrency", c);
          putSample(row.putObject("client"), clientSample, bytes.length);
          putSample(row.putObject("ceiling"), ceilingSample, bytes.length);
          // what MM7 costs a message, both sides: the CPU beyond moving the same bytes over the same HTTP
          // (the JIT compiler's threads left out: a compilation is not work a message does)
          double work = clientSample.cpuMicrosPerMessage() - ceilingSample.cpuMicrosPerMessage();
          row.put("mm7WorkMicros", round(work, 1));
          ArrayNode perRound = row.putArray("mm7WorkMicrosPerRound");
          for (double w : roundWork) {
            perRound.add(round(w, 1));
          }
          say(String.format("  submit %-10s c=%-3d client %9.0f msg/s  ceiling %9.0f msg/s"
              + "  CPU/msg %.1f vs %.1f us: MM7 work %.1f us (rounds %.0f-%.0f; JIT compiler threads besides: %.1f vs"
              + " %.1f us/msg)",
              m.label(), c, clientSample.perSecond(), ceilingSample.perSecond(), clientSample.cpuMicrosPerMessage(),
              ceilingSample.cpuMicrosPerMessage(), work, roundWork.isEmpty() ? Double.NaN : Collections.min(roundWork),
              roundWork.isEmpty() ? Double.NaN : Collections.max(roundWork), clientSample.jitMicrosPerMessage(),
              ceilingSample.jitMicrosPerMessage()));
        }
      }
    }
    return result;
  }

  /** One message's client and ceiling operations over the bytes the client would send. */
  private record Pair(SubmitClient client, RawPoster raw, Load.Op clientOp, Load.Op rawOp) implements AutoCloseable {
    static Pair of(BenchMessages m, Mm7StubServer stub, CeilingServer ceiling, int c) throws IOException {
      SubmitRequest submit = m.submit(m.payload());
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit));
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      e.writeTo(wire);
      SubmitClient client = Clients.create(stub.endpoint(), c);
      RawPoster raw = new RawPoster(ceiling.endpoint(), c, wire.toByteArray(), e.contentType());
      return new Pair(client, raw, () -> client.submit(submit), raw::post);
    }

    @Override
    public void close() throws IOException {
      try (raw) {
        client.close();
      }
    }
  }

  /**
   * Runs both sides of every message until the JIT compiler has settled: a pass over all messages
   * that cost less than 2% of its time in compilation, twice in a row (or the cap, twenty times
   * the warm-up setting, is reached: 60 s, 15 s with --quick). A row measured while C2 is still
   * compiling the client, the stub and Jetty charges case 1 with the compilation of far more code
   * than case 2 runs, which is not what the comparison is about; JMH warms up for the same reason.
   * Each pass runs at every concurrency the rows measure: at one thread a side the compiler had a
   * core to itself and settled sooner, but the rows at 8 then ran paths (contention, pools at
   * their size) still being compiled while they were measured.
   */
  private ObjectNode warmUpUntilJitSettles(Mm7StubServer stub, CeilingServer ceiling) throws Exception {
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long cap = start + 20 * settings.warmupMillis() * 1_000_000L;
    long slice = Math.max(50, settings.warmupMillis() / 4);
    int quietPasses = 0;
    List<Pair> pairs = new ArrayList<>();
    List<Integer> pairConcurrency = new ArrayList<>();
    try {
      for (int c : settings.concurrency()) {
        for (BenchMessages m : settings.messages()) {
          pairs.add(Pair.of(m, stub, ceiling, c));
          pairConcurrency.add(c);
        }
      }
      while (System.nanoTime() < cap && quietPasses < 2) {
        long compiledBefore = measurable ? jit.getTotalCompilationTime() : 0;
        long passStart = System.nanoTime();
        for (int i = 0; i < pairs.size(); i++) {
          Load.run(pairConcurrency.get(i), slice, pairs.get(i).clientOp());
          Load.run(pairConcurrency.get(i), slice, pairs.get(i).rawOp());
        }
        double passMillis = (System.nanoTime() - passStart) / 1e6;
        long compiledMillis = measurable ? jit.getTotalCompilationTime() - compiledBefore : 0;
        // compilation runs on its own threads: compare with the wall time of the pass
        quietPasses = measurable && compiledMillis < 0.02 * passMillis ? quietPasses + 1 : 0;
      }
    } finally {
      for (Pair p : pairs) {
        p.close();
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("seconds", round((System.nanoTime() - start) / 1e9, 1));
    out.put("settled", quietPasses >= 2);
    ArrayNode at = out.putArray("concurrency");
    settings.concurrency().forEach(at::add);
    return out;
  }

  private static void putSample(ObjectNode o, Load.Sample s, int bytes) {
    o.put("messages", s.count);
    o.put("messagesPerSecond", round(s.perSecond(), 1));
    o.put("megabytesPerSecond", round(s.perSecond() * bytes / 1e6, 2));
    o.put("p50Millis", round(s.quantileMillis(0.50), 3));
    o.put("p99Millis", round(s.quantileMillis(0.99), 3));
    o.put("cpuMicrosPerMessage", round(s.cpuMicrosPerMessage(), 1));
    // the JIT compiler threads' CPU during the rows, left out of the figure above (CompilerThreads)
    o.put("jitMicrosPerMessage", round(s.jitMicrosPerMessage(), 1));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  // ---- the soak ----

  /**
   * A system property: when true, the soak's store ({@code <work dir>/soak-store}) is kept after
   * the run (to time a start on a big store by hand); else it is deleted.
   */
  static final String KEEP_SOAK_STORE = "mm7.bench.keepSoakStore";

  /**
   * The launcher's JVM options: what {@code ./mm7 stub} runs with unless MM7_JAVA_OPTS says
   * otherwise (the script {@code mm7} says why each is there; {@code LauncherOptionsTest} keeps the two equal).
   */
  static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-Xmx128m", "-Xms16m", "-XX:MinHeapFreeRatio=20",
      "-XX:MaxHeapFreeRatio=40", "-XX:+UseSerialGC", "-XX:LiveNodeCountInliningCutoff=20000",
      "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000");

  /** The environment {@code ./mm7} gives the JVM (unless already set): two malloc arenas. */
  static final java.util.Map<String, String> LAUNCHER_ENVIRONMENT = java.util.Map.of("MALLOC_ARENA_MAX", "2");

  private ObjectNode soak() throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("messages", settings.soakMessages());
    out.put("jvmOptions", String.join(" ", LAUNCHER_JVM_OPTIONS));
    SoakCase soak = new SoakCase(classpath, LAUNCHER_JVM_OPTIONS, progress);
    Path store = workDir.resolve("soak-store");
    deleteTree(store);
    try {
      for (Path dir : java.util.Arrays.asList(null, store)) {
        SoakCase.Result r = soak.run(dir, List.of(), settings.soakMessages(), 10, 8);
        putSoak(out.putObject(dir == null ? "noStore" : "store"), r);
      }
    } finally {
      if (!Boolean.getBoolean(KEEP_SOAK_STORE)) {
        deleteTree(store);
      }
    }
    return out;
  }

  /** A soak run's figures: peak RSS, rate, growth in the second half, each checkpoint. */
  static void putSoak(ObjectNode v, SoakCase.Result r) {
    v.put("peakRssBytes", r.peakRssBytes());
    v.put("messagesPerSecond", round(r.messagesPerSecond(), 1));
    v.put("heapGrowthSecondHalfBytes", r.heapGrowthSecondHalf());
    if (r.restart() != null) {
      ObjectNode restart = v.putObject("restart");
      restart.put("secondsUntilListening", round(r.restart().seconds(), 3));
      restart.put("sampledMessageIds", r.restart().sampled());
      restart.put("cancelled", r.restart().cancelled());
    }
    ArrayNode points = v.putArray("points");
    for (SoakCase.Point p : r.points()) {
      ObjectNode n = points.addObject();
      n.put("messages", p.messages());
      n.put("seconds", round(p.seconds(), 1));
      n.put("rssBytes", p.rssBytes());
      n.put("heapAfterGcBytes", p.heapAfterGcBytes());
      if (p.reportsDelivered() >= 0) {
        n.put("reportsDelivered", p.reportsDelivered());
      }
    }
  }

  // ---- case 3 ----

  /** One row of case 3: OpenMM7's benchmark method against SAAJ's. */
  private record CodecRow(String direction, String variant, String ours, String theirs) {}

  /**
   * Rows of case 3 measured together: every method of a group runs once per round, one after the
   * other, in an order that is reversed every round.
   */
  private static final List<List<CodecRow>> CODEC_GROUPS = List.of(
      List.of(new CodecRow("encode", "no copy", "openmm7Encode", "saajEncode")),
      List.of(new CodecRow("encode", "+copy", "openmm7EncodeCopy", "saajEncodeCopy")),
      List.of(new CodecRow("decode", "byte[]", "openmm7Decode", "saajDecode"),
          new CodecRow("decode", "stream", "openmm7DecodeStream", "saajDecode")));

  /**
   * JMH, group by group: for each message, the methods of a group run one after the other (a fork
   * each, the order reversed every round), for several rounds; a row's ratio is the median of the
   * rounds' ratios, so that load from elsewhere on the machine during one run does not decide it.
   * SAAJ's decode runs once per round for both decode rows (it has only a stream entry).
   */
  private ArrayNode codec() throws Exception {
    int rounds = settings.jmhRounds();
    say("  codec: JMH, " + rounds + " round(s) of one fork per benchmark, " + settings.jmhWarmupIterations() + "x"
        + settings.jmhWarmupMillis() + " ms warm-up, " + settings.jmhIterations() + "x" + settings.jmhMillis()
        + " ms measured");
    ArrayNode rows = JSON.createArrayNode();
    for (BenchMessages m : settings.messages()) {
      for (List<CodecRow> group : CODEC_GROUPS) {
        List<String> methods = new ArrayList<>();
        for (CodecRow row : group) {
          for (String method : List.of(row.ours(), row.theirs())) {
            if (!methods.contains(method)) {
              methods.add(method);
            }
          }
        }
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
          List<String> order = new ArrayList<>(methods);
          if (r % 2 == 1) {
            Collections.reverse(order);
          }
          for (String method : order) {
            scores.computeIfAbsent(method, k -> new ArrayList<>()).add(jmh(method, m));
          }
        }
        for (CodecRow row : group) {
          List<Double> ours = scores.get(row.ours());
          List<Double> theirs = scores.get(row.theirs());
          List<Double> ratios = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            ratios.add(ours.get(r) / theirs.get(r));
          }
          ObjectNode node = rows.addObject();
          node.put("message", m.label());
          node.put("direction", row.direction());
          node.put("variant", row.variant());
          node.put("openmm7OpsPerSecond", round(median(ours), 1));
          node.put("saajOpsPerSecond", round(median(theirs), 1));
          node.put("ratio", round(median(ratios), 2));
          node.put("ratioMin", round(ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0), 2));
          node.put("ratioMax", round(ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0), 2));
          say(String.format("  codec %-10s %-6s %-7s openmm7 %10.0f ops/s  saaj %10.0f ops/s  ratio %.2f (rounds %s)",
              m.label(), row.direction(), row.variant(), median(ours), median(theirs), median(ratios),
              ratios.stream().map(x -> String.format("%.2f", x)).toList()));
        }
      }
    }
    return rows;
  }

  /** One JMH run of one benchmark method on one message; its score in ops/s. */
  private double jmh(String method, BenchMessages m) throws Exception {
    ChainedOptionsBuilder ob = new OptionsBuilder()
        .include(java.util.regex.Pattern.quote(CodecBenchmark.class.getName() + "." + method) + "$")
        .param("message", m.label())
        .forks(settings.jmhForks())
        .warmupIterations(settings.jmhWarmupIterations())
        .warmupTime(TimeValue.milliseconds(settings.jmhWarmupMillis()))
        .measurementIterations(settings.jmhIterations())
        .measurementTime(TimeValue.milliseconds(settings.jmhMillis()))
        .timeUnit(TimeUnit.SECONDS)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    if (settings.jmhForks() > 0) {
      ob.jvmArgs("-Xmx1g", "-Xms1g", "-Djava.io.tmpdir=" + workDir.toAbsolutePath());
    }
    Collection<RunResult> results = new Runner(ob.build()).run();
    if (results.size() != 1) {
      throw new IllegalStateException("JMH ran " + results.size() + " benchmarks for " + method + " " + m.label());
    }
    return results.iterator().next().getPrimaryResult().getScore();
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  // ---- case 4 ----

  private ObjectNode memory() throws Exception {
    long size = settings.memoryAttachmentBytes();
    Path dir = workDir.resolve("memory");
    Path store = dir.resolve("store");
    Path tmp = dir.resolve("tmp");
    deleteTree(store);
    deleteTree(tmp);
    Files.createDirectories(store);
    Files.createDirectories(tmp);
    Path attachment = dir.resolve("attachment-" + size + ".bin");
    MemoryClient.writeFile(attachment, size);
    Path stubGc = dir.resolve("stub-gc.log");
    Path clientGc = dir.resolve("client-gc.log");
    Files.deleteIfExists(stubGc);
    Files.deleteIfExists(clientGc);
    String heap = "-Xmx" + settings.memoryHeap();
    say("  memory: " + size + " byte attachment, client and stub at " + heap);
    Process stub = new ProcessBuilder(java(), heap, "-Xlog:gc:file=" + stubGc, "-Djava.io.tmpdir=" + tmp, "-cp",
        classpath, "org.openmm7.cli.Mm7Command", "stub", "--port", "0", "--store", store.toString(),
        "--max-message-size", Long.toString(size + (16L << 20)),
        "--parent-pid", Long.toString(ProcessHandle.current().pid())) // not left serving if the bench is killed
        .redirectErrorStream(true).start();
    ObjectNode out = JSON.createObjectNode();
    out.put("attachmentBytes", size);
    out.put("heap", heap);
    try {
      BufferedReader stubOut = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
      URI relay = awaitListening(stubOut, stub);
      Thread drain = drainInBackground(stubOut);
      Process client = new ProcessBuilder(java(), heap, "-Xlog:gc:file=" + clientGc, "-Djava.io.tmpdir=" + tmp,
          "-cp", classpath, MemoryClient.class.getName(), relay.toString(), attachment.toString(),
          Long.toString(size)).redirectErrorStream(true).start();
      String clientOutput = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = client.waitFor(30, TimeUnit.MINUTES);
      Map<String, String> result = resultLine(clientOutput);
      boolean ok = done && client.exitValue() == 0 && result != null;
      out.put("success", ok);
      if (!ok) {
        out.put("clientOutput", clientOutput.length() > 4000 ? clientOutput.substring(0, 4000) : clientOutput);
      }
      long stubRss = ProcessStats.peakRss(stub.pid());
      // a final collection logs the stub's occupancy at the end, in case that is its peak
      new ProcessBuilder(jcmd(), Long.toString(stub.pid()), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
      ObjectNode c = out.putObject("client");
      if (result != null) {
        c.put("seconds", round(Double.parseDouble(result.get("seconds")), 2));
        c.put("megabytesPerSecond", round(size / 1e6 / Double.parseDouble(result.get("seconds")), 1));
        c.put("peakRssBytes", Long.parseLong(result.get("rss")));
        c.put("heapPoolPeaksBytes", Long.parseLong(result.get("poolPeaks")));
      }
      c.put("peakHeapBytes", ProcessStats.peakHeapFromGcLog(clientGc));
      ObjectNode s = out.putObject("stub");
      s.put("peakHeapBytes", ProcessStats.peakHeapFromGcLog(stubGc));
      s.put("peakRssBytes", stubRss);
      // the store's segment files (the request and its record's few hundred bytes of state)
      try (Stream<Path> files = Files.walk(store)) {
        long stored = files.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> {
          try {
            return Files.size(p);
          } catch (IOException ex) {
            return -1;
          }
        }).sum();
        s.put("storedBytes", stored);
      }
      drain.interrupt();
    } finally {
      stub.destroy();
      if (!stub.waitFor(10, TimeUnit.SECONDS)) {
        stub.destroyForcibly();
      }
      deleteTree(store);
      deleteTree(tmp);
    }
    say(String.format("  memory: %s; client peak heap %.1f MB, RSS %.1f MB; stub peak heap %.1f MB, RSS %.1f MB",
        out.path("success").asBoolean() ? "ok" : "FAILED",
        out.path("client").path("peakHeapBytes").asLong() / 1048576.0,
        out.path("client").path("peakRssBytes").asLong() / 1048576.0,
        out.path("stub").path("peakHeapBytes").asLong() / 1048576.0,
        out.path("stub").path("peakRssBytes").asLong() / 1048576.0));
    return out;
  }

  // ---- case 5 ----

  private ObjectNode startup() throws Exception {
    Path request = workDir.resolve("startup-request.http");
    Files.write(request, StartupProbe.request());
    ObjectNode out = JSON.createObjectNode();
    // in-process, in a fresh JVM (cold) and again in the same JVM (warm); alternately with an
    // empty Jetty server set up as the stub's, so that the machine's floor at the same moment is
    // beside the stub's figure (a loaded machine moves both): medians of the pairs
    int pairs = Math.max(1, settings.rounds());
    List<Double> cold = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    List<Double> jettyCold = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      for (boolean jetty : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        Map<String, String> r = startupProbe(request, jetty);
        if (jetty) {
          jettyCold.add(round(Long.parseLong(r.get("cold")) / 1e6, 1));
        } else {
          cold.add(round(Long.parseLong(r.get("cold")) / 1e6, 1));
          warm.add(round(Long.parseLong(r.get("warm")) / 1e6, 1));
        }
      }
    }
    out.put("inProcessColdMillis", round(median(cold), 1));
    out.put("inProcessWarmMillis", round(median(warm), 1));
    out.put("emptyJettyColdMillis", round(median(jettyCold), 1));
    cold.forEach(out.putArray("inProcessColdRuns")::add);
    jettyCold.forEach(out.putArray("emptyJettyColdRuns")::add);
    // the command line: process start until the first answered request
    byte[] bytes = Files.readAllBytes(request);
    long t0 = System.nanoTime();
    Process cli = new ProcessBuilder(java(), "-cp", classpath, "org.openmm7.cli.Mm7Command", "stub", "--port", "0")
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
      URI endpoint = awaitListening(lines, cli);
      long listening = System.nanoTime();
      String status = StartupProbe.exchange(endpoint, bytes);
      long t1 = System.nanoTime();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("mm7 stub answered " + status);
      }
      out.put("commandLineMillis", round((t1 - t0) / 1e6, 1));
      out.put("commandLineListeningMillis", round((listening - t0) / 1e6, 1));
    } finally {
      cli.destroy();
      cli.waitFor(10, TimeUnit.SECONDS);
    }
    say(String.format("  start-up: in-process %.0f ms cold (an empty Jetty server %.0f ms, medians of %d), %.0f ms warm;"
        + " mm7 stub %.0f ms from launch", out.path("inProcessColdMillis").asDouble(),
        out.path("emptyJettyColdMillis").asDouble(), pairs, out.path("inProcessWarmMillis").asDouble(),
        out.path("commandLineMillis").asDouble()));
    return out;
  }

  /** One run of {@link StartupProbe} in a fresh JVM: its RESULT line's figures. */
  private Map<String, String> startupProbe(Path request, boolean emptyJetty) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath, StartupProbe.class.getName(),
        request.toString()));
    if (emptyJetty) {
      command.add("jetty");
    }
    Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
    String probeOutput = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    probe.waitFor(60, TimeUnit.SECONDS);
    Map<String, String> r = resultLine(probeOutput);
    if (r == null) {
      throw new IOException("the start-up probe failed: " + probeOutput);
    }
    return r;
  }

  // ---- helpers ----

  private static URI awaitListening(BufferedReader out, Process p) throws IOException {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      int at = line.indexOf("relay listening on ");
      if (at >= 0) {
        return URI.create(line.substring(at + "relay listening on ".length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("the stub did not start: " + seen);
  }

  private static Thread drainInBackground(BufferedReader r) {
    Thread t = new Thread(() -> {
      try {
        while (r.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "bench-drain");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Map<String, String> resultLine(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.substring(7).trim().split(" ")) {
          int eq = kv.indexOf('=');
          m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
      }
    }
    return null;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String jcmd() {
    Path p = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.exists(p) ? p.toString() : "jcmd";
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
