package org.openmm7.client.message;

import java.util.Objects;

/**
 * The {@code Status} element of every response: a status code, its text, and optional details.
 *
 * @param code    the StatusCode
 * @param text    the StatusText as sent (defaults to the code's text)
 * @param details the text of the Details element, or {@code null}
 */
public record ResponseStatus(Mm7Status code, String text, String details) {
  public ResponseStatus {
    Objects.requireNonNull(code, "code");
    if (text == null) {
      text = code.defaultText();
    }
  }

  public static final ResponseStatus SUCCESS = of(Mm7Status.SUCCESS);

  public static ResponseStatus of(Mm7Status code) {
    return new ResponseStatus(code, code.defaultText(), null);
  }

  public static ResponseStatus of(int code, String text) {
    return new ResponseStatus(Mm7Status.of(code), text, null);
  }

  public boolean isSuccess() {
    return code.isSuccess();
  }

  @Override
  public String toString() {
    return code.code() + " " + text + (details == null ? "" : " (" + details + ")");
  }
}
