package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mm7 bench}: the harness works end to end at tiny sizes (every case, child JVMs, JMH
 * in-process, the table and the JSON). A smoke test of the harness; the figures are not checked.
 */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(120) // six cases, a few seconds each when the machine is idle
  void tinyRunProducesEveryCase() throws Exception {
    // JMH's lock keeps two measuring runs apart; this smoke test measures nothing, and must not
    // fail because someone benchmarks on the same machine
    System.setProperty("jmh.ignoreLock", "true");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    Path json = dir.resolve("bench.json");
    int code = cl.execute("bench", "--tiny", "--concurrency", "1,4", "--work-dir", dir.resolve("work").toString(),
        "--json", json.toString());
    assertEquals(0, code, out + "\n" + err);
    String table = out.toString();
    for (String heading : new String[] {"1-2. Submit", "Store:", "3. Codec alone", "4. Memory", "5. Start-up"}) {
      assertTrue(table.contains(heading), heading + " in\n" + table);
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertEquals(3 * 2, r.path("submit").size(), "three messages at two concurrencies");
    for (JsonNode row : r.path("submit")) {
      assertTrue(row.path("client").path("messages").asLong() > 0, row.toString());
      assertTrue(row.path("ceiling").path("messages").asLong() > 0, row.toString());
      assertTrue(row.path("client").path("cpuMicrosPerMessage").asDouble() > 0, row.toString());
      assertTrue(row.path("ceiling").path("cpuMicrosPerMessage").asDouble() > 0, row.toString());
      assertTrue(row.has("mm7WorkMicros"), row.toString());
      // each round's client-minus-ceiling difference (the tiny run has one round; 5 MB gets twice the rounds)
      assertEquals(row.path("message").asText().equals("video-5m") ? 2 : 1, row.path("mm7WorkMicrosPerRound").size(),
          row.toString());
    }
    assertEquals(2 * 1, r.path("store").size(), "1 KB and 100 KB at concurrency 4 (1 is not a store row)");
    for (JsonNode row : r.path("store")) {
      assertTrue(row.path("store").path("messages").asLong() > 0 && row.path("noStore").path("messages").asLong() > 0,
          row.toString());
      assertTrue(row.path("ratio").asDouble() > 0, row.toString());
    }
    assertEquals(3 * 4, r.path("codec").size(), "three messages, encode two ways and decode two ways");
    for (JsonNode row : r.path("codec")) {
      assertTrue(row.path("openmm7OpsPerSecond").asDouble() > 0 && row.path("saajOpsPerSecond").asDouble() > 0,
          row.toString());
    }
    assertTrue(r.path("memory").path("success").asBoolean(), r.path("memory").toString());
    assertTrue(r.path("memory").path("stub").path("storedBytes").asLong() > 8L << 20, r.path("memory").toString());
    assertTrue(r.path("startup").path("inProcessColdMillis").asDouble() > 0, r.path("startup").toString());
    assertTrue(r.path("startup").path("emptyJettyColdMillis").asDouble() > 0, r.path("startup").toString());
    assertTrue(r.path("startup").path("commandLineMillis").asDouble() > 0, r.path("startup").toString());
  }
}
