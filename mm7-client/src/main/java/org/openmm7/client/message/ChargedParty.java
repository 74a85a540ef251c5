package org.openmm7.client.message;

/** Who pays for a submitted message (ChargedParty). */
public enum ChargedParty {
  SENDER("Sender"),
  RECIPIENT("Recipient"),
  BOTH("Both"),
  NEITHER("Neither"),
  THIRD_PARTY("ThirdParty");

  private final String wireName;

  ChargedParty(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the schema spells it. */
  public String wireName() {
    return wireName;
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if there is none. */
  public static ChargedParty fromWire(String value) {
    String v = value.trim();
    for (ChargedParty c : values()) {
      if (c.wireName.equalsIgnoreCase(v)) {
        return c;
      }
    }
    return null;
  }
}
