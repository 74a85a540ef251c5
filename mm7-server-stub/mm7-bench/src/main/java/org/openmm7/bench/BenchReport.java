package org.openmm7.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The bench's figures as the plain-text table {@code mm7 bench} prints (and src/docs/performance.md shows). */
public final class BenchReport {
  private BenchReport() {}

  public static String table(JsonNode r) {
    StringBuilder sb = new StringBuilder();
    JsonNode m = r.path("machine");
    sb.append(f("Machine: %s, %d cores, %s%n", m.path("cpu").asText(), m.path("cores").asInt(), m.path("java").asText()));
    sb.append(f("Client: %s%n", r.path("client").asText()));
    if (r.has("submit")) {
      sb.append(f("%n1-2. Submit over 127.0.0.1, keep-alive: case 1 = client -> stub, case 2 = same bytes, same HTTP "
          + "client -> Jetty handler that reads the body and answers a fixed SubmitRsp%n"));
      JsonNode w = r.path("submitWarmUp");
      if (!w.isMissingNode()) {
        sb.append(f("Measured after %.1f s of warm-up (%s)%n", w.path("seconds").asDouble(),
            w.path("settled").asBoolean() ? "until the JIT compiler settled" : "JIT still compiling at the cap"));
      }
      sb.append(f("CPU us: process CPU per message (client and server share one JVM) but the JIT compiler threads'"
          + " (JIT us, shown apart); MM7 work = CPU us 1 - CPU us 2: what MM7 costs a message, both sides, over moving"
          + " the same bytes by raw HTTP%n"));
      sb.append(f("| message    | conc | case 1 msg/s | MB/s    | p50 ms | p99 ms | case 2 msg/s | MB/s    | p50 ms | p99 ms "
          + "| CPU us 1 | CPU us 2 | MM7 work us | JIT us 1 / 2 |%n"));
      sb.append(f("|------------|-----:|-------------:|--------:|-------:|-------:|-------------:|--------:|-------:|-------:"
          + "|---------:|---------:|------------:|-------------:|%n"));
      for (JsonNode row : r.path("submit")) {
        JsonNode a = row.path("client");
        JsonNode b = row.path("ceiling");
        sb.append(f("| %-10s | %4d | %12.0f | %7.1f | %6.2f | %6.2f | %12.0f | %7.1f | %6.2f | %6.2f "
                + "| %8.1f | %8.1f | %11.1f | %5.1f / %4.1f |%n",
            row.path("message").asText(), row.path("concurrency").asInt(),
            a.path("messagesPerSecond").asDouble(), a.path("megabytesPerSecond").asDouble(),
            a.path("p50Millis").asDouble(), a.path("p99Millis").asDouble(),
            b.path("messagesPerSecond").asDouble(), b.path("megabytesPerSecond").asDouble(),
            b.path("p50Millis").asDouble(), b.path("p99Millis").asDouble(),
            a.path("cpuMicrosPerMessage").asDouble(), b.path("cpuMicrosPerMessage").asDouble(),
            row.path("mm7WorkMicros").asDouble(), a.path("jitMicrosPerMessage").asDouble(),
            b.path("jitMicrosPerMessage").asDouble()));
      }
    }
    if (r.has("store")) {
      sb.append(f("%nStore: the stub with a store directory (each 1000 after its record is on disk) against the same"
          + " stub without, same client, alternating rounds%n"));
      sb.append(f("(store wait: a stored request's time from its record's append to the end of the force covering"
          + " it, mean and p99; the mean force; records per force)%n"));
      sb.append(f("| message    | conc | store msg/s | p50 ms | p99 ms | no store msg/s | p50 ms | p99 ms | ratio"
          + " | store wait ms | p99 ms | force ms | per force |%n"));
      sb.append(f("|------------|-----:|------------:|-------:|-------:|---------------:|-------:|-------:|------:"
          + "|--------------:|-------:|---------:|----------:|%n"));
      for (JsonNode row : r.path("store")) {
        JsonNode a = row.path("store");
        JsonNode b = row.path("noStore");
        JsonNode w = row.path("storeWait");
        sb.append(f("| %-10s | %4d | %11.0f | %6.2f | %6.2f | %14.0f | %6.2f | %6.2f | %5.2f | %13.2f | %6.2f | %8.2f"
            + " | %9.1f |%n",
            row.path("message").asText(), row.path("concurrency").asInt(), a.path("messagesPerSecond").asDouble(),
            a.path("p50Millis").asDouble(), a.path("p99Millis").asDouble(), b.path("messagesPerSecond").asDouble(),
            b.path("p50Millis").asDouble(), b.path("p99Millis").asDouble(), row.path("ratio").asDouble(),
            w.path("meanMillis").asDouble(), w.path("p99Millis").asDouble(), w.path("forceMillis").asDouble(),
            w.path("recordsPerBatch").asDouble()));
      }
    }
    if (r.has("soak")) {
      JsonNode soak = r.path("soak");
      sb.append(f("%nSoak: mm7 stub (%s) given %d mixed submits (4 x 1 KB : 1 x 100 KB) at concurrency 8%n",
          soak.path("jvmOptions").asText(), soak.path("messages").asLong()));
      sb.append(f("| variant  | messages | seconds | RSS MB | heap after GC MB |%n"));
      sb.append(f("|----------|---------:|--------:|-------:|-----------------:|%n"));
      for (String v : new String[] {"noStore", "store"}) {
        for (JsonNode p : soak.path(v).path("points")) {
          sb.append(f("| %-8s | %8d | %7.1f | %6.1f | %16.1f |%n", v, p.path("messages").asLong(),
              p.path("seconds").asDouble(), p.path("rssBytes").asLong() / 1e6, p.path("heapAfterGcBytes").asLong() / 1e6));
        }
      }
      JsonNode restart = soak.path("store").path("restart");
      if (!restart.isMissingNode()) {
        sb.append(f("Restart on the store: listening after %.2f s; %d of %d sampled MessageIDs cancelled (1000)%n",
            restart.path("secondsUntilListening").asDouble(), restart.path("cancelled").asInt(),
            restart.path("sampledMessageIds").asInt()));
      }
    }
    if (r.has("pushes")) {
      JsonNode p = r.path("pushes");
      sb.append(f("%nPushes: 1 KB submits asking for delivery reports (two per submit) at concurrency %d, against the same"
          + " stub sending none, alternating rounds%n", p.path("concurrency").asInt()));
      sb.append(f("| variant | submits/s | p99 ms | reports delivered/s | left at round ends | none: submits/s | p99 ms"
          + " | ratio |%n"));
      sb.append(f("|---------|----------:|-------:|--------------------:|-------------------:|----------------:|-------:"
          + "|------:|%n"));
      JsonNode held = p.path("held");
      sb.append(f("| held, --store, no target | %.0f | %.2f | - | - | %.0f | %.2f | %.2f |%n",
          held.path("reportsHeld").path("messagesPerSecond").asDouble(), held.path("reportsHeld").path("p99Millis").asDouble(),
          held.path("noReports").path("messagesPerSecond").asDouble(), held.path("noReports").path("p99Millis").asDouble(),
          held.path("ratio").asDouble()));
      for (JsonNode row : p.path("pushed")) {
        sb.append(f("| pushed, %s | %.0f | %.2f | %.0f | %d | %.0f | %.2f | %.2f |%n",
            row.path("store").asBoolean() ? "--store" : "no store",
            row.path("reportsPushed").path("messagesPerSecond").asDouble(),
            row.path("reportsPushed").path("p99Millis").asDouble(), row.path("reportsDeliveredPerSecond").asDouble(),
            row.path("reportsLeftAtRoundEnd").asLong(), row.path("noReports").path("messagesPerSecond").asDouble(),
            row.path("noReports").path("p99Millis").asDouble(), row.path("ratio").asDouble()));
      }
      JsonNode soak = p.path("soak");
      if (!soak.isMissingNode()) {
        sb.append(f("%nPushes soak: mm7 stub (%s) pushing the reports (%s) of %d submits of 1 KB to a VASP; measured"
            + " once every report so far was delivered%n", soak.path("jvmOptions").asText(),
            soak.path("reportSteps").asText(), soak.path("messages").asLong()));
        sb.append(f("| variant  | messages | reports | seconds | RSS MB | heap after GC MB |%n"));
        sb.append(f("|----------|---------:|--------:|--------:|-------:|-----------------:|%n"));
        for (String v : new String[] {"noStore", "store"}) {
          for (JsonNode pt : soak.path(v).path("points")) {
            sb.append(f("| %-8s | %8d | %7d | %7.1f | %6.1f | %16.1f |%n", v, pt.path("messages").asLong(),
                pt.path("reportsDelivered").asLong(), pt.path("seconds").asDouble(), pt.path("rssBytes").asLong() / 1e6,
                pt.path("heapAfterGcBytes").asLong() / 1e6));
          }
        }
      }
    }
    if (r.has("codec")) {
      sb.append(f("%n3. Codec alone (JMH, ops/s, median of rounds) vs SAAJ doing the same job%n"));
      sb.append(f("   encode no copy: the sink takes each array without copying it (the codec's own work); "
          + "+copy: incl. a copy of every byte into a buffer (what a socket write costs any encoder)%n"));
      sb.append(f("   decode byte[]: Mm7Codec.decode(type, byte[]), in place; stream: decode(type, InputStream); "
          + "SAAJ reads a stream in both rows%n"));
      sb.append(f("| message    | direction | variant | OpenMM7    | SAAJ       | ratio | ratio range |%n"));
      sb.append(f("|------------|-----------|---------|-----------:|-----------:|------:|------------:|%n"));
      for (JsonNode row : r.path("codec")) {
        sb.append(f("| %-10s | %-9s | %-7s | %10.0f | %10.0f | %5.2f | %5.2f-%-5.2f |%n", row.path("message").asText(),
            row.path("direction").asText(), row.path("variant").asText(), row.path("openmm7OpsPerSecond").asDouble(),
            row.path("saajOpsPerSecond").asDouble(), row.path("ratio").asDouble(), row.path("ratioMin").asDouble(),
            row.path("ratioMax").asDouble()));
      }
    }
    if (r.has("memory")) {
      JsonNode mem = r.path("memory");
      sb.append(f("%n4. Memory: one %d MB attachment, client -> stub (with --store), both at %s: %s%n",
          mem.path("attachmentBytes").asLong() >> 20, mem.path("heap").asText(),
          mem.path("success").asBoolean() ? "succeeded in " + mem.path("client").path("seconds").asDouble() + " s ("
              + mem.path("client").path("megabytesPerSecond").asDouble() + " MB/s)" : "FAILED"));
      sb.append(f("| process | peak heap MB | peak RSS MB |%n|---------|-------------:|------------:|%n"));
      for (String p : new String[] {"client", "stub"}) {
        sb.append(f("| %-7s | %12.1f | %11.1f |%n", p, mem.path(p).path("peakHeapBytes").asLong() / 1048576.0,
            mem.path(p).path("peakRssBytes").asLong() / 1048576.0));
      }
    }
    if (r.has("startup")) {
      JsonNode s = r.path("startup");
      sb.append(f("%n5. Start-up to the first answered request%n"));
      sb.append(f("| what | ms |%n|------|---:|%n"));
      sb.append(f("| in-process, fresh JVM (builder().build().start() + first SubmitReq) | %.0f |%n",
          s.path("inProcessColdMillis").asDouble()));
      if (s.has("emptyJettyColdMillis")) {
        sb.append(f("| an empty Jetty server set up as the stub's, fresh JVM, alternately (the machine's floor) | %.0f |%n",
            s.path("emptyJettyColdMillis").asDouble()));
      }
      sb.append(f("| in-process, second stub in the same JVM | %.0f |%n", s.path("inProcessWarmMillis").asDouble()));
      sb.append(f("| mm7 stub, from process launch (listening after %.0f ms) | %.0f |%n",
          s.path("commandLineListeningMillis").asDouble(), s.path("commandLineMillis").asDouble()));
    }
    return sb.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
