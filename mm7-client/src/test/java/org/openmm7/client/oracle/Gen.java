package org.openmm7.client.oracle;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.openmm7.client.message.RelativeOrAbsoluteTime;

/** Random values for the generators: texts, times and numbers, with their boundary values. */
final class Gen {
  /** Pieces texts are made of: ASCII, XML's special characters, non-ASCII of 2, 3 and 4 UTF-8 bytes, whitespace. */
  private static final String[] PIECES = {
    "a", "Z", "0", "9", "+", "-", "_", ".", "@", " ", "  ", "&", "<", ">", "\"", "'", "&amp;", "]]>", "<!--",
    "é", "ß", "ü", "Ω", "Ж", "中文", "日本語", "한국어", "\u00a0", "😀", "𝄞", "\t", "\n", "\r", "\r\n", "=?utf-8?q?x?=", "%20", "cid:",
    "http://x.example/?a=1&b=2", ";", ",", "\\", "/", "#", "{", "}"
  };

  private Gen() {}

  static boolean chance(Random r, int percent) {
    return r.nextInt(100) < percent;
  }

  static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  @SafeVarargs
  static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  /** Any XML-legal text, possibly with leading or trailing whitespace; sometimes long. */
  static String text(Random r) {
    int kind = r.nextInt(10);
    if (kind == 0) {
      return word(r);
    }
    int n = kind == 1 ? 200 + r.nextInt(400) : 1 + r.nextInt(8);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  /** A text that is not blank. */
  static String nonBlank(Random r) {
    String s = text(r);
    return s.isBlank() ? s + "x" : s;
  }

  /** A plain identifier-like word. */
  static String word(Random r) {
    int n = 1 + r.nextInt(20);
    StringBuilder sb = new StringBuilder();
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString();
  }

  /** A date-time with an offset: boundary years, every fraction precision, offsets up to +-14:00. */
  static OffsetDateTime dateTime(Random r) {
    int year = switch (r.nextInt(8)) {
      case 0 -> 1;
      case 1 -> 9999;
      case 2 -> 1970;
      default -> 1900 + r.nextInt(300);
    };
    int nano = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(1000) * 1_000_000;
      case 2 -> r.nextInt(1_000_000) * 1000;
      default -> r.nextInt(1_000_000_000);
    };
    int offsetMinutes = switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> 14 * 60;
      case 2 -> -14 * 60;
      default -> (r.nextInt(14 * 4 * 2 + 1) - 14 * 4) * 15;
    };
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    if (year == 9999 && r.nextBoolean()) {
      month = 12;
      day = 31;
    }
    return OffsetDateTime.of(year, month, day, r.nextInt(24), r.nextInt(60), r.nextInt(60), nano,
        ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }

  /** An absolute time, or a relative one with a calendar part, a time part, both or neither (PT0S). */
  static RelativeOrAbsoluteTime time(Random r) {
    if (r.nextBoolean()) {
      return RelativeOrAbsoluteTime.at(dateTime(r));
    }
    Period p = switch (r.nextInt(3)) {
      case 0 -> Period.ZERO;
      case 1 -> Period.of(r.nextInt(100), r.nextInt(24), r.nextInt(400));
      default -> Period.ofDays(r.nextInt(3));
    };
    Duration d = switch (r.nextInt(4)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofSeconds(r.nextInt(1_000_000_000));
      case 2 -> Duration.ofMillis(1 + r.nextInt(100_000));
      default -> Duration.ofSeconds(r.nextInt(100_000), r.nextInt(1_000_000_000));
    };
    return new RelativeOrAbsoluteTime.Relative(p, d);
  }

  /** A positive int, often a boundary. */
  static int positiveInt(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1;
      case 1 -> Integer.MAX_VALUE;
      default -> 1 + r.nextInt(1000);
    };
  }

  /** A positive long, often a boundary. */
  static long positiveLong(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1;
      case 1 -> Long.MAX_VALUE;
      default -> 1 + r.nextInt(5_000_000);
    };
  }
}
