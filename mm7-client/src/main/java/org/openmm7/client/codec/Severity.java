package org.openmm7.client.codec;

/**
 * How bad a {@link DecodeProblem} is, judged against the specifications (TS 23.140 and its
 * schemas, SOAP 1.1, RFC 2045/2046/2387, HTTP), not against what this library happens to write.
 * A strict peer ({@link FaultPolicy#strict()}) refuses {@link #VIOLATION}s only.
 */
public enum Severity {
  /** Breaks a MUST (or a schema) of a specification; a strict receiver may refuse the message for it. */
  VIOLATION,
  /**
   * Departs from what the specification's senders do (a SHOULD, an example, an unlisted value), in a
   * way a reader understands without guessing; tolerated even in strict mode.
   */
  DEVIATION,
  /** Legal: worth knowing when comparing peers (a default taken, a form some readers get wrong). */
  INFORMATIONAL,
  /**
   * Beyond what this reader accepts, whatever the specification says: one of its bounds (size,
   * nesting, count) or something it does not implement (a mandatory header it does not know).
   * Only a refusal has this severity.
   */
  UNSUPPORTED;

  /** The lower-case name used in JSON and documentation: {@code violation}, {@code deviation}, ... */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
