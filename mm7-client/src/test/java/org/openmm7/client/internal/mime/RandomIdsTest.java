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
  void boundariesAndContentIdsAreWellFormedAndNew() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      String boundary = MimeWriter.newBoundary();
      assertTrue(boundary.matches("=_mm7_[0-9a-f]{64}"), boundary);
      assertEquals(MimeWriter.BOUNDARY_LENGTH, boundary.length());
      String cid = MimeWriter.newContentId("soap");
      assertTrue(cid.matches("soap-[0-9a-f]{32}@openmm7"), cid);
      assertTrue(seen.add(boundary.substring(6, 38)) && seen.add(boundary.substring(38)) && seen.add(cid.substring(5, 37)),
          "repeated random bits");
    }
    assertEquals("x", RandomIds.hex("x", 0, ""));
    assertTrue(RandomIds.hex("", 3, "!").matches("[0-9a-f]{6}!"));
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
