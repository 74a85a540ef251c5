package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store's compact index against a HashMap, through growth and overwrites. */
class MessageIndexTest {
  @Test
  void agreesWithAMapThroughGrowthAndUpdates() throws Exception {
    Map<Long, String> records = new HashMap<>();
    MessageIndex index = new MessageIndex(records::get);
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(15);
    long next = 1;
    for (int i = 0; i < 200_000; i++) {
      String id = random.nextInt(4) == 0 && i > 0 ? "mm7stub-x-" + random.nextInt(i) : "mm7stub-x-" + i;
      long location = next++;
      records.put(location, id);
      index.put(id, location);
      expected.put(id, location);
    }
    assertEquals(expected.size(), index.size());
    for (var e : expected.entrySet()) {
      assertEquals(e.getValue(), index.get(e.getKey()), e.getKey());
    }
    assertEquals(-1, index.get("mm7stub-x-200000"));
    assertEquals(-1, index.get("someone-else"));
  }

  /** Two MessageIDs whose hashes are equal are both found (the second through the small map). */
  @Test
  void idsWithTheSameHashAreToldApartByTheirRecords() throws Exception {
    Map<Long, String> records = new HashMap<>(Map.of(1L, "a", 2L, "b", 3L, "a"));
    MessageIndex index = new MessageIndex(records::get, id -> 42);
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

  /**
   * At start a later record of a message takes its slot without reading any record; only a first
   * record meeting a used hash is read back (a collision), and the colliding IDs stay apart.
   */
  @Test
  void recordsMetAtStartAreIndexedWithoutReadingExceptOnACollision() throws Exception {
    Map<Long, String> records = new HashMap<>(Map.of(1L, "a", 2L, "b", 3L, "b", 4L, "a", 5L, "c"));
    java.util.List<Long> read = new java.util.ArrayList<>();
    MessageIndex index = new MessageIndex(location -> {
      read.add(location);
      return records.get(location);
    }, id -> id.equals("c") ? 7 : 42);
    index.recovered("a", 1, false);
    index.recovered("b", 2, false);
    assertEquals(java.util.List.of(1L), read, "b's first record meets a's hash: a's record is read once");
    index.recovered("b", 3, true);
    index.recovered("a", 4, true);
    index.recovered("c", 5, false);
    assertEquals(java.util.List.of(1L), read, "no other record is read");
    assertEquals(3, index.size());
    read.clear();
    assertEquals(4, index.get("a"));
    assertEquals(3, index.get("b"));
    assertEquals(5, index.get("c"));
  }
}
