package org.openmm7.client.message;

import java.util.List;

/** Who pays for a submitted message (ChargedParty). Open: see {@link OpenValue}. */
public final class ChargedParty extends OpenValue {
  private static final Table<ChargedParty> TABLE = new Table<>("ChargedParty", ChargedParty::new);

  public static final ChargedParty SENDER = TABLE.known("Sender");
  public static final ChargedParty RECIPIENT = TABLE.known("Recipient");
  public static final ChargedParty BOTH = TABLE.known("Both");
  public static final ChargedParty NEITHER = TABLE.known("Neither");
  public static final ChargedParty THIRD_PARTY = TABLE.known("ThirdParty");

  private ChargedParty(String wireName, boolean known) {
    super(wireName, known);
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static ChargedParty of(String value) {
    return TABLE.of(value);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static ChargedParty fromWire(String value) {
    return TABLE.fromWire(value);
  }

  /** The values the schemas list, in their order. */
  public static List<ChargedParty> values() {
    return TABLE.values();
  }
}
