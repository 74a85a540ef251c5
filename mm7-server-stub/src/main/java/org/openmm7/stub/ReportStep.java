package org.openmm7.stub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.openmm7.client.message.MessageStatus;

/**
 * One DeliveryReportReq the relay stub sends, per recipient, after accepting a SubmitReq that asked
 * for delivery reports: this MMStatus, this long after the submit (and never before the previous
 * report for the same recipient has been answered or given up).
 *
 * @param status the MMStatus reported
 * @param delay  how long after the submit
 */
public record ReportStep(MessageStatus status, Duration delay) {
  public ReportStep {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
  }

  /** The default schedule: Forwarded after one second, then Retrieved after three. */
  public static final List<ReportStep> DEFAULT = List.of(new ReportStep(MessageStatus.FORWARDED, Duration.ofSeconds(1)),
      new ReportStep(MessageStatus.RETRIEVED, Duration.ofSeconds(3)));

  /** Parses {@code Forwarded:1s,Retrieved:3s} (MMStatus names as on the wire; delays as {@link #duration}). */
  public static List<ReportStep> parseList(String text) {
    List<ReportStep> out = new ArrayList<>();
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return out;
    }
    for (String item : text.split(",")) {
      String s = item.trim();
      int colon = s.indexOf(':');
      String name = colon < 0 ? s : s.substring(0, colon).trim();
      MessageStatus status = MessageStatus.fromWire(name.replace("_", ""));
      if (status == null) {
        throw new IllegalArgumentException("no MMStatus " + name + " (one of Forwarded, Retrieved, Expired, "
            + "Rejected, Deferred, Indeterminate, ...)");
      }
      out.add(new ReportStep(status, colon < 0 ? Duration.ZERO : duration(s.substring(colon + 1))));
    }
    return out;
  }

  /** {@code 250ms}, {@code 3s}, {@code 2m}, {@code 1h}, or a bare number of milliseconds. */
  public static Duration duration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      } else if (s.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
      } else if (s.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()) * 60);
      } else if (s.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      return Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: " + text + " (e.g. 500ms, 3s, 2m)");
    }
  }

  @Override
  public String toString() {
    return status.wireName() + ":" + delay.toMillis() + "ms";
  }
}
