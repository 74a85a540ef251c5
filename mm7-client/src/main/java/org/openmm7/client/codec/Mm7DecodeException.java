package org.openmm7.client.codec;

import org.openmm7.client.Mm7ProtocolException;

/**
 * The decoder refused a message. {@link #reason()} is a stable kebab-case code (for example
 * {@code not-well-formed}, {@code pre-3gpp-dialect}, {@code size-limit-exceeded}) so that a
 * server can choose its answer and a test can assert on it; the message says what was wrong.
 */
public class Mm7DecodeException extends Mm7ProtocolException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public Mm7DecodeException(String reason, String message) {
    this(reason, message, null, null);
  }

  public Mm7DecodeException(String reason, String message, String excerpt, Throwable cause) {
    super(bound(message), excerpt, cause);
    this.reason = reason;
  }

  /** Messages quote what was wrong; a hostile value must not make them megabytes long. */
  private static String bound(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE) + " more characters)";
  }

  private static final int MAX_MESSAGE = 2000;

  public String reason() {
    return reason;
  }
}
