package org.openmm7.client.message;

/** The Priority of a message. */
public enum Priority {
  LOW("Low"),
  NORMAL("Normal"),
  HIGH("High");

  private final String wireName;

  Priority(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the schema spells it. */
  public String wireName() {
    return wireName;
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if there is none. */
  public static Priority fromWire(String value) {
    String v = value.trim();
    for (Priority c : values()) {
      if (c.wireName.equalsIgnoreCase(v)) {
        return c;
      }
    }
    return null;
  }
}
