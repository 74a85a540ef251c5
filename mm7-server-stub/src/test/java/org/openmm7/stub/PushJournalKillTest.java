package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * The held pushes' journal after a SIGKILL among concurrent submits: every submit answered 1000
 * has all its reports held after the restart, in order per recipient, and they reach the VASP in
 * that order once a push target is set.
 */
class PushJournalKillTest {
  private static final List<String> RECIPIENTS = List.of("+46700000001", "+46700000002");

  @TempDir
  Path dir;

  static Mm7StubServer.Builder options(Path store) {
    return Mm7StubServer.builder().storeDirectory(store).inbox(false)
        .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms"))
        .pushRetrySchedule(HeldPushTest.FAST);
  }

  @Test
  void everyReportOfASubmitAnswered1000SurvivesAKillInOrder() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
        System.getProperty("java.class.path"), PushJournalKillRun.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      int port = -1;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("PORT ")) {
          port = Integer.parseInt(line.substring(5).trim());
          break;
        }
      }
      assertTrue(port > 0, "the child stub did not start");
      URI endpoint = URI.create("http://127.0.0.1:" + port + "/mm7");
      for (int t = 0; t < 8; t++) {
        int thread = t;
        pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            SubmitRequest s = SubmitRequest.builder().vaspId("acme")
                .recipients(Recipients.to(Address.number(RECIPIENTS.get(0)), Address.number(RECIPIENTS.get(1))))
                .deliveryReport(true).subject("kill").content(TextPart.of("hi"), true).build();
            try {
              Http.Answer a = Http.post(endpoint, Mm7Envelope.of("tx-" + thread + "-" + i, Mm7Release.latest(), s), null);
              if (a.message() instanceof SubmitResponse r && r.status().isSuccess()) {
                acknowledged.add(r.messageId());
              }
            } catch (Exception killed) {
              return null; // the stub is gone
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acknowledged.size() < 40 && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling a count, not synchronising: the kill lands among submits under way
      }
      p.destroyForcibly(); // SIGKILL, with submits in flight
      p.waitFor(10, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    assertTrue(acknowledged.size() >= 40, "too few submits before the kill: " + acknowledged.size());

    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer again = options(dir).build().start()) {
      Map<String, List<String>> held = again.pushes().held().stream().collect(Collectors.groupingBy(
          r -> r.messageId() + " " + r.recipient(), Collectors.mapping(r -> r.mmStatus().wireName(),
              Collectors.toList())));
      for (String id : acknowledged) {
        for (String to : RECIPIENTS) {
          assertEquals(List.of("Forwarded", "Retrieved"), held.get(id + " " + to),
              "the reports of " + id + " for " + to + " after the kill");
        }
      }
      // a submit the kill cut short may have its first report only, never the second alone
      held.forEach((k, v) -> assertTrue(v.equals(List.of("Forwarded")) || v.equals(List.of("Forwarded", "Retrieved")),
          k + " " + v));
      again.pushTo(vasp.endpoint());
      int sent = again.pushes().sendHeld();
      assertEquals(held.values().stream().mapToInt(List::size).sum(), sent);
      FakeVasp.await("every held report delivered", Duration.ofSeconds(60), () -> vasp.all.size() >= sent);
      Map<String, List<String>> arrived = new ConcurrentHashMap<>();
      for (FakeVasp.Received r : new ArrayList<>(vasp.all)) {
        DeliveryReportRequest d = (DeliveryReportRequest) r.message();
        arrived.computeIfAbsent(d.messageId() + " " + d.recipient().value(), k -> new ArrayList<>())
            .add(d.mmStatus().wireName());
      }
      assertEquals(held, arrived, "each report once, in order per recipient");
    }
  }
}
