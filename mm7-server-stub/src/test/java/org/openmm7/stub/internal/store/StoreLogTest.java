package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.StartFiles;

/** The store's segment log: group commit, torn tails, corrupt records, segments. */
class StoreLogTest {
  @TempDir
  Path dir;

  private Path logDir() {
    return dir.resolve("messages");
  }

  /** A record's body of the given bytes (StoreLogZeroFillTest uses it too). */
  static StoreLog.Body body(byte[] b) {
    return new StoreLog.Body() {
      @Override
      public long length() {
        return b.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(b);
      }
    };
  }

  /** Opens the log and returns the prefixes of the records it reads at start (as text). */
  private StoreLog open(long segmentSize, List<String> seen) throws IOException {
    return open(logDir(), segmentSize, seen);
  }

  /** Opens the log in {@code logDir} and adds the prefixes of the records it reads at start to {@code seen} (as text). */
  static StoreLog open(Path logDir, long segmentSize, List<String> seen) throws IOException {
    StoreLog log = new StoreLog(logDir, segmentSize);
    log.recover(64, (location, prefix) -> {
      byte[] key = new byte[prefix.remaining()];
      prefix.get(key);
      return key;
    }, (location, key) -> seen.add(new String(key, StandardCharsets.UTF_8)));
    return log;
  }

  static long append(StoreLog log, String prefix, byte[] body) throws Exception {
    return log.append(prefix.getBytes(StandardCharsets.UTF_8), body(body), l -> {});
  }

  private List<Path> files(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private Path segment(int n) {
    return StoreLog.segmentPath(logDir(), n);
  }

  /** Five records of different sizes; returns where each starts. */
  private List<Long> fiveRecords() throws Exception {
    List<Long> at = new ArrayList<>();
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      for (int i = 0; i < 5; i++) {
        at.add(StoreLog.offsetOf(append(log, "record-" + i, new byte[i * 1000])));
      }
    }
    return at;
  }

  /**
   * 32 threads: while the first record's force is held, every other record is written by its own
   * thread (none waits for that force to write); the 31 share the next force, and none is answered
   * before the first: answers come in log order.
   */
  @Test
  void concurrentAppendsAreWrittenDuringAForceShareTheNextAndAreAnsweredInLogOrder() throws Exception {
    List<String> none = new ArrayList<>();
    int writers = 32;
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try (StoreLog log = open(1L << 30, none)) {
      AtomicInteger forces = new AtomicInteger();
      java.util.concurrent.CountDownLatch firstHeld = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      log.fault((step, file) -> {
        if (step == StoreLog.Fault.Step.FORCE && forces.incrementAndGet() == 1) {
          firstHeld.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      java.util.concurrent.Future<Long> first = threads.submit(() -> append(log, "first", new byte[100]));
      assertTrue(firstHeld.await(10, TimeUnit.SECONDS));
      List<java.util.concurrent.Future<Long>> others = new ArrayList<>();
      for (int i = 1; i < writers; i++) {
        String prefix = "r" + i;
        others.add(threads.submit(() -> append(log, prefix, new byte[100])));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (log.unforcedRecords() < writers - 1 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(writers - 1, log.unforcedRecords(), "every other record written while the first force is held");
      for (var f : others) {
        assertFalse(f.isDone(), "answered before the record ahead of it was durable");
      }
      release.countDown();
      long firstAt = first.get(20, TimeUnit.SECONDS);
      for (var f : others) {
        assertTrue(f.get(20, TimeUnit.SECONDS) > firstAt);
      }
      assertEquals(2, forces.get(), "one force for the first record, one for the 31 written during it");
    } finally {
      threads.shutdownNow();
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, seen).close();
    assertEquals(32, seen.size());
  }

  /**
   * Records of many sizes (across the write buffer's size) written by 24 threads at once: each
   * lands intact at the location it was answered with, in the order of the locations.
   */
  @Test
  void parallelWritesLandEveryRecordIntactAtItsLocation() throws Exception {
    int writers = 24;
    int each = 12;
    java.util.Map<String, Long> located = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(threads.submit(() -> {
          for (int i = 0; i < each; i++) {
            String name = String.format("w%02d-%02d", writer, i);
            located.put(name, append(log, name, content(name, 1 + (writer * 7919 + i * 104729) % 150_000)));
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      for (var e : located.entrySet()) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        log.copyPayload(e.getValue(), e.getKey().length(), out);
        int size = out.size();
        assertArrayEquals(content(e.getKey(), size), out.toByteArray(), e.getKey());
      }
    } finally {
      threads.shutdownNow();
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, seen).close();
    List<String> byLocation = located.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey).toList();
    assertEquals(byLocation, seen.stream().map(s -> s.substring(0, 6)).toList(), "read back in location order");
    assertEquals(List.of(), files(dir.resolve(StartFiles.UNREADABLE)));
  }

  /** Bytes that say whose record they are and where in it they stand. */
  private static byte[] content(String name, int size) {
    byte[] b = new byte[size];
    int seed = name.hashCode();
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (seed + i * 31 + (i >>> 8));
    }
    return b;
  }

  /**
   * What a process killed among parallel writers leaves: a record written in part (its trailer
   * still zero) and a range not yet written (zeros) before records that were written whole (never
   * answered: an answer waits for every record before it). The next start leaves the unfinished
   * ranges out without calling them corrupt, keeps the whole records, and a real corruption there
   * (a trailer that is not zero) is still set aside.
   */
  @Test
  void unfinishedParallelWritesBeforeTheLastRecordsAreLeftOutNotSetAside() throws Exception {
    List<Long> at;
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      at = new ArrayList<>();
      for (String name : List.of("done-0", "torn-1", "none-2", "whole3", "whole4")) {
        at.add(StoreLog.offsetOf(append(log, name, new byte[3000])));
      }
    }
    byte[] bytes = Files.readAllBytes(segment(1));
    int torn = at.get(1).intValue();
    int none = at.get(2).intValue();
    int whole = at.get(3).intValue();
    java.util.Arrays.fill(bytes, torn + 1500, none, (byte) 0); // the second half and the trailer not yet written
    java.util.Arrays.fill(bytes, none, whole, (byte) 0); // not written at all
    Files.write(segment(1), bytes);
    List<String> seen = new ArrayList<>();
    open(1L << 30, seen).close();
    assertEquals(List.of("done-0", "whole3", "whole4"), seen.stream().map(s -> s.substring(0, 6)).toList());
    assertEquals(List.of(), files(dir.resolve(StartFiles.UNREADABLE)), "unfinished writes are no corruption");

    bytes = Files.readAllBytes(segment(1));
    int second = (int) (StoreLog.HEADER + "done-0".length() + 3000 + StoreLog.TRAILER);
    bytes[second + StoreLog.HEADER + 20] ^= 0x55; // whole3's payload altered: its trailer (CRC) is not zero
    Files.write(segment(1), bytes);
    seen.clear();
    open(1L << 30, seen).close();
    assertEquals(List.of("done-0", "whole4"), seen.stream().map(s -> s.substring(0, 6)).toList());
    assertEquals(1, files(dir.resolve(StartFiles.UNREADABLE)).size(), "a corruption is set aside");
  }

  @Test
  void aRecordIsAcknowledgedOnlyAfterItsForce() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault((step, file) -> {
        if (step == StoreLog.Fault.Step.FORCE) {
          throw new IOException("the disk failed");
        }
      });
      IOException e = assertThrows(IOException.class,
          () -> log.append("lost".getBytes(StandardCharsets.UTF_8), body(new byte[10]), l -> {
            throw new AssertionError("not durable: not indexed");
          }));
      assertEquals("the disk failed", e.getCause().getMessage());
      assertTrue(allZero(Files.readAllBytes(segment(1))), "cut off (zeros written ahead may follow)");
      log.fault(StoreLog.Fault.NONE);
      append(log, "kept", new byte[10]);
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, seen).close();
    assertEquals(List.of("kept"), seen.stream().map(s -> s.substring(0, 4)).toList());
  }

  /** A write a crash left unfinished, cut at every kind of place, and garbage after the last record. */
  @Test
  void aTornTailIsCutOffAtStart() throws Exception {
    List<Long> at = fiveRecords();
    byte[] whole = Files.readAllBytes(segment(1));
    long last = at.get(4);
    long[] cuts = {last + 1, last + StoreLog.HEADER - 1, last + StoreLog.HEADER + 10, whole.length - 1};
    for (long cut : cuts) {
      Files.write(segment(1), java.util.Arrays.copyOf(whole, (int) cut));
      List<String> seen = new ArrayList<>();
      try (StoreLog log = open(1L << 30, seen)) {
        assertEquals(4, seen.size(), "cut at " + cut);
        byte[] now = Files.readAllBytes(segment(1));
        assertTrue(now.length >= last && allZero(java.util.Arrays.copyOfRange(now, (int) last, now.length)),
            "the torn record is cut off (cut at " + cut + ")");
        append(log, "after", new byte[3]);
      }
      seen.clear();
      open(1L << 30, seen).close();
      assertEquals(5, seen.size(), "a record appended after the cut is read back");
      assertTrue(seen.get(4).startsWith("after"));
    }
    for (byte[] garbage : List.of(new byte[100], "MM7L not a record".getBytes(StandardCharsets.UTF_8),
        ByteBuffer.allocate(12).putInt(StoreLog.MAGIC).putLong(5).array())) {
      Files.write(segment(1), whole);
      Files.write(segment(1), garbage, java.nio.file.StandardOpenOption.APPEND);
      List<String> seen = new ArrayList<>();
      open(1L << 30, seen).close();
      assertEquals(5, seen.size());
      assertEquals(whole.length, Files.size(segment(1)));
    }
    assertEquals(List.of(), files(dir.resolve(StartFiles.UNREADABLE)), "a torn tail is not a corruption");
  }

  @Test
  void aCorruptRecordInTheMiddleIsSetAsideAndTheRestServed() throws Exception {
    List<Long> at = fiveRecords();
    byte[] whole = Files.readAllBytes(segment(1));
    // a flipped byte in record 2's body, and record 3's length made huge
    byte[] bad = whole.clone();
    bad[(int) (at.get(1) + StoreLog.HEADER + 20)] ^= 0x40;
    ByteBuffer.wrap(bad).putLong((int) (at.get(3) + 4), Long.MAX_VALUE / 2);
    Files.write(segment(1), bad);
    List<String> seen = new ArrayList<>();
    try (StoreLog log = open(1L << 30, seen)) {
      assertEquals(List.of("record-0", "record-2", "record-4"), seen.stream().map(s -> s.substring(0, 8)).toList());
      append(log, "record-5", new byte[0]);
    }
    List<Path> aside = files(dir.resolve(StartFiles.UNREADABLE));
    assertEquals(2, aside.size(), aside.toString());
    for (int k : new int[] {1, 3}) {
      Path file = dir.resolve(StartFiles.UNREADABLE).resolve("segment-00000001.log-at-" + at.get(k) + ".bad");
      assertArrayEquals(java.util.Arrays.copyOfRange(bad, at.get(k).intValue(), at.get(k + 1).intValue()),
          Files.readAllBytes(file), "record " + k + "'s bytes as they were");
    }
    seen.clear();
    open(1L << 30, seen).close();
    assertEquals(4, seen.size(), "the next start reads the rest again");
    assertEquals(2, files(dir.resolve(StartFiles.UNREADABLE)).size(), "and finds nothing more to set aside");
  }

  @Test
  void segmentsRollAndABadEndOfAnEarlierOneIsSetAsideNotCut() throws Exception {
    try (StoreLog log = open(1, new ArrayList<>())) {
      for (int i = 0; i < 4; i++) {
        assertEquals(i + 1, StoreLog.segmentOf(append(log, "s" + i, new byte[100])));
      }
    }
    Files.write(segment(2), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    List<String> seen = new ArrayList<>();
    open(1, seen).close();
    assertEquals(List.of("s0", "s1", "s2", "s3"), seen.stream().map(s -> s.substring(0, 2)).toList());
    assertEquals(1, files(dir.resolve(StartFiles.UNREADABLE)).size());
  }

  @Test
  void aSecondProcessOnTheSameStoreIsRefused() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      IOException e = assertThrows(IOException.class, () -> new StoreLog(logDir(), 1L << 30));
      assertTrue(e.getMessage().contains("in use by another stub"), e.getMessage());
    }
  }

  /** A key the segment index cannot hold (its length is a short) is refused at append; the writer goes on. */
  @Test
  void aRecordWhoseKeyIsTooLongIsRefusedAndTheLogGoesOn() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      IOException e = assertThrows(IOException.class,
          () -> append(log, "k".repeat(SegmentIndex.MAX_KEY + 1), new byte[10]));
      assertTrue(e.getCause().getMessage().contains("key"), e.getCause().getMessage());
      append(log, "after", new byte[10]);
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, seen).close();
    assertEquals(List.of("after"), seen.stream().map(k -> k.substring(0, 5)).toList(), "only the record after");
  }
}
