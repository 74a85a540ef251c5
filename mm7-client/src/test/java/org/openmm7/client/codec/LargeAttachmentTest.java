package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A 200 MB attachment through encode and decode in a JVM whose heap is 64 MB: streaming, not buffering. */
class LargeAttachmentTest {
  @Test
  void twoHundredMegabytesThroughTheCodecInASixtyFourMegabyteHeap() throws Exception {
    long size = 200L * 1024 * 1024;
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), LargeAttachmentMain.class.getName(), Long.toString(size)))
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done, "finished in time; output: " + out);
    assertEquals(0, p.exitValue(), out);
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("OK " + size + " "), out);
    System.out.println("200 MB through encode+decode at -Xmx64m, peak heap MiB: " + last.split(" ")[3]);
  }
}
