package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Mm7Release#has} answers from a hash set of the same paths {@link Mm7Release#paths()} lists. */
class PathLookupTest {
  @Test
  void everyListedPathIsKnownAndNearMissesAreNot() {
    for (Mm7Release r : Mm7Release.values()) {
      for (String p : r.paths()) {
        assertTrue(r.has(p), r + " " + p);
        assertFalse(r.has(p + "x"), r + " " + p + "x");
        assertFalse(r.has(p.toLowerCase(java.util.Locale.ROOT)) && !p.equals(p.toLowerCase(java.util.Locale.ROOT)),
            r + " lower-cased " + p);
      }
      assertFalse(r.has(null));
      assertFalse(r.has(""));
    }
    assertTrue(Mm7Release.REL_6_MM7_1_4.has("SubmitReq/Recipients/To/Number@addressCoding#obfuscated"));
    assertFalse(Mm7Release.REL_5_MM7_1_0.has("extendedCancelReq"));
  }
}
