package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.ContentType;

/**
 * The parsed Content-Type cache: the same answers as {@link ContentType#parse} (values and
 * refusals, over chosen and random header values), a repeated part value parsed once, a
 * multipart's value (its boundary is new in every message) or a long one never kept, and the
 * cache bounded.
 */
class ContentTypesTest {
  private final ContentTypes cache = new ContentTypes(64, 128);

  @Test
  void aRepeatedPartTypeIsParsedOnce() {
    String v = "text/plain; charset=utf-8; x-test=repeated-" + System.nanoTime();
    ContentType first = cache.parse(v);
    assertEquals(ContentType.parse(v), first);
    assertSame(first, cache.parse(v));
  }

  @Test
  void multipartAndLongValuesAreNotKept() {
    String multipart = "multipart/related; boundary=\"b-" + System.nanoTime() + "\"; type=\"text/xml\"";
    assertNotSame(cache.parse(multipart), cache.parse(multipart));
    String longValue = "text/plain; x=\"" + "a".repeat(128) + "\"";
    assertNotSame(cache.parse(longValue), cache.parse(longValue));
  }

  @Test
  void valuesThatNeverRepeatLeaveTheCacheBounded() {
    for (int i = 0; i < 64 * 4; i++) {
      String v = "image/x-" + i + "; n=" + i;
      assertEquals(ContentType.parse(v), cache.parse(v));
    }
    assertTrue(cache.size() <= 64, "kept " + cache.size());
  }

  @Test
  void answersAsContentTypeParseDoes() {
    String alphabet = "ab/;= \"\\\tx-\r\nTEXT/Plain;charset=UTF-8";
    Random random = new Random(2045);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(24);
      for (int j = 0; j < n; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = random.nextBoolean() ? "text/plain" + sb : sb.toString();
      for (int round = 0; round < 2; round++) { // the second from the cache when kept
        ContentType expected;
        try {
          expected = ContentType.parse(v);
        } catch (IllegalArgumentException e) {
          assertThrows(IllegalArgumentException.class, () -> cache.parse(v), v);
          continue;
        }
        ContentType got = cache.parse(v);
        assertEquals(expected, got, v);
        assertEquals(expected.toString(), got.toString(), v);
      }
    }
  }
}
