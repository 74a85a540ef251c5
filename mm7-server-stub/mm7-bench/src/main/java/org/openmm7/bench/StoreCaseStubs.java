package org.openmm7.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.StoreStats;

/**
 * The two stubs of the store case (one with a store directory, one without) in this JVM or in a
 * child JVM, as a real VASP's client would meet them (its own process); and what the store's
 * writes cost the requests between {@link #mark} and {@link #waitSinceMark}.
 */
abstract class StoreCaseStubs implements AutoCloseable {
  /** The child's lines on stdout start with this; anything else (logs) is ignored. */
  private static final String LINE = "store-case ";

  /** Per-request store wait over an interval: mean and p99 append-to-durable, mean force, records per batch. */
  record StoreWait(double meanMillis, double p99Millis, double forceMillis, double recordsPerBatch, long records) {
    static StoreWait of(StoreStats s) {
      return new StoreWait(s.meanWaitMillis(), s.waitQuantileMillis(0.99), s.meanForceMillis(), s.recordsPerBatch(),
          s.records());
    }

    String line() {
      return String.format(Locale.ROOT, "%.6f %.6f %.6f %.3f %d", meanMillis, p99Millis, forceMillis, recordsPerBatch,
          records);
    }

    static StoreWait parse(String line) {
      String[] f = line.trim().split(" ");
      return new StoreWait(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3]), Long.parseLong(f[4]));
    }
  }

  abstract URI withStore();

  abstract URI withoutStore();

  /** Where the interval whose store wait {@link #waitSinceMark} tells begins. */
  abstract void mark() throws IOException;

  abstract StoreWait waitSinceMark() throws IOException;

  /** Where the stubs run, for the table. */
  abstract String placement();

  static StoreCaseStubs start(Path store, boolean child) throws IOException {
    return child ? new Child(store) : new InProcess(store);
  }

  private static Mm7StubServer.Builder builder() {
    return Mm7StubServer.builder().inbox(false).maxRecordedRequests(16);
  }

  /** Both stubs in the bench's JVM, with the client. */
  private static final class InProcess extends StoreCaseStubs {
    private final Mm7StubServer withStore;
    private final Mm7StubServer without;
    private StoreStats mark = null;

    InProcess(Path store) throws IOException {
      Mm7StubServer w = builder().storeDirectory(store).build().start();
      try {
        without = builder().storeDirectory(null).build().start();
      } catch (IOException | RuntimeException e) {
        w.close();
        throw e;
      }
      withStore = w;
    }

    @Override
    URI withStore() {
      return withStore.endpoint();
    }

    @Override
    URI withoutStore() {
      return without.endpoint();
    }

    @Override
    void mark() {
      mark = withStore.storeStats();
    }

    @Override
    StoreWait waitSinceMark() {
      return StoreWait.of(withStore.storeStats().since(mark));
    }

    @Override
    String placement() {
      return "stubs in the client's JVM";
    }

    @Override
    public void close() {
      withStore.close();
      without.close();
    }
  }

  /** Both stubs in a child JVM ({@link #main}), told what to do on its stdin. */
  private static final class Child extends StoreCaseStubs {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final URI withStore;
    private final URI without;

    Child(Path store) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          StoreCaseStubs.class.getName(), store.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      String[] endpoints = answer("started").split(" ");
      withStore = URI.create(endpoints[0]);
      without = URI.create(endpoints[1]);
    }

    private String answer(String expected) throws IOException {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(LINE + expected + " ")) {
          return line.substring(LINE.length() + expected.length() + 1);
        }
      }
      throw new IOException("the stubs' child JVM ended (exit " + waitExit() + ")");
    }

    private int waitExit() {
      try {
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    private String ask(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
      return answer(command);
    }

    @Override
    URI withStore() {
      return withStore;
    }

    @Override
    URI withoutStore() {
      return without;
    }

    @Override
    void mark() throws IOException {
      ask("mark");
    }

    @Override
    StoreWait waitSinceMark() throws IOException {
      return StoreWait.parse(ask("wait"));
    }

    @Override
    String placement() {
      return "stubs in a child JVM";
    }

    @Override
    public void close() {
      try {
        ask("quit");
      } catch (IOException ignored) {
        // ended already
      }
      if (waitExit() < 0) {
        process.destroyForcibly();
      }
    }
  }

  /** The child: {@code StoreCaseStubs <store directory>}; commands on stdin: mark, wait, quit. */
  public static void main(String[] args) throws Exception {
    PrintWriter reply = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    try (InProcess stubs = new InProcess(Path.of(args[0]))) {
      reply.println(LINE + "started " + stubs.withStore() + " " + stubs.withoutStore());
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String c; (c = commands.readLine()) != null; ) {
        switch (c.trim()) {
          case "mark" -> {
            stubs.mark();
            reply.println(LINE + "mark ok");
          }
          case "wait" -> reply.println(LINE + "wait " + stubs.waitSinceMark().line());
          case "quit" -> {
            reply.println(LINE + "quit ok");
            return;
          }
          default -> reply.println(LINE + "unknown " + c);
        }
      }
    } finally {
      System.exit(0); // whatever threads a stub left behind
    }
  }
}
