package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openmm7.stub.StoreStats;

/**
 * The log's group commit by the appending threads themselves (leader and followers): who writes,
 * what a force covers, that nothing queued is left without a writer, interrupts, failed forces.
 */
class StoreLogGroupCommitTest {
  @TempDir
  Path dir;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private Path logDir() {
    return dir.resolve("messages");
  }

  private StoreLog open(long segmentSize, List<String> seen) throws IOException {
    return StoreLogTest.open(logDir(), segmentSize, seen);
  }

  private List<String> reopened(long segmentSize) throws IOException {
    List<String> seen = new ArrayList<>();
    open(segmentSize, seen).close();
    return seen;
  }

  private static void deleteTree(Path d) throws IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(d)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  /** Waits (bounded) until this many records wait in the log's queue. */
  static void awaitQueued(StoreLog log, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.queuedRecords() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(log.queuedRecords() + " records queued, not " + n);
      }
      Thread.sleep(1);
    }
  }

  /** A body that says which thread wrote it and after how many records written before. */
  private static StoreLog.Body tracked(String name, List<String> writeOrder, List<String> writers) {
    return new StoreLog.Body() {
      @Override
      public long length() {
        return 100;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        writeOrder.add(name);
        writers.add(Thread.currentThread().getName());
        out.write(new byte[100]);
      }
    };
  }

  private Future<Long> appendLater(StoreLog log, String name) {
    return threads.submit(() -> StoreLogTest.append(log, name, new byte[50]));
  }

  /** A fault that holds each force (in order) until its latch opens, and then fails those marked. */
  private static class HeldForces implements StoreLog.Fault {
    final List<CountDownLatch> open = new ArrayList<>();
    final Set<Integer> failing = new HashSet<>();
    final List<String> forcers = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger forces = new AtomicInteger();

    HeldForces(int held) {
      for (int i = 0; i < held; i++) {
        open.add(new CountDownLatch(1));
      }
    }

    @Override
    public void before(Step step, Path file) throws IOException {
      if (step != Step.FORCE) {
        return;
      }
      int n = forces.getAndIncrement();
      forcers.add(Thread.currentThread().getName());
      if (n < open.size()) {
        try {
          open.get(n).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      if (failing.contains(n)) {
        throw new IOException("force " + n + " failed");
      }
    }
  }

  @Test
  void aLoneAppendIsWrittenAndForcedByItsOwnThread() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    List<String> writers = Collections.synchronizedList(new ArrayList<>());
    HeldForces forces = new HeldForces(0);
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault(forces);
      for (int i = 0; i < 3; i++) {
        log.append(("r" + i).getBytes(StandardCharsets.UTF_8), tracked("r" + i, order, writers), l -> {});
      }
    }
    String me = Thread.currentThread().getName();
    assertEquals(List.of(me, me, me), writers, "written by the appending thread: no hand-off to a writer thread");
    assertEquals(List.of(me, me, me), forces.forcers, "and forced by it, once per record");
    assertEquals(List.of("r0", "r1", "r2"), reopened(1L << 30).stream().map(s -> s.substring(0, 2)).toList());
  }

  /** 16 threads x 40 records: each acknowledged after a force that began after its write; onDurable in log order. */
  @Test
  void concurrentAppendsAreAcknowledgedOnlyAfterAForceCoveringThem() throws Exception {
    int writers = 16;
    int each = 40;
    List<String> writeOrder = Collections.synchronizedList(new ArrayList<>());
    List<Integer> writtenWhenForced = Collections.synchronizedList(new ArrayList<>());
    List<Long> durableOrder = Collections.synchronizedList(new ArrayList<>());
    java.util.Map<String, Long> located = new java.util.concurrent.ConcurrentHashMap<>();
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault((step, file) -> {
        if (step == StoreLog.Fault.Step.FORCE) {
          writtenWhenForced.add(writeOrder.size()); // every record written so far is covered by this force
        }
      });
      CyclicBarrier start = new CyclicBarrier(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < each; i++) {
            String name = String.format("w%02d-%03d", writer, i);
            located.put(name, log.append(name.getBytes(StandardCharsets.UTF_8),
                tracked(name, writeOrder, new ArrayList<>()), durableOrder::add));
            int position = writeOrder.indexOf(name);
            synchronized (writtenWhenForced) {
              assertTrue(writtenWhenForced.stream().anyMatch(n -> n > position),
                  name + " acknowledged without a force after its write");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertEquals(writers * each, durableOrder.size());
      for (int i = 1; i < durableOrder.size(); i++) {
        assertTrue(durableOrder.get(i) > durableOrder.get(i - 1), "onDurable in log order at " + i);
      }
      StoreStats stats = log.stats();
      assertEquals(writers * each, stats.records());
      assertEquals(writtenWhenForced.size(), stats.batches());
    }
    List<String> seen = reopened(1L << 30);
    assertEquals(writers * each, seen.size());
    List<String> byLocation = located.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey).toList();
    assertEquals(byLocation, seen.stream().map(s -> s.substring(0, 7)).toList(), "in the order of their locations");
  }

  /**
   * Records appended while an earlier record's force is held are written by their own threads at
   * once (not after that force), share the next force (by one of them), and are answered only
   * after the earlier record.
   */
  @Test
  void recordsAppendedDuringAForceAreWrittenAtOnceAndShareTheNext() throws Exception {
    HeldForces forces = new HeldForces(1);
    List<String> writers = Collections.synchronizedList(new ArrayList<>());
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault(forces);
      Future<Long> first = threads.submit(() -> {
        Thread.currentThread().setName("first");
        return StoreLogTest.append(log, "first", new byte[10]);
      });
      while (forces.forces.get() == 0) {
        Thread.onSpinWait();
      }
      List<Future<Long>> later = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "later-" + i;
        later.add(threads.submit(() -> {
          Thread.currentThread().setName(name);
          return log.append(name.getBytes(StandardCharsets.UTF_8), tracked(name, new ArrayList<>(), writers), l -> {});
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (log.unforcedRecords() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(5, log.unforcedRecords(), "the five written while the first force is held");
      assertEquals(5, new HashSet<>(writers).size(), "each by its own thread: " + writers);
      for (Future<Long> f : later) {
        assertFalse(f.isDone(), "answered before the earlier record was durable");
      }
      forces.open.get(0).countDown();
      long firstAt = first.get(10, TimeUnit.SECONDS);
      for (Future<Long> f : later) {
        assertTrue(f.get(10, TimeUnit.SECONDS) > firstAt);
      }
      assertEquals(2, forces.forces.get(), "the five share the second force");
      assertTrue(forces.forcers.get(1).startsWith("later-"), "forced by one of theirs: " + forces.forcers);
    }
    assertEquals(6, reopened(1L << 30).size());
  }

  /** Two records' bodies are written at the same time, each by its own thread (a body waits for the other's to begin). */
  @Test
  void recordsAreWrittenInParallel() throws Exception {
    CountDownLatch bothWriting = new CountDownLatch(2);
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      List<Future<Long>> done = new ArrayList<>();
      for (String name : List.of("p0", "p1")) {
        done.add(threads.submit(() -> log.append(name.getBytes(StandardCharsets.UTF_8), new StoreLog.Body() {
          @Override
          public long length() {
            return 10;
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            bothWriting.countDown();
            try {
              if (!bothWriting.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the other record was not written meanwhile");
              }
            } catch (InterruptedException e) {
              throw new InterruptedIOException();
            }
            out.write(new byte[10]);
          }
        }, l -> {})));
      }
      for (Future<Long> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    }
    assertEquals(2, reopened(1L << 30).size());
  }

  /** Appends racing the end of a batch (three threads at once, many times): each returns, none waits forever. */
  @Test
  void appendsArrivingWhileABatchEndsAreNeverStranded() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      for (int round = 0; round < 150; round++) {
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          String name = "r" + round + "-" + t;
          done.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return StoreLogTest.append(log, name, new byte[10]);
          }));
        }
        for (Future<Long> f : done) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, log.queuedRecords());
      }
    }
    assertEquals(450, reopened(1L << 30).size());
  }

  /** An interrupt inside write or force closes the channel: that batch fails, the log goes on for everyone. */
  @ParameterizedTest
  @EnumSource(StoreLog.Fault.Step.class)
  void anInterruptDuringWriteOrForceFailsOnlyThatBatch(StoreLog.Fault.Step when) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      StoreLogTest.append(log, "before", new byte[10]);
      log.fault((step, file) -> {
        if (step == when && calls.getAndIncrement() == 0) {
          Thread.currentThread().interrupt(); // as Jetty's stop or an idle timeout would, mid-I/O
        }
      });
      IOException e = assertThrows(IOException.class, () -> StoreLogTest.append(log, "interrupted", new byte[10]));
      assertInstanceOf(ClosedByInterruptException.class, e.getCause(), e.toString());
      assertTrue(Thread.interrupted(), "the thread's interrupt status is given back");
      StoreLogTest.append(log, "after-1", new byte[10]);
      assertEquals(1L, (long) appendLater(log, "after-2").get(10, TimeUnit.SECONDS) >>> 40,
          "another thread appends to the same segment");
    }
    assertEquals(List.of("before", "after-1", "after-2"),
        reopened(1L << 30).stream().map(s -> s.replace("\0", "")).toList(), "the interrupted record cut back");
  }

  /** An interrupt already set when a thread appends: its record is stored and the interrupt kept. */
  @Test
  void anInterruptedThreadStillStoresItsRecordAndKeepsItsInterrupt() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      Thread.currentThread().interrupt();
      try {
        StoreLogTest.append(log, "stored", new byte[10]);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
      }
      StoreLogTest.append(log, "next", new byte[10]);
    }
    assertEquals(2, reopened(1L << 30).size());
  }

  /**
   * A thread interrupted while its record, written, waits for the force under way (an earlier
   * record's): its record is forced, stored and answered all the same, and it keeps its interrupt.
   */
  @Test
  void aThreadInterruptedWhileItsRecordWaitsForAnEarlierOneIsAnsweredAndKeepsItsInterrupt() throws Exception {
    HeldForces forces = new HeldForces(1);
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault(forces);
      Future<Long> first = appendLater(log, "first");
      while (forces.forces.get() == 0) {
        Thread.onSpinWait();
      }
      java.util.concurrent.CompletableFuture<Boolean> keptInterrupt = new java.util.concurrent.CompletableFuture<>();
      Thread waiting = new Thread(() -> {
        try {
          StoreLogTest.append(log, "waiting", new byte[10]);
          keptInterrupt.complete(Thread.interrupted());
        } catch (Throwable e) {
          keptInterrupt.completeExceptionally(e);
        }
      });
      waiting.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while ((log.unforcedRecords() < 1 || waiting.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
        Thread.sleep(1); // written, parked for the force under way
      }
      assertEquals(1, log.unforcedRecords(), "written");
      waiting.interrupt();
      Thread.sleep(20); // it parks again: the wait ends only when the first record completes
      assertFalse(keptInterrupt.isDone(), "an interrupt does not end the wait for the earlier record");
      forces.open.get(0).countDown();
      first.get(10, TimeUnit.SECONDS);
      assertTrue(keptInterrupt.get(10, TimeUnit.SECONDS), "the interrupt status is kept");
      StoreLogTest.append(log, "after", new byte[10]);
    }
    assertEquals(List.of("first", "waiting", "after"),
        reopened(1L << 30).stream().map(s -> s.replace("\0", "")).toList());
  }

  /**
   * A failed force fails the records it was for, and every record after them still in flight
   * (written, even forced by the next force, but not answered: the segment is cut back to the first
   * failed one), none before; the next record takes the first failed one's place.
   */
  @Test
  void aFailedForceFailsItsRecordsAndTheOnesAfterThemInFlight() throws Exception {
    HeldForces forces = new HeldForces(2);
    forces.failing.add(1);
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault(forces);
      Future<Long> z = named("z", log);
      awaitForces(forces.forces, 1);
      Future<Long> a = named("a", log);
      awaitUnforced(log, 1);
      Future<Long> b = named("b", log);
      awaitUnforced(log, 2); // a and b written while z's force is held: the next force is theirs
      forces.open.get(0).countDown();
      long zAt = z.get(10, TimeUnit.SECONDS);
      awaitForces(forces.forces, 2);
      Future<Long> c = named("c", log);
      awaitUnforced(log, 1); // written while a's and b's force is held (it fails)
      forces.open.get(1).countDown();
      for (Future<Long> failed : List.of(a, b)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertEquals("force 1 failed", e.getCause().getCause().getMessage());
      }
      ExecutionException ec = assertThrows(ExecutionException.class, () -> c.get(10, TimeUnit.SECONDS));
      assertTrue(ec.getCause().getMessage().contains("earlier record"), ec.getCause().getMessage());
      long dAt = StoreLogTest.append(log, "d", new byte[50]);
      assertEquals(StoreLog.offsetOf(zAt) + StoreLog.HEADER + 1 + 50 + StoreLog.TRAILER, StoreLog.offsetOf(dAt),
          "d where a was: the segment was cut back");
    }
    assertEquals(List.of("z", "d"), reopened(1L << 30).stream().map(s -> s.substring(0, 1)).toList());
  }

  private static void awaitUnforced(StoreLog log, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (log.unforcedRecords() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(n, log.unforcedRecords(), "records written, waiting for a force");
  }

  private static void awaitForces(AtomicInteger forces, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (forces.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(n, forces.get(), "forces begun");
  }

  private Future<Long> named(String name, StoreLog log) {
    return threads.submit(() -> {
      Thread.currentThread().setName(name);
      return StoreLogTest.append(log, name, new byte[50]);
    });
  }

  /**
   * The log's directory removed under it while several records are in flight: the record that
   * finds its segment gone fails, so does every record after it in that segment, and the next
   * record, which cannot open a new segment; each of their threads gets its failure (none waits
   * for ever).
   */
  @Test
  void aSegmentGoneFailsTheRecordsInFlightAndTheNextCannotOpenOne() throws Exception {
    HeldForces forces = new HeldForces(1) {
      @Override
      public void before(Step step, Path file) throws IOException {
        super.before(step, file);
        if (step == Step.FORCE && Thread.currentThread().getName().equals("z")) {
          deleteTree(logDir()); // before the force returns: the segment is noticed gone after it
        }
      }
    };
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      log.fault(forces);
      Future<Long> z = named("z", log);
      while (forces.forces.get() < 1) {
        Thread.onSpinWait();
      }
      List<Future<Long>> next = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        next.add(named("n" + i, log));
      }
      awaitUnforced(log, 4);
      forces.open.get(0).countDown();
      ExecutionException gone = assertThrows(ExecutionException.class, () -> z.get(10, TimeUnit.SECONDS));
      assertTrue(gone.getCause().getMessage().contains("gone"), gone.getCause().getMessage());
      for (Future<Long> f : next) {
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      }
      IOException e = assertThrows(IOException.class, () -> StoreLogTest.append(log, "later", new byte[10]));
      assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
    }
  }

  /** Small segments: many rolls while many threads take turns writing; every record read back, once. */
  @Test
  void segmentsRollUnderConcurrentWriters() throws Exception {
    int writers = 16;
    int each = 30;
    List<Long> durable = Collections.synchronizedList(new ArrayList<>());
    try (StoreLog log = open(8 * 1024, new ArrayList<>())) {
      CyclicBarrier start = new CyclicBarrier(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < each; i++) {
            String name = String.format("w%02d-%03d", writer, i);
            log.append(name.getBytes(StandardCharsets.UTF_8), StoreLogTest.body(new byte[300 + 37 * i]),
                durable::add);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    for (int i = 1; i < durable.size(); i++) {
      assertTrue(durable.get(i) > durable.get(i - 1), "onDurable in log order across segments at " + i);
    }
    assertTrue(StoreLog.segmentOf(durable.get(durable.size() - 1)) > 10, "rolled many times");
    List<String> seen = reopened(8 * 1024);
    assertEquals(writers * each, seen.size());
    assertEquals(writers * each, new HashSet<>(seen).size());
  }

  @Test
  void appendsAfterCloseAreRefused() throws Exception {
    StoreLog log = open(1L << 30, new ArrayList<>());
    StoreLogTest.append(log, "kept", new byte[10]);
    log.close();
    IOException e = assertThrows(IOException.class, () -> StoreLogTest.append(log, "late", new byte[10]));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(1, reopened(1L << 30).size());
  }

  @Test
  void statsCountRecordsBatchesAndWaits() throws Exception {
    try (StoreLog log = open(1L << 30, new ArrayList<>())) {
      StoreStats before = log.stats();
      for (int i = 0; i < 5; i++) {
        StoreLogTest.append(log, "s" + i, new byte[10]);
      }
      StoreStats s = log.stats().since(before);
      assertEquals(5, s.records());
      assertEquals(5, s.batches(), "one thread: one batch each");
      assertTrue(s.meanWaitMillis() > 0 && s.meanWaitMillis() >= s.meanForceMillis() * 0.5, s.toString());
      assertTrue(s.waitQuantileMillis(0.99) > 0, s.toString());
    }
  }

  @Test
  void theWaitHistogramsBucketsAreWithinSixPercent() {
    for (long v : new long[] {0, 1, 7, 8, 9, 15, 16, 17, 100, 999, 1_000_000, 123_456_789, Long.MAX_VALUE / 3}) {
      int b = StoreStats.bucket(v);
      long low = StoreStats.lowerBound(b);
      assertTrue(low <= v && v < StoreStats.lowerBound(b + 1), v + " in bucket " + b + " from " + low);
      assertTrue(v - low <= Math.max(1, v / 8), v + " within an eighth of its bucket's start");
    }
  }
}
