package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's memory case in a JVM of its own with a 128 MB heap: 150 requests of 0.95 MB to a
 * stub with its default settings (the recordings keep them all) and then a valid request, which
 * must be answered; an OutOfMemoryError ends the JVM (-XX:+ExitOnOutOfMemoryError).
 */
class RecordingMemoryForkedTest {
  @Test
  void oneHundredFiftyBodiesOfAlmostAMegabyteFitIn128Megabytes() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        RecordingMemoryRun.class.getName(), "150");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output;
    boolean done;
    try (var in = p.getInputStream()) {
      output = in.readAllBytes();
      done = p.waitFor(120, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    String text = new String(output, StandardCharsets.UTF_8);
    System.out.println("forked -Xmx128m run: " + text.lines().filter(l -> l.startsWith("max heap")
        || l.contains("OutOfMemory") || l.startsWith("FAILED")).reduce("", (a, b) -> a + b + "\n")
        + text.lines().filter(l -> l.startsWith("answered ")).reduce("", (a, b) -> b));
    assertTrue(done, "the forked stub did not finish in time:\n" + text);
    assertEquals(0, p.exitValue(), "the forked stub run failed:\n" + text);
    assertTrue(text.contains("SURVIVED"), text);
  }
}
