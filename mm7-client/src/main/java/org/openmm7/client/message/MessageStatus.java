package org.openmm7.client.message;

import java.util.List;

/** The MMStatus of a delivery report or read reply. Open: see {@link OpenValue}. */
public final class MessageStatus extends OpenValue {
  private static final Table<MessageStatus> TABLE = new Table<>("MMStatus", new Maker());

  /**
   * The constructor as a function: a class rather than a constructor reference, so that nothing is
   * linked at class initialisation (a stub's build initialises this class for its default reports).
   */
  private static final class Maker implements java.util.function.BiFunction<String, Boolean, MessageStatus> {
    @Override
    public MessageStatus apply(String wireName, Boolean known) {
      return new MessageStatus(wireName, known);
    }
  }

  public static final MessageStatus EXPIRED = TABLE.known("Expired");
  public static final MessageStatus RETRIEVED = TABLE.known("Retrieved");
  public static final MessageStatus REJECTED = TABLE.known("Rejected");
  public static final MessageStatus INDETERMINATE = TABLE.known("Indeterminate");
  public static final MessageStatus FORWARDED = TABLE.known("Forwarded");
  public static final MessageStatus UNRECOGNISED = TABLE.known("Unrecognised");
  public static final MessageStatus DEFERRED = TABLE.known("Deferred");
  public static final MessageStatus DELIVERY_CONDITION_NOT_MET = TABLE.known("DeliveryConditionNotMet");
  public static final MessageStatus READ = TABLE.known("Read");
  public static final MessageStatus DELETED = TABLE.known("Deleted");

  private MessageStatus(String wireName, boolean known) {
    super(wireName, known);
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static MessageStatus of(String value) {
    return TABLE.of(value);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static MessageStatus fromWire(String value) {
    return TABLE.fromWire(value);
  }

  /** The values the schemas list, in their order. */
  public static List<MessageStatus> values() {
    return TABLE.values();
  }
}
