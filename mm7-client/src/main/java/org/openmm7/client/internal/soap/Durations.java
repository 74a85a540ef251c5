package org.openmm7.client.internal.soap;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** xs:duration in both directions, keeping the calendar part (P1Y2M3D) apart from the time part. */
final class Durations {
  private static final Pattern XS_DURATION = Pattern.compile(
      "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

  private Durations() {}

  static String format(Period period, Duration duration) {
    StringBuilder sb = new StringBuilder("P");
    if (period.getYears() != 0) {
      sb.append(period.getYears()).append('Y');
    }
    if (period.getMonths() != 0) {
      sb.append(period.getMonths()).append('M');
    }
    if (period.getDays() != 0) {
      sb.append(period.getDays()).append('D');
    }
    if (!duration.isZero()) {
      sb.append('T');
      long seconds = duration.getSeconds();
      long hours = seconds / 3600;
      long minutes = (seconds % 3600) / 60;
      long secs = seconds % 60;
      if (hours != 0) {
        sb.append(hours).append('H');
      }
      if (minutes != 0) {
        sb.append(minutes).append('M');
      }
      if (secs != 0 || duration.getNano() != 0) {
        BigDecimal s = BigDecimal.valueOf(secs).add(BigDecimal.valueOf(duration.getNano(), 9)).stripTrailingZeros();
        sb.append(s.toPlainString()).append('S');
      }
    }
    if (sb.length() == 1) {
      sb.append("T0S");
    }
    return sb.toString();
  }

  /** Parses a non-negative xs:duration; returns null if the text is not one (or is out of range). */
  static Object[] parse(String text) {
    if (text.length() > 100) {
      return null;
    }
    try {
      return parseChecked(text);
    } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
      return null; // a field beyond int, or a sum beyond Duration's range
    }
  }

  private static Object[] parseChecked(String text) {
    Matcher m = XS_DURATION.matcher(text.trim());
    if (!m.matches() || text.trim().equals("P") || text.trim().endsWith("T")) {
      return null;
    }
    Period p = Period.of(intOf(m.group(1)), intOf(m.group(2)), intOf(m.group(3)));
    Duration d = Duration.ofHours(intOf(m.group(4))).plusMinutes(intOf(m.group(5)));
    if (m.group(6) != null) {
      BigDecimal s = new BigDecimal(m.group(6));
      d = d.plusSeconds(s.longValue()).plusNanos(s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    return new Object[] {p, d};
  }

  private static int intOf(String s) {
    return s == null ? 0 : Integer.parseInt(s);
  }
}
