package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spooled bodies live in a directory of the process's own, and a process killed with SIGKILL
 * leaves nothing for ever. Before: they went to {@code <store>/spool} (emptied at the next start
 * with a store) or straight into the system's temporary directory (never removed without one).
 */
class SpoolDirectoryTest {
  @TempDir
  Path parent;

  /** The names taken for a process's directory: {@code openmm7-} and 1 to 19 ASCII digits, as before. */
  @Test
  void onlyOpenmm7AndAsciiDigitsNameAProcesssDirectory() {
    assertEquals(1, SpoolDirectory.pidOf("openmm7-1"));
    assertEquals(4_194_304, SpoolDirectory.pidOf("openmm7-4194304"));
    assertEquals(0, SpoolDirectory.pidOf("openmm7-0000000000000000000"), "19 digits");
    assertEquals(Long.MAX_VALUE, SpoolDirectory.pidOf("openmm7-" + Long.MAX_VALUE));
    for (String stranger : new String[] {"openmm7-", "openmm7", "openmm7-x", "openmm7-12a", "openmm7-1 ", "openmm7--1",
        "openmm7-+1", "xopenmm7-1", "OPENMM7-1", "openmm7-\u0663", "openmm7-1.lock", "openmm7-00000000000000000000",
        "openmm7-9223372036854775808", "mm7-1"}) {
      assertEquals(-1, SpoolDirectory.pidOf(stranger), stranger);
    }
  }

  @Test
  void aKilledProcessesDirectoryIsRemovedAndALiveOnesKept() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        parent.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      assertTrue(line != null && line.startsWith("ready "), String.valueOf(line));
      Path theirs = Path.of(line.substring(6));
      assertEquals(parent.resolve("openmm7-" + child.pid()), theirs);
      assertTrue(Files.exists(theirs.resolve("body")));

      // strangers: nothing but openmm7-<digits> directories is touched, and no link is followed
      Path outside = Files.createDirectories(parent.resolve("outside"));
      Files.writeString(outside.resolve("keep"), "x");
      Files.createSymbolicLink(parent.resolve("openmm7-1"), outside);
      Files.writeString(parent.resolve("openmm7-2"), "a file");
      Files.createDirectories(parent.resolve("openmm7-x"));
      // a directory without a lock whose process is gone
      Path noLock = Files.createDirectories(parent.resolve("openmm7-" + unusedPid()));
      Files.writeString(noLock.resolve("mm7-stub-1.body"), "left");
      Files.createSymbolicLink(noLock.resolve("link"), outside.resolve("keep"));

      Path ours = SpoolDirectory.claim(parent);
      assertEquals(parent.resolve("openmm7-" + ProcessHandle.current().pid()), ours);
      assertTrue(Files.exists(theirs.resolve("body")), "a live process's directory is kept");
      assertFalse(Files.exists(noLock), "a directory whose process is gone is removed");
      assertEquals("x", Files.readString(outside.resolve("keep")), "a link is removed, not followed");
      assertTrue(Files.isSymbolicLink(parent.resolve("openmm7-1")));
      assertTrue(Files.isRegularFile(parent.resolve("openmm7-2")));
      assertTrue(Files.isDirectory(parent.resolve("openmm7-x")));

      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(ours, SpoolDirectory.claim(parent), "the same directory for every stub of a process");
      assertFalse(Files.exists(theirs), "the killed process's directory is removed at the next claim");
      assertTrue(Files.isDirectory(ours));
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aLiveProcessWhoseLockIsStillFreeIsNotTakenForDead() throws Exception {
    // A process that has made its directory but not yet locked it (the moment between the two in
    // claim): with seven builds sharing /tmp another JVM took its lock then, emptied its directory
    // and made it fail to start ("locked by another process with the same PID").
    Process alive = new ProcessBuilder("cat").start(); // lives until its input is closed
    try {
      for (String left : new String[] {"mm7-stub-1.body", "spill/part-2.bin"}) {
        Path dir = Files.createDirectories(parent.resolve("openmm7-" + alive.pid()));
        Files.writeString(dir.resolve(SpoolDirectory.LOCK), "");
        Files.createDirectories(dir.resolve(left).getParent());
        Files.writeString(dir.resolve(left), "in use");

        SpoolDirectory.removeDead(parent);
        assertEquals("in use", Files.readString(dir.resolve(left)), "a live process's files are kept");
        SpoolDirectory.claim(parent);
        assertEquals("in use", Files.readString(dir.resolve(left)), "claiming beside it keeps them too");
      }
      alive.getOutputStream().close();
      assertTrue(alive.waitFor(30, TimeUnit.SECONDS));
      SpoolDirectory.removeDead(parent);
      assertFalse(Files.exists(parent.resolve("openmm7-" + alive.pid())), "once it is gone its directory goes");
    } finally {
      alive.destroyForcibly();
    }
  }

  @Test
  void aStubSpoolsIntoItsOwnDirectoryUnderTheStore() throws Exception {
    Path dead = Files.createDirectories(parent.resolve("spool").resolve("openmm7-" + unusedPid()));
    Files.writeString(dead.resolve("mm7-stub-1.body"), "left by a killed stub");
    Files.writeString(parent.resolve("spool").resolve("mm7-stub-2.body"), "left by an older version");
    try (Mm7StubServer stub = Mm7StubServer.builder().storeDirectory(parent).build()) {
      try (var list = Files.list(parent.resolve("spool"))) {
        assertEquals(java.util.List.of(parent.resolve("spool").resolve("openmm7-" + ProcessHandle.current().pid())),
            list.toList());
      }
    }
  }

  private static long unusedPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }

  /** Claims a spool directory under args[0], puts a file in it, says where, and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      Path own = SpoolDirectory.claim(Path.of(args[0]));
      Files.writeString(own.resolve("body"), "spooled");
      System.out.println("ready " + own);
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
