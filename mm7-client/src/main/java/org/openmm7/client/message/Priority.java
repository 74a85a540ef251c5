package org.openmm7.client.message;

import java.util.List;

/** The Priority of a message. Open: see {@link OpenValue}. */
public final class Priority extends OpenValue {
  private static final Table<Priority> TABLE = new Table<>("Priority", Priority::new);

  public static final Priority LOW = TABLE.known("Low");
  public static final Priority NORMAL = TABLE.known("Normal");
  public static final Priority HIGH = TABLE.known("High");

  private Priority(String wireName, boolean known) {
    super(wireName, known);
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static Priority of(String value) {
    return TABLE.of(value);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static Priority fromWire(String value) {
    return TABLE.fromWire(value);
  }

  /** The values the schemas list, in their order. */
  public static List<Priority> values() {
    return TABLE.values();
  }
}
