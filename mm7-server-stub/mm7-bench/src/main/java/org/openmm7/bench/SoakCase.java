package org.openmm7.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.SubmitRequest;

/**
 * The soak case: {@code mm7 stub} (with or without {@code --store}) as a child JVM, given mixed
 * submits (four of 1 KB text to one 100 KB image) at a fixed concurrency; at each checkpoint the
 * stub's resident set (VmRSS) and its heap after a full collection ({@code jcmd GC.run}, then
 * {@code GC.heap_info}) are read. A stub whose memory is bounded shows a flat curve whatever the
 * number of messages. {@link #runWithReports} makes the submits ask for delivery reports, pushed
 * by the stub to a VASP in this JVM. With a store ({@link #run}), the stub is then stopped and started again on
 * the same store (the time until it listens), and a sample of the MessageIDs it answered, spread
 * over the whole run, is cancelled: each must be answered 1000, as before the restart.
 */
public final class SoakCase {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  /**
   * The start of a line of the stub's log (slf4j-simple: milliseconds since start, or the time of
   * day as `mm7 stub` prints it, then the thread); any other line belongs to a stack trace.
   */
  private static final Pattern LOG_LINE = Pattern.compile("(\\d+|\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) \\[");
  /** How many MessageIDs a store variant cancels after its restart. */
  private static final int SAMPLES = 100;

  /** One checkpoint; {@code reportsDelivered} is -1 when the submits asked for none. */
  public record Point(long messages, double seconds, long rssBytes, long heapAfterGcBytes, long reportsDelivered) {}

  /** After a store variant: the start on the same store, and the sampled cancels answered 1000. */
  public record Restart(double seconds, int cancelled, int sampled) {}

  /** A run's checkpoints, the stub's peak resident set, and the restart (null without a store). */
  public record Result(String variant, List<Point> points, long peakRssBytes, double messagesPerSecond,
      Restart restart) {
    /** Heap after GC at the last checkpoint minus that at the one in the middle: flat is about 0. */
    public long heapGrowthSecondHalf() {
      return points.get(points.size() - 1).heapAfterGcBytes() - points.get((points.size() - 1) / 2).heapAfterGcBytes();
    }
  }

  private final String classpath;
  private final List<String> jvmOptions;
  private final PrintWriter progress;

  /**
   * @param jvmOptions the stub JVM's options (the launcher's default heap, for instance)
   */
  public SoakCase(String classpath, List<String> jvmOptions, PrintWriter progress) {
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.progress = progress;
  }

  /**
   * Submits {@code messages} in all, reading the stub's memory after each of {@code checkpoints}
   * equal parts.
   *
   * @param store the store directory, or null for a stub without one
   * @param stubOptions further {@code mm7 stub} options (smaller bounds, for a short run)
   */
  public Result run(Path store, List<String> stubOptions, long messages, int checkpoints, int concurrency)
      throws Exception {
    return run(store, stubOptions, messages, checkpoints, concurrency, null, "none", 0);
  }

  /**
   * As {@link #run}, but 1 KB submits that ask for delivery reports, which the stub pushes to the
   * sink ({@code --vasp-url}) on these steps: at each checkpoint, once every report of the
   * submits so far was delivered ({@code reportsPerSubmit} each), the stub's memory is read.
   */
  public Result runWithReports(Path store, List<String> stubOptions, long messages, int checkpoints, int concurrency,
      PushesCase.Sink sink, String steps, int reportsPerSubmit) throws Exception {
    return run(store, stubOptions, messages, checkpoints, concurrency, sink, steps, reportsPerSubmit);
  }

  private Result run(Path store, List<String> stubOptions, long messages, int checkpoints, int concurrency,
      PushesCase.Sink sink, String steps, int reportsPerSubmit) throws Exception {
    List<String> cmd = stubCommand(store, stubOptions, sink, steps);
    String variant = (store == null ? "no store" : "store") + (sink == null ? "" : ", reports");
    long reportsBefore = sink == null ? 0 : sink.reports();
    Process stub = start(cmd);
    boolean restartAfter = store != null && sink == null; // the plain soak's store variant
    List<String> sampledIds = java.util.Collections.synchronizedList(new ArrayList<>());
    Result result;
    java.util.Deque<String> problems = new java.util.ArrayDeque<>();
    try {
      URI endpoint = awaitListening(stub, problems);
      byte[] small = BenchMessages.TEXT_1K.payload();
      byte[] image = BenchMessages.IMAGE_100K.payload();
      SubmitRequest text = BenchMessages.TEXT_1K.submit(small).toBuilder().deliveryReport(sink != null).build();
      SubmitRequest picture = BenchMessages.IMAGE_100K.submit(image).toBuilder().deliveryReport(false).build();
      List<Point> points = new ArrayList<>();
      AtomicLong sent = new AtomicLong();
      long part = Math.max(1, messages / checkpoints);
      long sampleEvery = Math.max(1, messages / SAMPLES);
      long t0 = System.nanoTime();
      try (SubmitClient client = Clients.create(endpoint, concurrency);
           Mm7Client sampler = Mm7Client.builder(endpoint).build()) {
        for (int k = 1; k <= checkpoints; k++) {
          long target = k == checkpoints ? messages : k * part;
          Load.runCount(concurrency, () -> {
            long i = sent.getAndIncrement();
            if (i >= target) {
              sent.decrementAndGet();
              return false;
            }
            SubmitRequest request = i % 5 == 4 && sink == null ? picture : text;
            if (restartAfter && i % sampleEvery == 0) {
              sampledIds.add(sampler.submit(request).messageId()); // one to cancel after the restart
            } else {
              client.submit(request);
            }
            return true;
          });
          long delivered = -1;
          if (sink != null) {
            long expected = reportsBefore + sent.get() * reportsPerSubmit;
            if (!sink.awaitReports(expected, 300_000)) {
              throw new IllegalStateException("the stub delivered " + (sink.reports() - reportsBefore) + " of "
                  + (expected - reportsBefore) + " reports in 300 s after " + sent.get() + " submits");
            }
            delivered = sink.reports() - reportsBefore;
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          Point p = new Point(sent.get(), seconds, rss(stub.pid()), heapAfterGc(stub.pid()), delivered);
          points.add(p);
          progress.printf("  soak %-8s %,10d messages %7.1f s  RSS %6.1f MB  heap after GC %6.1f MB%s%n", variant,
              p.messages(), p.seconds(), p.rssBytes() / 1e6, p.heapAfterGcBytes() / 1e6,
              delivered < 0 ? "" : String.format("  %,d reports delivered", delivered));
          progress.flush();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      result = new Result(variant, points, ProcessStats.peakRss(stub.pid()), sent.get() / seconds, null);
    } catch (Exception | Error e) {
      // what the stub logged last is what tells why (its output is not kept otherwise)
      synchronized (problems) {
        progress.printf("  soak %s failed: %s; the stub's last warnings and errors:%n", variant, e);
        problems.forEach(line -> progress.println("    " + line));
      }
      progress.flush();
      throw e;
    } finally {
      stop(stub);
    }
    if (!restartAfter) {
      return result;
    }
    return new Result(variant, result.points(), result.peakRssBytes(), result.messagesPerSecond(),
        restart(cmd, sampledIds));
  }

  /**
   * The child stub's command line. {@code --parent-pid}: a bench killed before it stops its stub
   * (Ctrl-C, a timeout's SIGKILL) must not leave the stub serving, holding its port, store and
   * memory; it stops itself when this JVM ends.
   */
  List<String> stubCommand(Path store, List<String> stubOptions, PushesCase.Sink sink, String steps)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classpath, "org.openmm7.cli.Mm7Command", "stub", "--port", "0", "--no-inbox",
        "--delivery-reports", steps, "--parent-pid", Long.toString(ProcessHandle.current().pid())));
    if (sink != null) {
      cmd.addAll(List.of("--vasp-url", sink.endpoint().toString()));
    }
    if (store != null) {
      Files.createDirectories(store);
      cmd.addAll(List.of("--store", store.toString()));
    }
    cmd.addAll(stubOptions);
    return cmd;
  }

  /** Starts the stub again on the same store, times its start, and cancels the sampled MessageIDs. */
  private Restart restart(List<String> cmd, List<String> ids) throws Exception {
    long t0 = System.nanoTime();
    Process stub = start(cmd);
    try {
      URI endpoint = awaitListening(stub, new java.util.ArrayDeque<>());
      double seconds = (System.nanoTime() - t0) / 1e9;
      int cancelled = 0;
      try (Mm7Client client = Mm7Client.builder(endpoint).build()) {
        for (String id : ids) {
          try {
            StatusResponse r = client.cancel(CancelRequest.builder().messageId(id).build());
            if (r.status().code() == 1000) {
              cancelled++;
            } else {
              progress.printf("  soak restart: the cancel of %s was answered %s%n", id, r.status());
            }
          } catch (Mm7Exception e) {
            progress.printf("  soak restart: the cancel of %s failed: %s%n", id, e.getMessage());
          }
        }
      }
      progress.printf("  soak store    restart on the same store: listening after %.2f s; %d of %d sampled"
          + " MessageIDs cancelled (1000)%n", seconds, cancelled, ids.size());
      progress.flush();
      return new Restart(seconds, cancelled, ids.size());
    } finally {
      stop(stub);
    }
  }

  /** The stub as {@code ./mm7} starts it: in the launcher's environment (unless this process has its own). */
  static Process start(List<String> cmd) throws IOException {
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    Bench.LAUNCHER_ENVIRONMENT.forEach((k, v) -> b.environment().putIfAbsent(k, v));
    return b.start();
  }

  private static void stop(Process stub) throws InterruptedException {
    stub.destroy();
    if (!stub.waitFor(30, TimeUnit.SECONDS)) {
      stub.destroyForcibly().waitFor();
    }
  }

  /** The stub's warnings and errors kept for a failed run's report, the latest first out. */
  private static final int PROBLEM_LINES = 60;

  /**
   * Waits for the stub's "listening on" line, then drains its output (its pipe must not fill),
   * keeping its latest warnings and errors (with the lines of their stack traces) in {@code problems}.
   */
  static URI awaitListening(Process p, java.util.Deque<String> problems)
      throws IOException, InterruptedException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            boolean inProblem = false;
            for (String l; (l = out.readLine()) != null; ) {
              boolean logLine = LOG_LINE.matcher(l).lookingAt(); // else a stack trace's line
              inProblem = logLine ? l.contains(" WARN ") || l.contains(" ERROR ") : inProblem;
              if (inProblem) {
                synchronized (problems) {
                  problems.addLast(l);
                  if (problems.size() > PROBLEM_LINES) {
                    problems.removeFirst();
                  }
                }
              }
            }
          } catch (IOException e) {
            // gone
          }
        }, "soak-stub-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(m.group(1));
      }
    }
    throw new IOException("mm7 stub did not start (exit " + p.waitFor() + "):\n" + seen);
  }

  /** VmRSS of a live process in bytes, or -1. */
  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return -1;
  }

  /** The heap in use right after a full collection of a live JVM, by jcmd; -1 if it cannot tell. */
  static long heapAfterGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long used = 0;
    boolean found = false;
    for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
      // G1: "garbage-first heap total ..., used ...K"; Serial and Parallel: one line per generation
      if ((line.contains("heap") || line.contains("generation")) && !line.contains("Metaspace")) {
        Matcher m = USED.matcher(line);
        if (m.find()) {
          used += Long.parseLong(m.group(1)) * 1024;
          found = true;
        }
      }
    }
    return found ? used : -1;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path p = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process j = new ProcessBuilder(Files.exists(p) ? p.toString() : "jcmd", Long.toString(pid), command)
        .redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    j.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
