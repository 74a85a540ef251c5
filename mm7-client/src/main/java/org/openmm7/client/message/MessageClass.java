package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MessageClass of a submitted message. Open, like {@link Mm7Status}: the values the
 * schemas list are constants, and {@link #of(String)} accepts any other value a peer sends (a
 * newer release's, a vendor's), so that a message carrying one is read rather than refused. Compare
 * with {@code equals}; {@link #isKnown()} tells a listed value from another.
 */
public final class MessageClass {
  private static final Map<String, MessageClass> KNOWN = new ConcurrentHashMap<>();
  private static final List<MessageClass> VALUES = new ArrayList<>();

  public static final MessageClass PERSONAL = known("Personal");
  public static final MessageClass INFORMATIONAL = known("Informational");
  public static final MessageClass ADVERTISEMENT = known("Advertisement");
  public static final MessageClass AUTO = known("Auto");

  private final String wireName;
  private final boolean known;

  private MessageClass(String wireName, boolean known) {
    this.wireName = wireName;
    this.known = known;
  }

  private static MessageClass known(String wireName) {
    MessageClass v = new MessageClass(wireName, true);
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
  public static MessageClass of(String value) {
    String v = Objects.requireNonNull(value, "value").trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("an empty MessageClass");
    }
    MessageClass k = KNOWN.get(v.toLowerCase(Locale.ROOT));
    return k != null ? k : new MessageClass(v, false);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static MessageClass fromWire(String value) {
    return KNOWN.get(value.trim().toLowerCase(Locale.ROOT));
  }

  /** The values the schemas list, in their order. */
  public static List<MessageClass> values() {
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
    return o instanceof MessageClass other && other.wireName.equals(wireName);
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
