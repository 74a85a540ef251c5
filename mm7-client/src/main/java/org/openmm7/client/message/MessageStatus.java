package org.openmm7.client.message;

/** The MMStatus of a delivery report or read reply. */
public enum MessageStatus {
  EXPIRED("Expired"),
  RETRIEVED("Retrieved"),
  REJECTED("Rejected"),
  INDETERMINATE("Indeterminate"),
  FORWARDED("Forwarded"),
  UNRECOGNISED("Unrecognised"),
  DEFERRED("Deferred"),
  DELIVERY_CONDITION_NOT_MET("DeliveryConditionNotMet"),
  READ("Read"),
  DELETED("Deleted");

  private final String wireName;

  MessageStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the schema spells it. */
  public String wireName() {
    return wireName;
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if there is none. */
  public static MessageStatus fromWire(String value) {
    String v = value.trim();
    for (MessageStatus c : values()) {
      if (c.wireName.equalsIgnoreCase(v)) {
        return c;
      }
    }
    return null;
  }
}
