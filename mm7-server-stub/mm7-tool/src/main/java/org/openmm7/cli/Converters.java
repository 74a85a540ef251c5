package org.openmm7.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
