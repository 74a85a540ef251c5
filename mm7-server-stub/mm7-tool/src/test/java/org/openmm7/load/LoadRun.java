package org.openmm7.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.StoredMessage;

/**
 * Load without loss: submits of mixed sizes (1 KB text, 100 KB image, every 50th 1 MB) at a fixed
 * concurrency with {@link Mm7Client} into {@code mm7 stub --store DIR} run as a child process,
 * in three steps:
 *
 * <ol>
 *   <li>{@code count} submits; the stub is stopped (SIGTERM): the MessageIDs the client got back
 *       and the messages in the store directory are the same set;</li>
 *   <li>a new stub on the same directory loads exactly that many;</li>
 *   <li>{@code count} more submits, the stub killed with SIGKILL when half of them are answered,
 *       and a third stub started on the directory: every submit answered 1000 is in the store
 *       (a few more may be, those in flight at the kill: stored, but their answer lost).</li>
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -pl mm7-server-stub/mm7-tool -am test -Dtest=LoadWithoutLossTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dopenmm7.load.count=100000}; the build runs it with
 * 1,000 submits per step. It prints its figures and throws {@link AssertionError} on a loss.
 */
public final class LoadRun {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final Pattern LOADED = Pattern.compile("\\((\\d+) messages loaded\\)");

  private final int count;
  private final int concurrency;
  private final Path store;
  private final PrintStream out;
  private final byte[] image = bytes(100 * 1024, 1);
  private final byte[] large = bytes(1024 * 1024, 2);
  private final String text = "x".repeat(1024);

  public LoadRun(int count, int concurrency, Path store, PrintStream out) {
    this.count = count;
    this.concurrency = concurrency;
    this.store = store;
    this.out = out;
  }

  /** What a run saw. */
  public record Report(Phase first, int storedAfterFirst, int loadedOnRestart, Phase killed, int storedAfterKill,
      int loadedAfterKill, int answeredButMissing) {}

  /** One step's figures. */
  public record Phase(int attempted, List<String> messageIds, Map<String, Integer> failures, long bytes,
      Duration elapsed) {
    int successes() {
      return messageIds.size();
    }

    double perSecond() {
      return messageIds.size() / Math.max(0.001, elapsed.toNanos() / 1e9);
    }

    double megabytesPerSecond() {
      return bytes / 1e6 / Math.max(0.001, elapsed.toNanos() / 1e9);
    }
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("mm7-load");
    new LoadRun(count, 64, dir, System.out).run();
  }

  public Report run() throws Exception {
    Files.createDirectories(store);
    out.printf("load: %d submits per step at concurrency %d into %s%n", count, concurrency, store);

    Phase first;
    try (StubProcess stub = StubProcess.start(store)) {
      check(stub.loaded() == 0, "the store starts empty, not with " + stub.loaded());
      first = submits(stub.endpoint(), count, null);
      stub.stop();
    }
    print("step 1 (clean)", first);
    Set<String> stored = storedIds();
    check(first.failures().isEmpty(), "no failures against a running stub: " + first.failures());
    check(stored.equals(Set.copyOf(first.messageIds())), "answered " + first.successes() + ", stored "
        + stored.size() + ", the same MessageIDs: " + (stored.containsAll(first.messageIds()) ? "yes" : "no"));
    int storedAfterFirst = stored.size();

    int loaded;
    Phase killed;
    try (StubProcess stub = StubProcess.start(store)) {
      loaded = stub.loaded();
      out.printf("restart: the stub loaded %d messages (client counted %d)%n", loaded, first.successes());
      check(loaded == first.successes(), "restart loads every stored message");
      int killAt = count / 2;
      killed = submits(stub.endpoint(), count, answered -> {
        if (answered == killAt) {
          stub.kill();
          return true;
        }
        return false;
      });
    }
    print("step 2 (SIGKILL after " + count / 2 + " answers)", killed);

    Set<String> afterKill = storedIds();
    int leftInSpool = files(store.resolve("spool"));
    int loadedAfterKill;
    try (StubProcess stub = StubProcess.start(store)) {
      loadedAfterKill = stub.loaded();
      check(files(store.resolve("spool")) == 0, "the restarted stub cleared what the killed one spooled");
      stub.stop();
    }
    out.printf("spooled bodies left by the killed stub: %d, cleared at the restart%n", leftInSpool);
    List<String> missing = new ArrayList<>();
    for (List<String> ids : List.of(first.messageIds(), killed.messageIds())) {
      for (String id : ids) {
        if (!afterKill.contains(id)) {
          missing.add(id);
        }
      }
    }
    int answered = first.successes() + killed.successes();
    out.printf("after the kill: answered 1000 in all %d, stored %d, loaded by the restarted stub %d,"
        + " answered but missing %d, stored without an answer %d%n", answered, afterKill.size(), loadedAfterKill,
        missing.size(), afterKill.size() - (answered - missing.size()));
    check(missing.isEmpty(), "every submit answered 1000 is in the store; missing: "
        + missing.subList(0, Math.min(10, missing.size())));
    check(loadedAfterKill == afterKill.size(), "the restarted stub loads every stored message");
    check(afterKill.size() - answered <= concurrency, "at most one unanswered stored message per connection");
    return new Report(first, storedAfterFirst, loaded, killed, afterKill.size(), loadedAfterKill, missing.size());
  }

  /** What a crash run saw. */
  public record Crash(Phase killed, int loadedAfter, int answeredButMissing, List<String> setAside) {}

  /**
   * Submits into a fresh stub on the store and kills it (SIGKILL) after {@code killAfter} answers,
   * while the other writers' records are being written and forced; optionally then tears the log's
   * end the way a crash in the middle of a write does (a record's head and part of its bytes);
   * restarts a stub on the directory and checks that every submit answered 1000 is there.
   */
  public Crash crash(int killAfter, boolean tearTail) throws Exception {
    Files.createDirectories(store);
    out.printf("crash: %d submits at concurrency %d into %s, SIGKILL after %d answers%s%n", count, concurrency,
        store, killAfter, tearTail ? ", then a torn record at the log's end" : "");
    Phase killed;
    try (StubProcess stub = StubProcess.start(store)) {
      killed = submits(stub.endpoint(), count, answered -> {
        if (answered == killAfter) {
          stub.kill();
          return true;
        }
        return false;
      });
    }
    print("killed", killed);
    if (tearTail) {
      tearLastSegment();
    }
    int loaded;
    try (StubProcess stub = StubProcess.start(store)) {
      loaded = stub.loaded();
      stub.stop();
    }
    Set<String> stored = storedIds();
    List<String> missing = killed.messageIds().stream().filter(id -> !stored.contains(id)).toList();
    List<String> aside = new ArrayList<>();
    Path unreadable = store.resolve("unreadable");
    if (Files.isDirectory(unreadable)) {
      try (var list = Files.list(unreadable)) {
        list.forEach(p -> aside.add(p.getFileName().toString()));
      }
    }
    out.printf("after the kill: answered 1000 %d, loaded by the restarted stub %d, answered but missing %d,"
        + " set aside %s%n", killed.successes(), loaded, missing.size(), aside);
    check(missing.isEmpty(), "every submit answered 1000 is in the store; missing: "
        + missing.subList(0, Math.min(10, missing.size())));
    check(loaded == stored.size(), "the restarted stub loads every stored message");
    check(stored.size() - killed.successes() <= concurrency, "at most one unanswered stored message per connection");
    return new Crash(killed, loaded, missing.size(), aside);
  }

  /** Appends what a crash mid-write leaves: a record's head announcing 200,000 bytes, and 1,000 of them. */
  private void tearLastSegment() throws IOException {
    Path last;
    try (var list = Files.list(store.resolve("messages"))) {
      last = list.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    java.nio.ByteBuffer torn = java.nio.ByteBuffer.allocate(12 + 1000).putInt(0x4d4d374c).putLong(200_000);
    Files.write(last, torn.array(), java.nio.file.StandardOpenOption.APPEND);
  }

  private void print(String step, Phase p) {
    out.printf("%s: %d attempted, %d answered 1000, failures %s, %.1f s, %.0f submits/s, %.1f MB/s%n", step,
        p.attempted(), p.successes(), p.failures(), p.elapsed().toMillis() / 1000.0, p.perSecond(),
        p.megabytesPerSecond());
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** The MessageIDs in the store, read by a stub built (not started) on the directory. */
  private Set<String> storedIds() throws IOException {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    try (Mm7StubServer reader = Mm7StubServer.builder().storeDirectory(store).inbox(false).build()) {
      reader.forEachStoredMessage(m -> ids.add(m.messageId()));
    }
    return ids;
  }

  /** The spooled files under dir (in each process's own directory), not counting their lock files. */
  private static int files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var list = Files.walk(dir)) {
      return (int) list.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(".lock")).count();
    }
  }

  /** Decides after each answer whether the stub is now gone (and the remaining submits are not made). */
  interface AfterAnswer {
    boolean stubGone(int answered);
  }

  private Phase submits(URI endpoint, int n, AfterAnswer after) throws Exception {
    List<String> ids = new ArrayList<>(n);
    ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger attempted = new AtomicInteger();
    AtomicInteger answers = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicBoolean gone = new AtomicBoolean();
    long t0 = System.nanoTime();
    try (Mm7Client client = Mm7Client.builder(endpoint).vaspId("load").vasId("load")
        .senderAddress(Address.shortCode("12345")).poolSize(concurrency)
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(120)).build()) {
      ExecutorService workers = Executors.newFixedThreadPool(concurrency);
      CountDownLatch done = new CountDownLatch(concurrency);
      for (int w = 0; w < concurrency; w++) {
        workers.execute(() -> {
          try {
            for (int i; !gone.get() && (i = next.getAndIncrement()) < n; ) {
              attempted.incrementAndGet();
              int size = i % 50 == 49 ? large.length : i % 5 == 4 ? image.length : text.length();
              try {
                String id = client.submit(request(i)).messageId();
                answered.add(id);
                bytes.addAndGet(size);
                if (after != null && after.stubGone(answers.incrementAndGet())) {
                  gone.set(true);
                }
              } catch (Mm7TransportException e) {
                failures.merge("transport " + e.kind(), 1, Integer::sum);
              } catch (Mm7Exception | RuntimeException e) {
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
              }
            }
          } finally {
            done.countDown();
          }
        });
      }
      workers.shutdown();
      if (!done.await(30, TimeUnit.MINUTES)) {
        workers.shutdownNow();
        throw new AssertionError("the submits did not end within 30 minutes");
      }
      check(client.leasedConnections() == 0, "every connection back in the pool: " + client.poolStats());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    ids.addAll(answered);
    return new Phase(attempted.get(), List.copyOf(ids), new TreeMap<>(failures), bytes.get(), elapsed);
  }

  private SubmitRequest request(int i) {
    MimePart content;
    if (i % 50 == 49) {
      content = Multipart.mixed(TextPart.of("a large one, #" + i), BinaryPart.ofBytes(large, "video/mp4"));
    } else if (i % 5 == 4) {
      content = Multipart.mixed(TextPart.of("a picture, #" + i), BinaryPart.ofBytes(image, "image/jpeg"));
    } else {
      content = TextPart.of(text);
    }
    return SubmitRequest.builder().recipients(Recipients.to(Address.number("+4470000" + (10000 + i % 90000))))
        .subject("load #" + i).content(content).build();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** {@code mm7 stub} as a child JVM on the test class path. */
  static final class StubProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final int loaded;
    private final LinkedBlockingQueue<String> lines;

    private StubProcess(Process process, URI endpoint, int loaded, LinkedBlockingQueue<String> lines) {
      this.process = process;
      this.endpoint = endpoint;
      this.loaded = loaded;
      this.lines = lines;
    }

    static StubProcess start(Path store) throws IOException, InterruptedException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
          "org.openmm7.cli.Mm7Command", "stub", "--port", "0", "--store", store.toString(), "--no-inbox",
          "--delivery-reports", "none");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "mm7-load-stub-output");
      reader.setDaemon(true);
      reader.start();
      URI endpoint = null;
      int loaded = -1;
      StringBuilder seen = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && (endpoint == null || loaded < 0)) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (!p.isAlive()) {
            break;
          }
          continue;
        }
        seen.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          endpoint = URI.create(m.group(1));
        }
        Matcher l = LOADED.matcher(line);
        if (l.find()) {
          loaded = Integer.parseInt(l.group(1));
        }
      }
      if (endpoint == null || loaded < 0) {
        p.destroyForcibly().waitFor();
        throw new IOException("mm7 stub did not start:\n" + seen);
      }
      return new StubProcess(p, endpoint, loaded, lines);
    }

    URI endpoint() {
      return endpoint;
    }

    int loaded() {
      return loaded;
    }

    /** SIGTERM: the stub's shutdown hook closes it. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly()}): no hook runs, nothing is flushed. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      kill();
      lines.clear();
    }
  }
}
