package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * At start on a store directory the stub reads the newest stored requests back for the inbox,
 * but at most a sixteenth of its heap of them (and 64 MiB): a store larger than that budget is
 * read back only in part, the newest first, in a JVM of a small heap, and whole in a larger one.
 * Each JVM is a child process, since the budget follows the heap it was started with.
 */
class RestoreBudgetTest {
  private static final int MESSAGES = 40;
  private static final int TEXT_BYTES = 200_000;

  @TempDir
  static Path store;
  private static final List<String> submitted = new ArrayList<>();

  @BeforeAll
  static void fillTheStore() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(store).inbox(false).deliveryReports(List.of())
        .build().start()) {
      String text = "x".repeat(TEXT_BYTES);
      for (int i = 0; i < MESSAGES; i++) {
        SubmitRequest s = SubmitRequest.builder().vaspId("acme")
            .recipients(Recipients.to(Address.number("+4670000" + (1000 + i)))).subject("big " + i)
            .content(TextPart.of(text), true).build();
        String tx = "tx-" + i;
        Http.Answer a = Http.post(stub.endpoint(), Mm7Envelope.of(tx, Mm7Release.latest(), s), null);
        assertInstanceOf(SubmitResponse.class, a.message());
        submitted.add(tx);
      }
    }
  }

  /** The child's heap, how many requests it read back, their bytes, and their TransactionIDs, oldest first. */
  private record Restored(long heap, int count, long bytes, List<String> ids) {}

  private static Restored startIn(String xmx) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, xmx, "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), RestoreBudgetRun.class.getName(), store.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not end: " + out);
    long heap = -1;
    int count = -1;
    long bytes = -1;
    List<String> ids = List.of();
    for (String line : out.split("\\R")) {
      String[] w = line.trim().split(" ");
      switch (w[0]) {
        case "HEAP" -> heap = Long.parseLong(w[1]);
        case "RESTORED" -> {
          count = Integer.parseInt(w[1]);
          bytes = Long.parseLong(w[2]);
        }
        case "IDS" -> ids = Arrays.asList(w).subList(1, w.length);
        default -> { }
      }
    }
    assertTrue(count >= 0 && heap > 0, "the child's output: " + out);
    return new Restored(heap, count, bytes, ids);
  }

  @Test
  void aSmallHeapReadsBackOnlyItsBudgetTheNewestFirst() throws Exception {
    Restored r = startIn("-Xmx48m");
    long budget = Math.min(64L << 20, r.heap() / 16); // about 3 MB here, the store holds 8 MB
    assertTrue(r.bytes() <= budget, r.bytes() + " bytes read back, over the budget of " + budget);
    assertTrue(r.count() > 0 && r.count() < MESSAGES, "only a part read back: " + r.count());
    assertTrue(r.bytes() + 2L * TEXT_BYTES > budget, "the budget is used, not left mostly empty: " + r.bytes());
    assertEquals(submitted.subList(MESSAGES - r.count(), MESSAGES), r.ids(), "the newest, in order");
  }

  @Test
  void aLargerHeapReadsBackTheWholeStore() throws Exception {
    Restored r = startIn("-Xmx512m"); // a budget of 32 MB: the whole 8 MB store
    assertEquals(MESSAGES, r.count());
    assertEquals(submitted, r.ids());
  }
}
