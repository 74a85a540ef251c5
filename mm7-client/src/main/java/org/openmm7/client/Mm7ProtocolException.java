package org.openmm7.client;

/**
 * What came back (or came in) could not be understood as MM7: not well-formed XML, not SOAP,
 * an HTML error page, a TransactionID that does not match. Carries a bounded excerpt of the
 * offending bytes where there were any.
 */
public class Mm7ProtocolException extends Mm7Exception {
  private static final long serialVersionUID = 1L;
  /** At most this many characters of the offending input are kept. */
  public static final int MAX_EXCERPT = 512;

  private final String excerpt;

  public Mm7ProtocolException(String message) {
    this(message, null, null);
  }

  public Mm7ProtocolException(String message, String excerpt, Throwable cause) {
    super(message, cause);
    this.excerpt = excerpt == null ? "" : bound(excerpt);
  }

  /** Up to {@link #MAX_EXCERPT} characters of what was received, or an empty string. */
  public String excerpt() {
    return excerpt;
  }

  private static String bound(String s) {
    return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT) + "...";
  }
}
