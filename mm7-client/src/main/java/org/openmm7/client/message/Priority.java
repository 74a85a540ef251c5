package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Priority of a message. Open, like {@link Mm7Status}: the values the
 * schemas list are constants, and {@link #of(String)} accepts any other value a peer sends (a
 * newer release's, a vendor's), so that a message carrying one is read rather than refused. Compare
 * with {@code equals}; {@link #isKnown()} tells a listed value from another.
 */
public final class Priority {
  private static final Map<String, Priority> KNOWN = new ConcurrentHashMap<>();
  private static final List<Priority> VALUES = new ArrayList<>();

  public static final Priority LOW = known("Low");
  public static final Priority NORMAL = known("Normal");
  public static final Priority HIGH = known("High");

  private final String wireName;
  private final boolean known;

  private Priority(String wireName, boolean known) {
    this.wireName = wireName;
    this.known = known;
  }

  private static Priority known(String wireName) {
    Priority v = new Priority(wireName, true);
    KNOWN.put(wireName.toLowerCase(Locale.ROOT), v);
    VALUES.add(v);
    return v;
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static Priority of(String value) {
    String v = Objects.requireNonNull(value, "value").trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("an empty Priority");
    }
    Priority k = KNOWN.get(v.toLowerCase(Locale.ROOT));
    return k != null ? k : new Priority(v, false);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static Priority fromWire(String value) {
    return KNOWN.get(value.trim().toLowerCase(Locale.ROOT));
  }

  /** The values the schemas list, in their order. */
  public static List<Priority> values() {
    return Collections.unmodifiableList(VALUES);
  }

  /** The value as the schema spells it (or as the peer sent it, for a value the schemas do not list). */
  public String wireName() {
    return wireName;
  }

  /** Whether a schema lists this value. */
  public boolean isKnown() {
    return known;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Priority other && other.wireName.equals(wireName);
  }

  @Override
  public int hashCode() {
    return wireName.hashCode();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
