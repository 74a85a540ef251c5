package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /**
   * Every digit of an id is spelled from a random byte, never from a digit already written into
   * the same array (the bytes are drawn into its tail and read ahead of the writes): each position
   * takes all sixteen digits over many ids, with and without a prefix and suffix, and an id that
   * is not ASCII around its digits is still made.
   */
  @Test
  void everyPositionTakesEveryDigit() {
    for (String[] around : new String[][] {{"", ""}, {"=_mm7_", ""}, {"", "@openmm7"}, {"content-", "@openmm7"}}) {
      for (int bytes : new int[] {1, 16, 32}) {
        List<Set<Character>> digits = new ArrayList<>();
        for (int k = 0; k < 2 * bytes; k++) {
          digits.add(new HashSet<>());
        }
        for (int i = 0; i < 3_000; i++) {
          String id = RandomIds.hex(around[0], bytes, around[1]);
          assertTrue(id.startsWith(around[0]) && id.endsWith(around[1]), id);
          String hex = id.substring(around[0].length(), id.length() - around[1].length());
          assertTrue(hex.matches("[0-9a-f]{" + 2 * bytes + "}"), id);
          for (int k = 0; k < hex.length(); k++) {
            digits.get(k).add(hex.charAt(k));
          }
        }
        for (int k = 0; k < digits.size(); k++) {
          assertEquals(16, digits.get(k).size(), "position " + k + " of " + bytes + " bytes with " + List.of(around));
        }
      }
    }
    assertTrue(RandomIds.hex("\u00e9t\u00e9-", 4, "@\u0101").matches("\u00e9t\u00e9-[0-9a-f]{8}@\u0101"));
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
