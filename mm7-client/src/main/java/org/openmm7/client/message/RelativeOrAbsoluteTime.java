package org.openmm7.client.message;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.Objects;

/**
 * A time the specification allows as an absolute date-time or relative to when the relay
 * receives the message (EarliestDeliveryTime, ExpiryDate, replyDeadline).
 */
public sealed interface RelativeOrAbsoluteTime {

  static Absolute at(OffsetDateTime time) {
    return new Absolute(time);
  }

  static Relative after(Duration duration) {
    return new Relative(Period.ZERO, duration);
  }

  static Relative after(Period period) {
    return new Relative(period, Duration.ZERO);
  }

  /** An absolute xs:dateTime. */
  record Absolute(OffsetDateTime time) implements RelativeOrAbsoluteTime {
    public Absolute {
      Objects.requireNonNull(time, "time");
    }
  }

  /** A relative xs:duration: a calendar part (years, months, days) and a time part. */
  record Relative(Period period, Duration duration) implements RelativeOrAbsoluteTime {
    public Relative {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(duration, "duration");
      if (period.isNegative() || duration.isNegative()) {
        throw new IllegalArgumentException("a relative time must not be negative");
      }
    }
  }
}
