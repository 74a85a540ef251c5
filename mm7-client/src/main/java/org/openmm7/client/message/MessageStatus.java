package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MMStatus of a delivery report or read reply. Open, like {@link Mm7Status}: the values the
 * schemas list are constants, and {@link #of(String)} accepts any other value a peer sends (a
 * newer release's, a vendor's), so that a message carrying one is read rather than refused. Compare
 * with {@code equals}; {@link #isKnown()} tells a listed value from another.
 */
public final class MessageStatus {
  private static final Map<String, MessageStatus> KNOWN = new ConcurrentHashMap<>();
  private static final List<MessageStatus> VALUES = new ArrayList<>();

  public static final MessageStatus EXPIRED = known("Expired");
  public static final MessageStatus RETRIEVED = known("Retrieved");
  public static final MessageStatus REJECTED = known("Rejected");
  public static final MessageStatus INDETERMINATE = known("Indeterminate");
  public static final MessageStatus FORWARDED = known("Forwarded");
  public static final MessageStatus UNRECOGNISED = known("Unrecognised");
  public static final MessageStatus DEFERRED = known("Deferred");
  public static final MessageStatus DELIVERY_CONDITION_NOT_MET = known("DeliveryConditionNotMet");
  public static final MessageStatus READ = known("Read");
  public static final MessageStatus DELETED = known("Deleted");

  private final String wireName;
  private final boolean known;

  private MessageStatus(String wireName, boolean known) {
    this.wireName = wireName;
    this.known = known;
  }

  private static MessageStatus known(String wireName) {
    MessageStatus v = new MessageStatus(wireName, true);
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
  public static MessageStatus of(String value) {
    String v = Objects.requireNonNull(value, "value").trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("an empty MMStatus");
    }
    MessageStatus k = KNOWN.get(v.toLowerCase(Locale.ROOT));
    return k != null ? k : new MessageStatus(v, false);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static MessageStatus fromWire(String value) {
    return KNOWN.get(value.trim().toLowerCase(Locale.ROOT));
  }

  /** The values the schemas list, in their order. */
  public static List<MessageStatus> values() {
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
    return o instanceof MessageStatus other && other.wireName.equals(wireName);
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
