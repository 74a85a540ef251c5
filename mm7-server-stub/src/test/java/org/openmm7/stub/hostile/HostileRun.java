package org.openmm7.stub.hostile;

import org.openmm7.client.hostile.HostileCorpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;

/**
 * Runs hostile cases against a stub and checks each: the expected HTTP and MM7 status and recorded
 * reason, no marker anywhere, no canary connection, and a golden SubmitReq answered 1000 right
 * after. Used in-process by {@code HostileStubTest} (one case per dynamic test) and, as a main, in a
 * JVM with a small heap by {@code HostileForkedTest}.
 */
public final class HostileRun {
  /** The golden SubmitReq sent after every case (REL-6-MM7-1-4, with content). */
  public static Path golden() {
    return HostileCorpus.corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve("SubmitReq.http");
  }

  /** What went wrong with one case; empty when nothing did. */
  public static List<String> check(Mm7StubServer stub, HostileCorpus.Case c, HostileCorpus.Traps traps)
      throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    stub.reset();
    HostileCorpus.Message m = c.open(traps);
    RawHttp.Response r = RawHttp.exchange(stub.port(), m.stream(), 10_000);
    if (r.http() != c.http()) {
      problems.add("HTTP " + r.http() + ", expected " + c.http() + ": " + r);
    }
    if (!java.util.Objects.equals(r.mm7Status(), c.status())) {
      problems.add("MM7 status " + r.mm7Status() + ", expected " + c.status() + ": " + r);
    }
    if (HostileCorpus.leaks(r.body(), traps.marker)) {
      problems.add("the response shows the secret file's marker");
    }
    String text = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    if (text.contains("Exception") || text.contains("\tat ")) {
      problems.add("the response shows a Java exception or stack trace: " + r);
    }
    List<RecordedRequest> recorded = stub.requests();
    if (c.status() != null) {
      if (recorded.size() != 1) {
        problems.add(recorded.size() + " recordings, expected 1");
      } else {
        RecordedRequest rec = recorded.get(0);
        if (!java.util.Objects.equals(rec.rejection(), c.reason())) {
          problems.add("recorded reason " + rec.rejection() + ", expected " + c.reason() + " (" + rec.rejectionMessage() + ")");
        }
        String all = rec + " " + rec.rejectionMessage() + " " + rec.findings() + " " + rec.head();
        if (all.contains(traps.marker)) {
          problems.add("the recording shows the secret file's marker");
        }
      }
    }
    if (traps.canaryHits.get() != 0) {
      problems.add("the canary got " + traps.canaryHits.get() + " connection(s)");
    }
    RawHttp.Response g = RawHttp.exchange(stub.port(), new ByteArrayInputStream(Files.readAllBytes(golden())), 10_000);
    if (g.http() != 200 || g.mm7Status() == null || g.mm7Status() != 1000) {
      problems.add("the golden SubmitReq after it got " + g);
    }
    return problems;
  }

  /** {@code HostileRun CORPUS_DIR}: every case, then prints heap figures; exit status 1 on any problem. */
  public static void main(String[] args) throws Exception {
    System.setProperty("openmm7.corpus", args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int failed = 0;
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong sampledPeak = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong casePeak = new java.util.concurrent.atomic.AtomicLong();
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    Thread sampler = new Thread(() -> {
      while (true) {
        long used = memory.getHeapMemoryUsage().getUsed();
        sampledPeak.accumulateAndGet(used, Math::max);
        casePeak.accumulateAndGet(used, Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try (HostileCorpus.Traps traps = new HostileCorpus.Traps();
        Mm7StubServer stub = Mm7StubServer.builder().maxRecordedRequests(10).build().start()) {
      for (HostileCorpus.Case c : HostileCorpus.requests()) {
        long t = System.nanoTime();
        casePeak.set(0);
        List<String> problems;
        try {
          problems = check(stub, c, traps);
        } catch (Throwable e) {
          problems = List.of(e.toString());
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        out.println((problems.isEmpty() ? "ok   " : "FAIL ") + c.name() + " " + ms + " ms, heap peak " + (casePeak.get() >> 20) + " MB " + (problems.isEmpty() ? "" : problems));
        if (!problems.isEmpty()) {
          failed++;
        }
      }
    }
    long peak = 0;
    for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB, peak heap used (sampled every 5 ms) "
        + (sampledPeak.get() >> 20) + " MB (sum of the pools' own peaks " + (peak >> 20) + " MB), total "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
    out.println(failed == 0 ? "SURVIVED" : failed + " FAILED");
    System.exit(failed == 0 ? 0 : 1);
  }
}
