package org.openmm7.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's child stub ends when the bench's JVM does, even killed (SIGKILL, as a timeout or the
 * OOM killer does it): a JVM ({@link Parent}) starts the stub as {@link SoakCase} does, with and
 * without a store, and is killed. Before, the stub went on serving, its port, store and memory
 * held, with nobody reading its output.
 */
class SoakChildEndsWithParentTest {
  @TempDir
  Path dir;

  @Test
  void theChildStubEndsWhenTheBenchJvmIsKilled() throws Exception {
    for (String store : new String[] {"-", dir.resolve("store").toString()}) {
      Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-cp", System.getProperty("java.class.path"), Parent.class.getName(), store)
          .redirectErrorStream(true).start();
      long child = -1;
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; child < 0 && (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (line.startsWith("stub ")) {
            child = Long.parseLong(line.substring(5).trim());
          }
        }
        assertTrue(child > 0, "the parent did not start a stub: " + seen);
        Optional<ProcessHandle> stub = ProcessHandle.of(child);
        assertTrue(stub.isPresent() && stub.get().isAlive(), "the stub runs while the parent does");
        parent.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        try {
          stub.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("the stub (pid " + child + ", store " + store + ") still runs 20 s after its"
              + " parent was killed");
        }
      } finally {
        parent.destroyForcibly();
        if (child > 0) {
          ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  /** The bench's side: starts the soak's stub, says its pid, and waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      SoakCase soak = new SoakCase(System.getProperty("java.class.path"), List.of("-Xmx64m"),
          new PrintWriter(System.out, true));
      Path store = args[0].equals("-") ? null : Path.of(args[0]);
      Process stub = SoakCase.start(soak.stubCommand(store, List.of(), null, "none"));
      SoakCase.awaitListening(stub, new java.util.ArrayDeque<>());
      System.out.println("stub " + stub.pid());
      System.out.flush();
      stub.waitFor(); // until killed
    }
  }
}
