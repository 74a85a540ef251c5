package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.StartFiles;

/**
 * The zeros the store's log writes ahead of its records ({@link SegmentZeroFill}): records
 * overwrite them, a zero tail is the end of the log at a start, and neither a roll nor a close
 * leaves zeros behind in a segment.
 */
class StoreLogZeroFillTest {
  @TempDir
  Path dir;

  private Path logDir() {
    return dir.resolve("messages");
  }

  private Path segment(int n) {
    return StoreLog.segmentPath(logDir(), n);
  }

  private static StoreLog.Body body(byte[] b) {
    return StoreLogTest.body(b);
  }

  private StoreLog open(long segmentSize, long zeroAhead, List<String> seen) throws IOException {
    StoreLog log = new StoreLog(logDir(), segmentSize, zeroAhead);
    log.recover(64, (location, prefix) -> {
      byte[] key = new byte[prefix.remaining()];
      prefix.get(key);
      return key;
    }, (location, key) -> seen.add(new String(key, StandardCharsets.UTF_8)));
    return log;
  }

  private static long append(StoreLog log, String prefix, byte[] body) throws Exception {
    return log.append(prefix.getBytes(StandardCharsets.UTF_8), body(body), l -> {});
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 0x5a);
    return b;
  }

  private static long frame(int prefixLength, int bodyLength) {
    return StoreLog.HEADER + prefixLength + bodyLength + StoreLog.TRAILER;
  }

  private List<Path> unreadable() throws IOException {
    Path d = dir.resolve(StartFiles.UNREADABLE);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }

  /** The ends of the frames of a segment read one after the other from its start, up to the first that is none. */
  private static long framesEnd(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    long at = 0;
    while (at + StoreLog.HEADER <= b.limit() && b.getInt((int) at) == StoreLog.MAGIC) {
      at += StoreLog.HEADER + b.getLong((int) at + 4) + StoreLog.TRAILER;
    }
    return at;
  }

  /**
   * Linux reports a write-back error once per open file, to its first fsync after the error: a
   * force of the zeros through the log's own channel could take a record's error and let the
   * record's force succeed. The fill has a channel of its own, per segment, closed when it rolls.
   */
  @Test
  void theZerosAreWrittenAndForcedThroughAChannelOfTheFillsOwn() throws Exception {
    long ahead = 64 * 1024;
    try (StoreLog log = open(256 * 1024, ahead, new ArrayList<>())) {
      append(log, "r0", new byte[100]);
      log.zeroFill().awaitIdle();
      java.nio.channels.FileChannel first = log.zeroFill().channel();
      assertTrue(first != null && first.isOpen(), "the fill has an open channel on the segment");
      assertNotSame(log.openChannel(), first, "not the log's");
      assertTrue(log.zeroFill().forces() > 0, "and forced its zeros through it");
      for (int i = 1; !Files.exists(segment(2)); i++) {
        append(log, "r" + i, new byte[16 * 1024]);
      }
      log.zeroFill().awaitIdle();
      java.nio.channels.FileChannel second = log.zeroFill().channel();
      assertFalse(first.isOpen(), "the last segment's fill channel is closed when the log rolls");
      assertTrue(second != null && second.isOpen(), "the new segment's fill has its own channel");
      assertNotSame(log.openChannel(), second, "again not the log's");
      log.close();
      assertFalse(second.isOpen(), "closed with the log");
    }
  }

  @Test
  void recordsOverwriteTheZerosWrittenAheadOfThem() throws Exception {
    long ahead = 256 * 1024;
    try (StoreLog log = open(1L << 30, ahead, new ArrayList<>())) {
      assertEquals(0, StoreLog.offsetOf(append(log, "r0", new byte[100])));
      log.zeroFill().awaitIdle();
      long size = Files.size(segment(1));
      assertTrue(size >= ahead / 2, "zeros written ahead of the first record: the file is " + size + " bytes");
      assertEquals(frame(2, 100), StoreLog.offsetOf(append(log, "r1", new byte[200])),
          "the next record follows the last one, not the zeros");
      assertTrue(Files.size(segment(1)) >= size, "and was written over the zeros");
      byte[] bytes = Files.readAllBytes(segment(1));
      for (long i = frame(2, 100) + frame(2, 200); i < Math.min(bytes.length, ahead / 2); i++) {
        assertEquals(0, bytes[(int) i], "zeros after the records, at " + i);
      }
    }
    assertEquals(frame(2, 100) + frame(2, 200), Files.size(segment(1)), "a close cuts the zeros off");
    List<String> seen = new ArrayList<>();
    open(1L << 30, ahead, seen).close();
    assertEquals(List.of("r0", "r1"), seen.stream().map(s -> s.substring(0, 2)).toList());
  }

  /** What a killed stub leaves: records, then the zeros written ahead of them. */
  @Test
  void aZeroTailIsTheEndOfTheLogAndAppendsContinueThere() throws Exception {
    try (StoreLog log = open(1L << 30, 64 * 1024, new ArrayList<>())) {
      for (int i = 0; i < 3; i++) {
        append(log, "k" + i, new byte[1000]);
      }
    }
    long end = Files.size(segment(1));
    Files.write(segment(1), new byte[300_000], StandardOpenOption.APPEND);
    List<String> seen = new ArrayList<>();
    try (StoreLog log = open(1L << 30, 64 * 1024, seen)) {
      assertEquals(3, seen.size());
      assertEquals(end, StoreLog.offsetOf(append(log, "k3", new byte[10])), "appended where the records end");
    }
    seen.clear();
    open(1L << 30, 64 * 1024, seen).close();
    assertEquals(List.of("k0", "k1", "k2", "k3"), seen.stream().map(s -> s.substring(0, 2)).toList());
    assertEquals(List.of(), unreadable(), "zeros are no corruption");
  }

  /** An earlier segment that ends in zeros (a roll cuts them off; a crash of the file system might not). */
  @Test
  void aZeroTailOfAnEarlierSegmentIsItsEndNotACorruption() throws Exception {
    try (StoreLog log = open(1, 64 * 1024, new ArrayList<>())) {
      for (int i = 0; i < 3; i++) {
        assertEquals(i + 1, StoreLog.segmentOf(append(log, "s" + i, new byte[100])));
      }
    }
    long end = Files.size(segment(1));
    Files.write(segment(1), new byte[70_000], StandardOpenOption.APPEND);
    List<String> seen = new ArrayList<>();
    try (StoreLog log = open(1, 64 * 1024, seen)) {
      assertEquals(List.of("s0", "s1", "s2"), seen.stream().map(s -> s.substring(0, 2)).toList());
      List<String> scanned = new ArrayList<>();
      log.keysOldestFirst((location, key) -> scanned.add(new String(key, StandardCharsets.UTF_8)));
      assertEquals(seen, scanned, "a walk through the records' keys finds the same records");
    }
    assertEquals(List.of(), unreadable(), "zeros are no corruption");
    assertEquals(end, Files.size(segment(1)), "the zeros are cut off");
  }

  /** A record a kill left half written over the zeros (its last pages, or its first, not on disk). */
  @Test
  void aTornRecordFollowedByZerosIsCutOff() throws Exception {
    try (StoreLog log = open(1L << 30, 64 * 1024, new ArrayList<>())) {
      append(log, "t0", filled(5000));
      append(log, "t1", filled(9000)); // not zeros: a page of zeros in it must not check
    }
    byte[] whole = Files.readAllBytes(segment(1));
    int second = (int) frame(2, 5000);
    List<byte[]> torn = new ArrayList<>();
    torn.add(java.util.Arrays.copyOf(whole, second + 6000)); // the end never written
    byte[] hole = whole.clone();
    java.util.Arrays.fill(hole, second, second + 4096, (byte) 0); // the first page never written
    torn.add(hole);
    byte[] middle = whole.clone();
    java.util.Arrays.fill(middle, second + 4096, second + 8192, (byte) 0); // a page in the middle
    torn.add(middle);
    for (byte[] t : torn) {
      Files.write(segment(1), t);
      Files.write(segment(1), new byte[100_000], StandardOpenOption.APPEND);
      List<String> seen = new ArrayList<>();
      try (StoreLog log = open(1L << 30, 64 * 1024, seen)) {
        assertEquals(List.of("t0"), seen.stream().map(s -> s.substring(0, 2)).toList());
        assertEquals(second, StoreLog.offsetOf(append(log, "t2", new byte[10])));
      }
      seen.clear();
      open(1L << 30, 64 * 1024, seen).close();
      assertEquals(List.of("t0", "t2"), seen.stream().map(s -> s.substring(0, 2)).toList());
    }
    assertEquals(List.of(), unreadable(), "a torn tail is not a corruption");
  }

  /** Small segments and a small distance ahead: rolls happen while zeros are being written. */
  @Test
  void segmentsRolledWhileZerosAreWrittenEndAtTheirLastRecord() throws Exception {
    int writers = 8;
    int each = 40;
    List<String> expected = Collections.synchronizedList(new ArrayList<>());
    try (StoreLog log = open(64 * 1024, 32 * 1024, new ArrayList<>())) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < each; i++) {
            String name = String.format("w%02d-%03d", writer, i);
            try {
              append(log, name, new byte[1000 + 97 * i]);
            } catch (Exception e) {
              throw new AssertionError(e);
            }
            expected.add(name);
          }
        }));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    List<Path> segments;
    try (Stream<Path> s = Files.list(logDir())) {
      segments = s.filter(p -> p.getFileName().toString().matches("segment-\\d+\\.log")).sorted().toList();
    }
    assertTrue(segments.size() > 3, segments.size() + " segments");
    for (Path p : segments) {
      assertEquals(Files.size(p), framesEnd(p), p + " holds records up to its end, no zeros");
    }
    List<String> seen = new ArrayList<>();
    open(64 * 1024, 32 * 1024, seen).close();
    assertEquals(writers * each, seen.size());
    assertEquals(expected.stream().sorted().toList(), seen.stream().map(s -> s.substring(0, 7)).sorted().toList());
    assertEquals(List.of(), unreadable());
  }

  /** Big records outrun the zeros: the fill pauses (zeros would double the bytes), and resumes a second later. */
  @Test
  void aWriterThatOutrunsTheZerosPausesTheFillForASecond() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    long ahead = 64 * 1024;
    SegmentZeroFill fill = new SegmentZeroFill(ahead, now::get);
    try (StoreLog log = new StoreLog(logDir(), 1L << 30, fill)) {
      log.recover(64, (location, prefix) -> new byte[0], (location, key) -> {});
      long end = StoreLog.offsetOf(append(log, "a", new byte[1000])) + frame(1, 1000);
      fill.awaitIdle();
      assertTrue(fill.filled() >= end + ahead / 2, "zeros ahead: " + fill.filled());
      end += frame(1, 200_000);
      append(log, "b", new byte[200_000]);
      assertTrue(fill.paused(), "outrun by a record longer than the zeros ahead");
      fill.awaitIdle();
      end += frame(1, 1000);
      append(log, "c", new byte[1000]);
      fill.awaitIdle();
      assertEquals(end, Files.size(segment(1)), "no zeros while paused: appended");
      now.addAndGet(SegmentZeroFill.PAUSE_NANOS);
      end += frame(1, 1000);
      append(log, "d", new byte[1000]);
      fill.awaitIdle();
      assertTrue(!fill.paused() && Files.size(segment(1)) >= end + ahead / 2,
          "zeros ahead again a second later: " + Files.size(segment(1)));
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, ahead, seen).close();
    assertEquals(List.of("a", "b", "c", "d"), seen.stream().map(s -> s.substring(0, 1)).toList());
  }

  /** A batch of big records is a flush of data whatever the journal does: the fill pauses, a second. */
  @Test
  void aBigBatchPausesTheFillForASecond() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    long ahead = 4L * 1024 * 1024;
    SegmentZeroFill fill = new SegmentZeroFill(ahead, now::get);
    try (StoreLog log = new StoreLog(logDir(), 1L << 30, fill)) {
      log.recover(64, (location, prefix) -> new byte[0], (location, key) -> {});
      append(log, "a", new byte[1000]);
      fill.awaitIdle();
      assertTrue(!fill.paused() && fill.filled() >= ahead / 2, "zeros ahead: " + fill.filled());
      append(log, "b", new byte[(int) SegmentZeroFill.BIG_BATCH + 1]);
      assertTrue(fill.paused(), "a record (a batch) of more than BIG_BATCH bytes, within the zeros");
      long filled = fill.filled();
      for (int i = 0; i < 8; i++) {
        append(log, "c" + i, new byte[300_000]); // past the zeros: appended, none written ahead while paused
      }
      fill.awaitIdle();
      assertEquals(filled, fill.filled(), "no zeros while paused");
      now.addAndGet(SegmentZeroFill.PAUSE_NANOS);
      append(log, "d", new byte[1000]);
      fill.awaitIdle();
      assertTrue(!fill.paused() && fill.filled() > filled, "zeros ahead again a second later: " + fill.filled());
    }
    List<String> seen = new ArrayList<>();
    open(1L << 30, ahead, seen).close();
    assertEquals(11, seen.size());
    assertEquals(List.of(), unreadable());
  }
}
