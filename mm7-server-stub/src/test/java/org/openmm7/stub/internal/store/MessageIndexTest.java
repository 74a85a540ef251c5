package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's table of message locations, in a file, against a HashMap: growth, overwrites,
 * collisions, merges of the recent entries, reopening.
 */
class MessageIndexTest {
  /**
   * The most heap the table may hold, whatever it indexes: the lookups' cache (512 KB), the recent
   * entries (1.1 MB) and a merge's pages (512 KB), with room to spare.
   */
  private static final long HEAP_BOUND = 3 * 1024 * 1024;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve(MessageIndex.FILE);
  }

  @Test
  void agreesWithAMapThroughGrowthAndUpdatesWithAHeapThatDoesNotGrow() throws Exception {
    Map<Long, String> records = new HashMap<>();
    Map<String, Long> expected = new HashMap<>();
    long heapEmpty;
    try (MessageIndex index = MessageIndex.open(file(), records::get)) {
      heapEmpty = index.heapBytes();
      Random random = new Random(15);
      long next = 1;
      for (int i = 0; i < 200_000; i++) {
        String id = random.nextInt(4) == 0 && i > 0 ? "mm7stub-x-" + random.nextInt(i) : "mm7stub-x-" + i;
        long location = next++;
        records.put(location, id);
        index.put(id, location, !expected.containsKey(id));
        expected.put(id, location);
        assertTrue(index.recentSize() <= MessageIndex.RECENT, "the recent entries are merged when they are " + MessageIndex.RECENT);
        if (i % 50_000 == 0) {
          assertEquals(expected.size(), index.size(), "counted with the recent entries");
        }
      }
      assertTrue(index.capacity() >= 256 * 1024, "grown through several doublings: " + index.capacity());
      assertEquals(heapEmpty, index.heapBytes(), "the heap held does not grow with the entries");
      assertEquals(MessageIndex.HEAP_BOUND, index.heapBytes());
      assertTrue(index.heapBytes() <= HEAP_BOUND, index.heapBytes() + " bytes");
      assertTrue(index.recentSize() > 0, "some entries are still recent, found in the heap");
      assertEquals(expected.size(), index.size());
      assertAllFound(index, expected);
    }
    try (MessageIndex reopened = MessageIndex.open(file(), records::get)) {
      assertFalse(reopened.rebuilt(), "closed cleanly: used as it is");
      assertEquals(expected.size(), reopened.size());
      assertAllFound(reopened, expected);
    }
  }

  private static void assertAllFound(MessageIndex index, Map<String, Long> expected) throws Exception {
    for (var e : expected.entrySet()) {
      assertEquals(e.getValue(), index.get(e.getKey()), e.getKey());
    }
    assertEquals(-1, index.get("mm7stub-x-200000"));
    assertEquals(-1, index.get("someone-else"));
  }

  /** Two MessageIDs whose hashes are equal are both found, also after the table is closed and opened again. */
  @Test
  void idsWithTheSameHashAreToldApartByTheirRecords() throws Exception {
    Map<Long, String> records = new HashMap<>(Map.of(1L, "a", 2L, "b", 3L, "a", 4L, "b"));
    try (MessageIndex index = MessageIndex.open(file(), records::get, id -> 42)) {
      index.put("a", 1, true);
      assertEquals(-1, index.get("b"), "b's hash finds a's record, which is not b's");
      index.put("b", 2, true);
      assertEquals(1, index.get("a"));
      assertEquals(2, index.get("b"));
      index.put("a", 3, false);
      assertEquals(3, index.get("a"));
      assertEquals(-1, index.get("c"));
      assertEquals(2, index.size());
    }
    try (MessageIndex reopened = MessageIndex.open(file(), records::get, id -> 42)) {
      assertFalse(reopened.rebuilt());
      assertEquals(3, reopened.get("a"));
      assertEquals(2, reopened.get("b"), "the second of a colliding pair is in the file too");
      reopened.recovered("b", 4, true);
      assertEquals(4, reopened.get("b"));
      assertEquals(3, reopened.get("a"));
    }
  }

  /** Every ID with one hash, through growth: one long run of slots, each told apart by its record, each at its latest. */
  @Test
  void manyIdsWithOneHashStayApartThroughGrowthAndUpdates() throws Exception {
    Map<Long, String> records = new HashMap<>();
    Map<String, Long> expected = new HashMap<>();
    try (MessageIndex index = MessageIndex.open(file(), records::get, id -> 0x7fff_0000_0000_0000L)) {
      long next = 1;
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 700; i++) {
          String id = "same-" + i;
          records.put(next, id);
          index.put(id, next, round == 0);
          expected.put(id, next++);
        }
      }
      assertEquals(700, index.size());
      index.merge();
      assertTrue(index.capacity() >= 2048, "grown: " + index.capacity());
      for (var e : expected.entrySet()) {
        assertEquals(e.getValue(), index.get(e.getKey()), e.getKey());
      }
      assertEquals(-1, index.get("same-700"));
      index.merge();
      assertEquals(0, index.recentSize());
      assertEquals(700, index.size());
      for (var e : expected.entrySet()) {
        assertEquals(e.getValue(), index.get(e.getKey()), "from the file: " + e.getKey());
      }
    }
  }

  /**
   * A later record of a message in the file takes its slot at the merge without reading any
   * record; only a first record meeting a used hash is read back (a collision), and the colliding
   * IDs stay apart. While the entries are recent, one with the same hash is told apart by its record.
   */
  @Test
  void laterRecordsAreMergedWithoutReadingExceptOnACollision() throws Exception {
    Map<Long, String> records = new HashMap<>(Map.of(1L, "a", 2L, "b", 3L, "c", 4L, "c", 5L, "a", 6L, "b"));
    List<Long> read = new ArrayList<>();
    try (MessageIndex index = MessageIndex.open(file(), location -> {
      read.add(location);
      return records.get(location);
    }, id -> id.equals("c") ? 7 : 42)) {
      index.recovered("a", 1, false);
      index.recovered("b", 2, false);
      assertEquals(List.of(1L), read, "b's first record meets a's hash among the recent: a's record is read once");
      index.recovered("c", 3, false);
      index.merge();
      read.clear();
      index.recovered("c", 4, true);
      index.recovered("a", 5, true);
      assertEquals(List.of(), read, "nothing recent has their hashes: no record is read");
      index.recovered("b", 6, true);
      assertEquals(List.of(5L), read, "a is recent with b's hash: its record tells them apart");
      index.merge();
      assertEquals(List.of(), read.stream().filter(l -> l == 3L || l == 4L).toList(), "c's hash is its own: no record of it is read");
      assertFalse(read.isEmpty(), "a and b share a hash: their records tell them apart");
      assertEquals(3, index.size());
      assertEquals(5, index.get("a"));
      assertEquals(6, index.get("b"));
      assertEquals(4, index.get("c"));
    }
  }

  /**
   * New MessageIDs cost the file no call each: they wait in the heap and are merged in slot order,
   * a pass over the file in pages of 64 KB (the table of before read a 4 KB page and wrote one back
   * per new ID: two calls each). Counted from {@code /proc/self/io} (read and write calls of the
   * whole process; nothing else runs meanwhile).
   */
  @Test
  void newIdsCostTheFileFarLessThanACallEach() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "Linux only");
    int n = 300_000;
    Map<Long, String> records = new HashMap<>();
    for (long i = 1; i <= n; i++) {
      records.put(i, "mm7stub-io-" + i);
    }
    try (MessageIndex index = MessageIndex.open(file(), records::get)) {
      long before = fileCalls();
      for (long i = 1; i <= n; i++) {
        index.put(records.get(i), i, true);
      }
      long calls = fileCalls() - before;
      assertTrue(calls < n / 20, calls + " read and write calls for " + n + " new IDs");
      assertEquals(n, index.size());
      for (long i = 1; i <= n; i += 97) {
        assertEquals(i, index.get(records.get(i)));
      }
    }
  }

  /** A merge that fails (the file closed under it) leaves the recent entries found; the table is rebuilt at the next start. */
  @Test
  void aFailedMergeKeepsTheRecentEntriesAndTheTableIsNotTrusted() throws Exception {
    Map<Long, String> records = new HashMap<>();
    MessageIndex index = MessageIndex.open(file(), records::get);
    for (long i = 1; i <= MessageIndex.RECENT; i++) {
      records.put(i, "f-" + i);
      index.put("f-" + i, i, true);
    }
    index.abandon(); // the file's channel closed: the next merge cannot write
    records.put(0L + MessageIndex.RECENT + 1, "f-last");
    assertThrows(java.io.IOException.class, () -> index.put("f-last", MessageIndex.RECENT + 1L, true));
    assertEquals(MessageIndex.RECENT, index.recentSize());
    assertEquals(7L, index.get("f-7"), "still found among the recent entries");
    index.close();
    try (MessageIndex reopened = MessageIndex.open(file(), records::get)) {
      assertTrue(reopened.rebuilt());
    }
  }

  static long fileCalls() throws java.io.IOException {
    long calls = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("syscr:") || line.startsWith("syscw:")) {
        calls += Long.parseLong(line.substring(6).trim());
      }
    }
    return calls;
  }

}
