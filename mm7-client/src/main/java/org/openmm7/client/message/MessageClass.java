package org.openmm7.client.message;

import java.util.List;

/** The MessageClass of a submitted message. Open: see {@link OpenValue}. */
public final class MessageClass extends OpenValue {
  private static final Table<MessageClass> TABLE = new Table<>("MessageClass", MessageClass::new);

  public static final MessageClass PERSONAL = TABLE.known("Personal");
  public static final MessageClass INFORMATIONAL = TABLE.known("Informational");
  public static final MessageClass ADVERTISEMENT = TABLE.known("Advertisement");
  public static final MessageClass AUTO = TABLE.known("Auto");

  private MessageClass(String wireName, boolean known) {
    super(wireName, known);
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static MessageClass of(String value) {
    return TABLE.of(value);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static MessageClass fromWire(String value) {
    return TABLE.fromWire(value);
  }

  /** The values the schemas list, in their order. */
  public static List<MessageClass> values() {
    return TABLE.values();
  }
}
