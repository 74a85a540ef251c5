package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The push journal: group commit, latest state wins, tombstones, torn tails cut, rewrites. */
class PushJournalTest {
  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void concurrentWritersShareOneForce() throws Exception {
    int writers = 32;
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      CountDownLatch appended = new CountDownLatch(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          String id = "push-" + i;
          done.add(pool.submit(() -> {
            long at = j.append(id, bytes("{\"n\":\"" + id + "\"}"));
            appended.countDown();
            appended.await(); // all appended before any syncs: one force covers them all
            j.sync(at);
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(10, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, j.forces(), "one force for the batch, not one per record");
    }
    assertEquals(32, PushJournal.liveIds(dir).size());
  }

  @Test
  void aSyncCoveredByAnEarlierForceDoesNotForceAgain() throws Exception {
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      long a = j.append("a", bytes("1"));
      long b = j.append("b", bytes("2"));
      j.sync(b);
      j.sync(a);
      j.sync(b);
      assertEquals(1, j.forces());
      j.sync(j.append("c", bytes("3")));
      assertEquals(2, j.forces());
    }
  }

  @Test
  void theLatestStateWinsAndATombstoneForgets() throws Exception {
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      j.append("a", bytes("a1"));
      j.append("b", bytes("b1"));
      j.append("c", bytes("c1"));
      j.append("a", bytes("a2"));
      j.sync(j.forget("b"));
    }
    try (PushJournal j = new PushJournal(dir)) {
      Map<String, byte[]> live = j.load();
      assertEquals(List.of("c", "a"), new ArrayList<>(live.keySet()));
      assertArrayEquals(bytes("a2"), live.get("a"));
    }
  }

  /** A record a killed process was writing, cut at several places: the records before it stay, appends go on. */
  @ParameterizedTest
  @ValueSource(ints = {1, 4, 8, 9, 12, 20})
  void aTornTailIsCutOffAndAppendingGoesOn(int kept) throws Exception {
    long whole;
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      j.append("a", bytes("first"));
      whole = j.append("b", bytes("second"));
      j.sync(j.append("c", bytes("the third, torn")));
    }
    Path file = dir.resolve(PushJournal.FILE);
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(whole + kept);
    }
    try (PushJournal j = new PushJournal(dir)) {
      assertEquals(List.of("a", "b"), new ArrayList<>(j.load().keySet()));
      assertEquals(whole, Files.size(file), "the torn record is cut off");
      j.sync(j.append("d", bytes("after")));
    }
    assertEquals(List.of("a", "b", "d"), PushJournal.liveIds(dir));
  }

  @ParameterizedTest
  @ValueSource(strings = {"crc", "length", "idLength"})
  void aCorruptLastRecordIsCutOff(String what) throws Exception {
    long whole;
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      whole = j.append("a", bytes("first"));
      j.sync(j.append("b", bytes("second")));
    }
    Path file = dir.resolve(PushJournal.FILE);
    byte[] all = Files.readAllBytes(file);
    int at = (int) whole + switch (what) {
      case "length" -> 0;
      case "crc" -> 4;
      default -> 8;
    };
    all[at] ^= 0x7f;
    Files.write(file, all);
    assertEquals(List.of("a"), PushJournal.liveIds(dir));
  }

  @Test
  void aRewriteKeepsOnlyTheLiveRecordsAndLaterSyncsStillWork() throws Exception {
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      for (int i = 0; i < 100; i++) {
        j.append("p" + (i % 5), bytes("state " + i));
      }
      long before = j.append("q", bytes("last"));
      j.rewrite(List.of(Map.entry("p3", bytes("state 98")), Map.entry("q", bytes("last"))));
      j.sync(before); // covered by the rewrite
      long after = j.append("r", bytes("new"));
      assertEquals(true, after > before, "positions keep growing");
      j.sync(after);
    }
    assertEquals(List.of("p3", "q", "r"), PushJournal.liveIds(dir));
  }

  @Test
  void aJournalRemovedUnderARunningStubIsAnErrorNotASilentLoss() throws Exception {
    try (PushJournal j = new PushJournal(dir)) {
      j.load();
      long at = j.append("a", bytes("x"));
      Files.delete(dir.resolve(PushJournal.FILE));
      IOException e = assertThrows(IOException.class, () -> j.sync(at));
      assertEquals(true, e.getMessage().contains("is gone"), e.getMessage());
    }
  }
}
