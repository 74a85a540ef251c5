package org.openmm7.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@code mm7 inspect} (Jazzer): on any file it prints JSON and exits 0,
 * or prints "rejected: ..." and exits 1. A stack trace (picocli's answer to an exception inspect
 * does not type) or any other exit status is a crash. Seeds:
 * {@code src/test/resources/org/openmm7/cli/InspectFuzzTestInputs/inspect/}.
 */
class InspectFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void inspect(byte[] capture) throws IOException {
    Path file = Files.createTempFile("mm7-fuzz-", ".http");
    try {
      Files.write(file, capture);
      String[] r = HostileInspectTest.inspect(file);
      // "rejected: " is printed only by inspect's own handling of typed exceptions; picocli's answer
      // to any other starts with the exception's class name (a first find of this fuzz test was an
      // oracle that looked for "\tat " and a Content-Type that contained it)
      boolean ok = r[0].equals("0") && r[2].isEmpty() || r[0].equals("1") && r[2].startsWith("rejected: ");
      if (!ok) {
        throw new AssertionError("inspect exited " + r[0] + ":\n" + r[2]);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
