package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomIdsTest {
  @Test
  void idsAreDistinctAcrossPoolRefillsAndWellFormed() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) { // 160 KB: many refills of the 1 KiB pool
      String id = RandomIds.hex128();
      assertTrue(id.matches("[0-9a-f]{32}"), id);
      assertTrue(seen.add(id), "repeated: " + id);
    }
    assertEquals(5000, RandomIds.bytes(5000).length);
  }

  @Test
  void bytesLookRandom() {
    byte[] b = RandomIds.bytes(1 << 16);
    int[] counts = new int[256];
    for (byte x : b) {
      counts[x & 0xff]++;
    }
    for (int c : counts) {
      assertTrue(c > 128 && c < 384, "byte frequency " + c + " of an expected 256");
    }
  }
}
