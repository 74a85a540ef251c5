package org.openmm7.client.message;

import java.util.Objects;

/**
 * The {@code Status} element of every response: a status code, its text, and optional details.
 * {@link #code()} is the StatusCode as a number ({@code status().code() == 1000});
 * {@link #mm7Status()} is the same code as an open value, to compare with the named constants
 * ({@code status().mm7Status() == Mm7Status.ADDRESS_ERROR}) or ask its class
 * ({@code status().mm7Status().isClientError()}).
 *
 * @param mm7Status the StatusCode as an open value (any code, listed or not)
 * @param text      the StatusText as sent (the code's standard text when none was given)
 * @param details   the text of the Details element; null when absent
 */
public record ResponseStatus(Mm7Status mm7Status, String text, String details) {
  public ResponseStatus {
    Objects.requireNonNull(mm7Status, "mm7Status");
    if (text == null) {
      text = mm7Status.defaultText();
    }
  }

  /** 1000 Success. */
  public static final ResponseStatus SUCCESS = of(Mm7Status.SUCCESS);

  /** The status with its standard text and no details. */
  public static ResponseStatus of(Mm7Status code) {
    return new ResponseStatus(code, code.defaultText(), null);
  }

  /** Any code, with a text. */
  public static ResponseStatus of(int code, String text) {
    return new ResponseStatus(Mm7Status.of(code), text, null);
  }

  /** The StatusCode as a number, e.g. {@code 1000}. */
  public int code() {
    return mm7Status.code();
  }

  /** Whether the code is a success (1xxx: 1000, or 1100 partial success). */
  public boolean isSuccess() {
    return mm7Status.isSuccess();
  }

  @Override
  public String toString() {
    return mm7Status.code() + " " + text + (details == null ? "" : " (" + details + ")");
  }
}
