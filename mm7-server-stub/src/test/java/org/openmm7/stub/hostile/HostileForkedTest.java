package org.openmm7.stub.hostile;

import org.openmm7.client.hostile.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole hostile set against a stub in a JVM with a 64 MB heap ({@link HostileRun} as a main,
 * with this test's class path): it must survive every case (an OutOfMemoryError ends the JVM:
 * -XX:+ExitOnOutOfMemoryError) and still answer a valid request after each.
 */
class HostileForkedTest {
  @Test
  void theStubSurvivesTheHostileSetIn64Megabytes() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        HostileRun.class.getName(), HostileCorpus.corpus().toAbsolutePath().toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output;
    boolean done;
    try (var in = p.getInputStream()) {
      output = in.readAllBytes();
      done = p.waitFor(180, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    String text = new String(output, StandardCharsets.UTF_8);
    String summary = text.lines().filter(l -> l.startsWith("max heap") || l.startsWith("FAIL") || l.contains("SURVIVED")
        || l.contains("FAILED") || l.contains("OutOfMemory")).reduce("", (a, b) -> a + b + "\n");
    System.out.println("forked -Xmx64m run:\n" + summary);
    assertTrue(done, "the forked stub did not finish in time:\n" + text);
    assertEquals(0, p.exitValue(), "the forked stub run failed:\n" + text);
    assertTrue(text.contains("SURVIVED"), text);
  }
}
