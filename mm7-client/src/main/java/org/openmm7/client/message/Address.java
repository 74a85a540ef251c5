package org.openmm7.client.message;

import java.util.Objects;

/**
 * An MM7 address: a phone number, an RFC 2822 (e-mail) address or a short code, with the
 * optional attributes later releases define.
 */
public sealed interface Address permits Address.PhoneNumber, Address.EmailAddress, Address.ShortCode {

  /** The address itself, e.g. {@code +447700900123}. */
  String value();

  /** {@code displayOnly="true"}: shown to the recipient, not delivered to. */
  boolean displayOnly();

  /** How the value is coded, or {@code null} for plain text. */
  AddressCoding coding();

  /** The {@code id} attribute, or {@code null}. */
  String id();

  /** The same address with {@code displayOnly} set. */
  Address withDisplayOnly(boolean displayOnly);

  /** The same address with an address coding. */
  Address withCoding(AddressCoding coding);

  /** The same address with an {@code id} attribute. */
  Address withId(String id);

  static PhoneNumber number(String value) {
    return new PhoneNumber(value, false, null, null);
  }

  static EmailAddress email(String value) {
    return new EmailAddress(value, false, null, null);
  }

  static ShortCode shortCode(String value) {
    return new ShortCode(value, false, null, null);
  }

  /**
   * The {@code addressCoding} attribute. Open, like {@link Mm7Status}: {@code encrypted} and
   * {@code obfuscated} are constants, and {@link #of(String)} accepts any other value a peer sends.
   */
  final class AddressCoding extends OpenValue {
    private static final Table<AddressCoding> TABLE = new Table<>("addressCoding", AddressCoding::new);

    public static final AddressCoding ENCRYPTED = TABLE.known("encrypted");
    public static final AddressCoding OBFUSCATED = TABLE.known("obfuscated");

    private AddressCoding(String wireName, boolean known) {
      super(wireName, known);
    }

    /**
     * The value for a wire value: a constant when the schemas list it (case-insensitively), else an
     * open value spelled as given.
     *
     * @throws IllegalArgumentException if the value is empty or blank
     */
    public static AddressCoding of(String value) {
      return TABLE.of(value);
    }

    /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
    public static AddressCoding fromWire(String value) {
      return TABLE.fromWire(value);
    }

    /** The values the schemas list. */
    public static java.util.List<AddressCoding> values() {
      return TABLE.values();
    }
  }

  /** {@code <Number>}: an MSISDN, international form preferred. */
  record PhoneNumber(String value, boolean displayOnly, AddressCoding coding, String id) implements Address {
    public PhoneNumber {
      requireValue(value);
    }

    @Override
    public PhoneNumber withDisplayOnly(boolean displayOnly) {
      return new PhoneNumber(value, displayOnly, coding, id);
    }

    @Override
    public PhoneNumber withCoding(AddressCoding coding) {
      return new PhoneNumber(value, displayOnly, coding, id);
    }

    @Override
    public PhoneNumber withId(String id) {
      return new PhoneNumber(value, displayOnly, coding, id);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** {@code <RFC2822Address>}. */
  record EmailAddress(String value, boolean displayOnly, AddressCoding coding, String id) implements Address {
    public EmailAddress {
      requireValue(value);
    }

    @Override
    public EmailAddress withDisplayOnly(boolean displayOnly) {
      return new EmailAddress(value, displayOnly, coding, id);
    }

    @Override
    public EmailAddress withCoding(AddressCoding coding) {
      return new EmailAddress(value, displayOnly, coding, id);
    }

    @Override
    public EmailAddress withId(String id) {
      return new EmailAddress(value, displayOnly, coding, id);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** {@code <ShortCode>}: an operator short number. */
  record ShortCode(String value, boolean displayOnly, AddressCoding coding, String id) implements Address {
    public ShortCode {
      requireValue(value);
    }

    @Override
    public ShortCode withDisplayOnly(boolean displayOnly) {
      return new ShortCode(value, displayOnly, coding, id);
    }

    @Override
    public ShortCode withCoding(AddressCoding coding) {
      return new ShortCode(value, displayOnly, coding, id);
    }

    @Override
    public ShortCode withId(String id) {
      return new ShortCode(value, displayOnly, coding, id);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  private static void requireValue(String value) {
    Objects.requireNonNull(value, "address value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an address must not be blank");
    }
  }
}
