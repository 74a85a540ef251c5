package org.openmm7.client.message;

/** The MessageClass of a submitted message. */
public enum MessageClass {
  PERSONAL("Personal"),
  INFORMATIONAL("Informational"),
  ADVERTISEMENT("Advertisement"),
  AUTO("Auto");

  private final String wireName;

  MessageClass(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the schema spells it. */
  public String wireName() {
    return wireName;
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if there is none. */
  public static MessageClass fromWire(String value) {
    String v = value.trim();
    for (MessageClass c : values()) {
      if (c.wireName.equalsIgnoreCase(v)) {
        return c;
      }
    }
    return null;
  }
}
