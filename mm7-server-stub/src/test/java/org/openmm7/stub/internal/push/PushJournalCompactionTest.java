package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.FakeVasp;
import org.openmm7.stub.TestThreads;

/**
 * The push journal's compaction runs beside the writers: appends, updates and tombstones made
 * while it copies are all in the compacted file, writers are not held up by the copy, and a kill
 * at any point (the files as a killed process leaves them) finds the old file or the new one,
 * each complete, never neither.
 */
class PushJournalCompactionTest {

  /** This test's own threads for what runs beside it, ended after each test. */
  private final java.util.concurrent.ExecutorService clients = TestThreads.named("PushJournalCompactionTest-client");

  @org.junit.jupiter.api.AfterEach
  void endClients() throws InterruptedException {
    TestThreads.end(clients);
  }

  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The journal's live records as a sorted id -> payload map. */
  private static Map<String, String> contents(Path directory) throws Exception {
    try (PushJournal j = new PushJournal(directory)) {
      Map<String, String> out = new TreeMap<>();
      j.load().forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
      return out;
    }
  }

  /** What a SIGKILL at this instant leaves: the files as they are (a process's writes survive it). */
  private static Path copyOfFiles(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
      for (Path p : ds) {
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private static List<String> files(Path directory) throws Exception {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
      ds.forEach(p -> out.add(p.getFileName().toString()));
    }
    out.sort(null);
    return out;
  }

  @Test
  void appendsUpdatesAndTombstonesMadeWhileItCopiesAreAllKeptAndWritersAreNotHeldUp() throws Exception {
    Path journalDir = dir.resolve("j");
    Files.createDirectories(journalDir);
    Map<String, String> expected = new TreeMap<>();
    CountDownLatch copied = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    try (PushJournal j = new PushJournal(journalDir)) {
      j.load();
      long last = 0;
      for (int i = 0; i < 500; i++) { // 20 live pushes, 25 states each
        String id = "p" + (i % 20);
        last = j.append(id, bytes("state " + i));
        expected.put(id, "state " + i);
      }
      j.sync(last);
      long sizeBefore = Files.size(journalDir.resolve(PushJournal.FILE));
      j.afterCopy = () -> {
        copied.countDown();
        try {
          goOn.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
      CompletableFuture<Boolean> compaction = CompletableFuture.supplyAsync(() -> {
        try {
          return j.compact();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, clients);
      assertTrue(copied.await(10, TimeUnit.SECONDS), "the compaction copied the live records");
      // the compaction waits between its copy and its switch: writers go on, each one forced
      CompletableFuture<Void> writers = CompletableFuture.runAsync(() -> {
        try {
          j.sync(j.append("new-1", bytes("made meanwhile")));
          j.sync(j.append("p3", bytes("updated meanwhile")));
          j.sync(j.forget("p4"));
          j.sync(j.append("new-2", bytes("also made meanwhile")));
          j.sync(j.forget("new-2"));
          j.sync(j.append("p5", bytes("updated meanwhile")));
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, clients);
      writers.get(10, TimeUnit.SECONDS); // on a journal that compacts under its lock this never returns
      expected.put("new-1", "made meanwhile");
      expected.put("p3", "updated meanwhile");
      expected.remove("p4");
      expected.put("p5", "updated meanwhile");
      // a kill now (copied, not switched): the old file, with every append, and the copy, left over
      Path killedBeforeSwitch = copyOfFiles(journalDir, dir.resolve("killed-before-switch"));
      goOn.countDown();
      assertEquals(true, compaction.get(10, TimeUnit.SECONDS));
      assertEquals(1, j.compactions());
      assertTrue(Files.size(journalDir.resolve(PushJournal.FILE)) < sizeBefore / 5,
          "only the live records are left: " + Files.size(journalDir.resolve(PushJournal.FILE)) + " of " + sizeBefore);
      // after the switch the journal goes on as before
      j.sync(j.append("after", bytes("appended after")));
      expected.put("after", "appended after");

      Map<String, String> beforeSwitch = new TreeMap<>(expected);
      beforeSwitch.remove("after");
      assertEquals(beforeSwitch, contents(killedBeforeSwitch), "killed before the switch: the old file");
      assertEquals(List.of(PushJournal.FILE), files(killedBeforeSwitch), "the copy left over is deleted at load");
    }
    assertEquals(expected, contents(journalDir), "every append, update and tombstone is in the compacted file");
    assertEquals(List.of(PushJournal.FILE), files(journalDir));
  }

  @Test
  void aCompactionStartsByItselfWhenMostRecordsAreDeadAndLosesNothing() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      j.minRecordsToCompact(64);
      long last = 0;
      for (int i = 0; i < 3000; i++) {
        String id = "p" + (i % 10);
        if (i % 7 == 0) {
          last = j.forget(id);
          expected.remove(id);
        } else {
          last = j.append(id, bytes("state " + i));
          expected.put(id, "state " + i);
        }
        if (i % 50 == 0) {
          j.sync(last);
        }
      }
      j.sync(last);
      // polling a count with a deadline: the compaction runs on its own thread
      FakeVasp.await("a compaction after 3000 records of 10 pushes", java.time.Duration.ofSeconds(10),
          () -> j.compactions() >= 1);
    }
    // (how small the file is then depends on how many records came while the last compaction ran)
    assertEquals(expected, contents(dir));
  }

  @Test
  void aKillAtAnyPointOfACompactionFindsTheOldFileOrTheNewNeverNeither() throws Exception {
    // the files copied at each step of compactions, while a writer appends: what a kill leaves there
    Path journalDir = dir.resolve("j");
    Files.createDirectories(journalDir);
    Map<String, String> acknowledged = new LinkedHashMap<>();
    List<Path> kills = new ArrayList<>();
    List<Map<String, String>> expectedAtKill = new ArrayList<>();
    try (PushJournal j = new PushJournal(journalDir)) {
      j.load();
      for (int round = 0; round < 5; round++) {
        long last = 0;
        Map<String, String> batch = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
          String id = "r" + round + "-" + (i % 15);
          last = j.append(id, bytes("state " + i));
          batch.put(id, "state " + i);
        }
        j.sync(last);
        acknowledged.putAll(batch);
        int r = round;
        j.afterCopy = () -> {
          try {
            synchronized (acknowledged) {
              kills.add(copyOfFiles(journalDir, dir.resolve("kill-" + r + "-copied")));
              expectedAtKill.add(new TreeMap<>(acknowledged));
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        };
        assertTrue(j.compact());
        kills.add(copyOfFiles(journalDir, dir.resolve("kill-" + r + "-switched")));
        expectedAtKill.add(new TreeMap<>(acknowledged));
      }
    }
    assertEquals(10, kills.size());
    for (int k = 0; k < kills.size(); k++) {
      assertEquals(expectedAtKill.get(k), contents(kills.get(k)), "killed at " + kills.get(k).getFileName());
      assertEquals(List.of(PushJournal.FILE), files(kills.get(k)), "nothing left over after the load");
    }
  }
}
