package org.openmm7.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Role;
import picocli.CommandLine;

/**
 * Picocli converters of the typed options. A value that does not convert fails with a message
 * naming the value and what would have been valid; picocli prefixes the option's name, and
 * {@link Mm7Command#commandLine()} prints it as one line.
 */
final class Converters {
  private Converters() {}

  /** How a {@link Millis} option is written, for the options' help texts. */
  static final String TIME_HELP = "e.g. 500ms, 5s, 2m; a bare number is milliseconds";
  /** How a {@link Seconds} option is written. */
  static final String SECONDS_HELP = "e.g. 500ms, 5s, 2m; a bare number is seconds";

  /** An MM7 release by its name, any case: REL-5-MM7-1-0 .. REL-6-MM7-1-4. */
  static final class Release implements CommandLine.ITypeConverter<Mm7Release> {
    @Override
    public Mm7Release convert(String value) {
      return Mm7Release.fromName(value.trim().toUpperCase(Locale.ROOT)).orElseThrow(() ->
          new CommandLine.TypeConversionException("unknown release '" + value + "'; valid: " + names()));
    }

    static String names() {
      List<String> names = new ArrayList<>();
      for (Mm7Release r : Mm7Release.values()) {
        names.add(r.releaseName());
      }
      return String.join(", ", names);
    }
  }

  /** A peer profile: a built-in one by name, else a profile file (src/docs/profiles.md). */
  static final class ProfileName implements CommandLine.ITypeConverter<org.openmm7.client.Profile> {
    @Override
    public org.openmm7.client.Profile convert(String value) {
      try {
        return org.openmm7.client.Profile.resolve(value);
      } catch (java.io.IOException e) {
        throw new CommandLine.TypeConversionException("cannot read the profile file '" + value + "': " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * A time span: a number with a unit ({@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m},
   * {@code 1h}), or a bare number in the option's own unit, the one it took before it took units,
   * so that no command line written then changes its meaning. Never negative.
   */
  abstract static class TimeSpan implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SPAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private final String bareUnit;

    TimeSpan(String bareUnit) {
      this.bareUnit = bareUnit;
    }

    @Override
    public Duration convert(String value) {
      Matcher m = SPAN.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a time span; e.g. 500ms, 5s, 2m, or"
            + " a number of " + (bareUnit.equals("ms") ? "milliseconds" : "seconds"));
      }
      long millisPerUnit = switch (m.group(2) == null ? bareUnit : m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(millisPerUnit));
      try {
        return Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too long a time span");
      }
    }
  }

  /** A {@link TimeSpan} whose bare number is milliseconds (the stub's and listen's time options). */
  static final class Millis extends TimeSpan {
    Millis() {
      super("ms");
    }
  }

  /** A {@link TimeSpan} whose bare number is seconds (the client commands' {@code --timeout}). */
  static final class Seconds extends TimeSpan {
    Seconds() {
      super("s");
    }
  }

  /** The stub's role: relay (or mmsc) or vasp, any case. */
  static final class RoleName implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "relay", "mmsc" -> Role.RELAY;
        case "vasp" -> Role.VASP;
        default -> throw new CommandLine.TypeConversionException("unknown role '" + value + "'; valid: relay, vasp");
      };
    }
  }
}
