package org.openmm7.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openmm7.client.message.SubmitRequest;

/**
 * The store case: the same client submitting the same message to a stub with a store directory and
 * to one without, in alternating rounds of equal length at each concurrency; the ratio of their
 * throughputs is what durability costs (every 1000 waits for its record to be on disk), with each
 * side's p50 and p99, and what the stored requests waited for the store (append to durable: mean
 * and p99; the mean force and records per force, from {@link org.openmm7.stub.StoreStats}). The
 * stubs run in the client's JVM or in a child JVM (as a real VASP's client would meet them).
 */
public final class StoreCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreCase() {}

  /** Rows for every message and concurrency given, the stubs in this JVM. */
  public static ArrayNode run(List<BenchMessages> messages, List<Integer> concurrency, long warmupMillis,
      long rowMillis, int rounds, Path workDir, PrintWriter progress) throws Exception {
    return run(messages, concurrency, warmupMillis, rowMillis, rounds, workDir, false, progress);
  }

  /** Rows for every message and concurrency given; {@code stubsInChild}: the stubs in a child JVM. */
  public static ArrayNode run(List<BenchMessages> messages, List<Integer> concurrency, long warmupMillis,
      long rowMillis, int rounds, Path workDir, boolean stubsInChild, PrintWriter progress) throws Exception {
    ArrayNode rows = JSON.createArrayNode();
    Path store = workDir.resolve("store-case");
    deleteTree(store);
    try (StoreCaseStubs stubs = StoreCaseStubs.start(store, stubsInChild)) {
      for (BenchMessages m : messages) {
        SubmitRequest submit = m.submit(m.payload()).toBuilder().deliveryReport(false).build();
        for (int c : concurrency) {
          Load.Sample stored = new Load.Sample();
          Load.Sample memory = new Load.Sample();
          StoreCaseStubs.StoreWait wait;
          try (SubmitClient toStore = Clients.create(stubs.withStore(), c);
               SubmitClient toMemory = Clients.create(stubs.withoutStore(), c)) {
            Load.Op storeOp = () -> toStore.submit(submit);
            Load.Op memoryOp = () -> toMemory.submit(submit);
            Load.run(c, warmupMillis, memoryOp);
            Load.run(c, warmupMillis, storeOp);
            stubs.mark();
            for (int r = 0; r < rounds; r++) {
              if (r % 2 == 0) {
                memory.add(Load.run(c, rowMillis, memoryOp));
                stored.add(Load.run(c, rowMillis, storeOp));
              } else {
                stored.add(Load.run(c, rowMillis, storeOp));
                memory.add(Load.run(c, rowMillis, memoryOp));
              }
            }
            wait = stubs.waitSinceMark();
          }
          ObjectNode row = rows.addObject();
          row.put("message", m.label());
          row.put("concurrency", c);
          row.put("placement", stubs.placement());
          put(row.putObject("store"), stored);
          put(row.putObject("noStore"), memory);
          double ratio = stored.perSecond() / memory.perSecond();
          row.put("ratio", Bench.round(ratio, 3));
          ObjectNode w = row.putObject("storeWait");
          w.put("meanMillis", Bench.round(wait.meanMillis(), 3));
          w.put("p99Millis", Bench.round(wait.p99Millis(), 3));
          w.put("forceMillis", Bench.round(wait.forceMillis(), 3));
          w.put("recordsPerBatch", Bench.round(wait.recordsPerBatch(), 2));
          progress.printf("  store %-10s c=%-3d with %7.0f msg/s (p50 %6.2f p99 %7.2f ms)  without %7.0f msg/s"
              + " (p50 %6.2f p99 %7.2f ms)  ratio %.2f  store wait mean %.2f p99 %.2f ms, force %.2f ms,"
              + " %.1f per batch%n", m.label(), c, stored.perSecond(),
              stored.quantileMillis(0.5), stored.quantileMillis(0.99), memory.perSecond(), memory.quantileMillis(0.5),
              memory.quantileMillis(0.99), ratio, wait.meanMillis(), wait.p99Millis(), wait.forceMillis(),
              wait.recordsPerBatch());
          progress.flush();
        }
      }
    } finally {
      deleteTree(store);
    }
    return rows;
  }

  private static void put(ObjectNode o, Load.Sample s) {
    o.put("messages", s.count);
    o.put("messagesPerSecond", Bench.round(s.perSecond(), 1));
    o.put("p50Millis", Bench.round(s.quantileMillis(0.50), 3));
    o.put("p99Millis", Bench.round(s.quantileMillis(0.99), 3));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * {@code StoreCase [rowMillis] [rounds] [workDir] [same|child|both]}: the case alone, 1 KB and 100
   * KB at concurrency 8 and 64, the stubs in this JVM (same, the default), in a child JVM, or both
   * one after the other.
   */
  public static void main(String[] args) throws Exception {
    long rowMillis = args.length > 0 ? Long.parseLong(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("mm7-store-case");
    String placement = args.length > 3 ? args[3] : "same";
    if (!List.of("same", "child", "both").contains(placement)) {
      throw new IllegalArgumentException("placement: same, child or both, not " + placement);
    }
    PrintWriter out = new PrintWriter(System.out, true);
    for (boolean child : new boolean[] {false, true}) {
      if (placement.equals("both") || placement.equals(child ? "child" : "same")) {
        out.println(child ? "stubs in a child JVM, the client here:" : "stubs and client in this JVM:");
        run(List.of(BenchMessages.TEXT_1K, BenchMessages.IMAGE_100K), List.of(8, 64), rowMillis, rowMillis, rounds,
            dir, child, out);
      }
    }
  }
}
