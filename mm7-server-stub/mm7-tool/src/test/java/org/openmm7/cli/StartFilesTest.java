package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mm7 stub} with a required file that cannot be used: one line naming the file, exit 1,
 * never a block on a FIFO. Before: a directory or a missing script printed the bare path, a FIFO
 * blocked the start, an empty accounts file said "No content to map".
 */
class StartFilesTest {
  @TempDir
  Path dir;

  private String[] startError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cl.execute(args));
    return new String[] {String.valueOf(code), err.toString().trim()};
  }

  private void assertOneLine(String expected, String... args) {
    String[] r = startError(args);
    assertEquals("1", r[0], r[1]);
    assertEquals(expected, r[1]);
  }

  @Test
  void requiredFilesThatCannotBeReadAreOneLineNamingThem() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Path missing = dir.resolve("missing.json");
    Path empty = Files.createFile(dir.resolve("empty.json"));
    assertOneLine("mm7 stub: cannot start: the script " + folder + " is a directory, not a file",
        "stub", "--port", "0", "--script", folder.toString());
    assertOneLine("mm7 stub: cannot start: the script " + missing + " does not exist",
        "stub", "--port", "0", "--script", missing.toString());
    assertOneLine("mm7 stub: cannot start: the accounts file " + folder + " is a directory, not a file",
        "stub", "--port", "0", "--accounts", folder.toString());
    assertOneLine("mm7 stub: cannot start: the accounts file " + missing + " does not exist",
        "stub", "--port", "0", "--accounts", missing.toString());
    String[] r = startError("stub", "--port", "0", "--accounts", empty.toString());
    assertEquals("1", r[0]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertEquals(true, r[1].startsWith("mm7 stub: cannot start: the accounts file " + empty + " is not a JSON list"),
        r[1]);
    assertOneLine("mm7 stub: cannot start: the key store " + folder + " is a directory, not a file",
        "stub", "--port", "0", "--https-keystore", folder.toString(), "--https-password", "x");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertOneLine("mm7 stub: cannot start: the store directory " + file + " is not a directory",
        "stub", "--port", "0", "--store", file.toString());
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    for (List<String> option : List.of(List.of("--script"), List.of("--accounts"))) {
      String what = option.get(0).equals("--script") ? "the script" : "the accounts file";
      assertOneLine("mm7 stub: cannot start: " + what + " " + fifo + " is not a regular file",
          "stub", "--port", "0", option.get(0), fifo.toString());
    }
  }
}
