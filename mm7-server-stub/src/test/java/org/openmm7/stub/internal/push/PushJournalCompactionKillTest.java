package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a process whose push journal compacts itself while it appends (every 160 records
 * or so, so that kills land before, during and after compactions): after each kill the journal
 * loads with every acknowledged state (or a later one) of every push, and no compaction's copy is
 * left over. The writer restarts on the same journal three times.
 */
class PushJournalCompactionKillTest {
  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedStateSurvivesKillsAmongCompactions() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    long compactions = 0;
    for (int kill : new int[] {23, 61, 97}) { // acknowledgements before each kill
      Process p = new ProcessBuilder(java, "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
          System.getProperty("java.class.path"), PushJournalCompactionKillRun.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      long acked = 0;
      List<String> seen = new ArrayList<>();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int acks = 0;
        for (String line; acks < kill && (line = out.readLine()) != null; ) {
          seen.add(line);
          if (line.startsWith("ACK ")) {
            String[] f = line.split(" ");
            acked = Long.parseLong(f[1]);
            compactions = Math.max(compactions, Long.parseLong(f[2]));
            acks++;
          }
        }
        assertEquals(kill, acks, "the writer stopped early: " + seen);
      } finally {
        p.destroyForcibly(); // SIGKILL, with appends and maybe a compaction under way
        p.waitFor(10, TimeUnit.SECONDS);
      }
      try (PushJournal j = new PushJournal(dir)) {
        Map<String, byte[]> loaded = j.load();
        PushJournalCompactionKillRun.requireAtLeast(loaded, acked);
        assertEquals(PushJournalCompactionKillRun.PUSHES, loaded.size());
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        List<String> names = new ArrayList<>();
        ds.forEach(f -> names.add(f.getFileName().toString()));
        assertEquals(List.of(PushJournal.FILE), names, "no copy left over after the load");
      }
    }
    assertTrue(compactions > 0, "the writer never compacted: the kills did not test compaction");
  }
}
