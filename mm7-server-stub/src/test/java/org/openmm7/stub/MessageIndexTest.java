package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's table of message locations, in a file, against a HashMap: growth, overwrites, collisions, reopening. */
class MessageIndexTest {
  /** The most heap the table may hold, whatever it indexes: its pages cache, with room to spare. */
  private static final long HEAP_BOUND = 1024 * 1024;

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
        index.put(id, location);
        expected.put(id, location);
      }
      assertTrue(index.capacity() >= 256 * 1024, "grown through several doublings: " + index.capacity());
      assertEquals(heapEmpty, index.heapBytes(), "the heap held does not grow with the entries");
      assertTrue(index.heapBytes() <= HEAP_BOUND, index.heapBytes() + " bytes");
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
      index.put("a", 1);
      assertEquals(-1, index.get("b"), "b's hash finds a's record, which is not b's");
      index.put("b", 2);
      assertEquals(1, index.get("a"));
      assertEquals(2, index.get("b"));
      index.put("a", 3);
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
          index.put(id, next);
          expected.put(id, next++);
        }
      }
      assertEquals(700, index.size());
      assertTrue(index.capacity() >= 2048, "grown: " + index.capacity());
      for (var e : expected.entrySet()) {
        assertEquals(e.getValue(), index.get(e.getKey()), e.getKey());
      }
      assertEquals(-1, index.get("same-700"));
    }
  }

  /**
   * At start a later record of a message takes its slot without reading any record; only a first
   * record meeting a used hash is read back (a collision), and the colliding IDs stay apart.
   */
  @Test
  void recordsMetAtStartAreIndexedWithoutReadingExceptOnACollision() throws Exception {
    Map<Long, String> records = new HashMap<>(Map.of(1L, "a", 2L, "b", 3L, "c", 4L, "c", 5L, "a", 6L, "b"));
    List<Long> read = new ArrayList<>();
    try (MessageIndex index = MessageIndex.open(file(), location -> {
      read.add(location);
      return records.get(location);
    }, id -> id.equals("c") ? 7 : 42)) {
      index.recovered("a", 1, false);
      index.recovered("b", 2, false);
      assertEquals(List.of(1L), read, "b's first record meets a's hash: a's record is read once");
      read.clear();
      index.recovered("c", 3, false);
      index.recovered("c", 4, true);
      assertEquals(List.of(), read, "c's hash is its own: no record is read");
      index.recovered("a", 5, true);
      index.recovered("b", 6, true);
      assertFalse(read.isEmpty(), "a and b share a hash: their records tell them apart");
      assertEquals(3, index.size());
      assertEquals(5, index.get("a"));
      assertEquals(6, index.get("b"));
      assertEquals(4, index.get("c"));
    }
  }
}
