package org.openmm7.client.codec;

import java.util.Objects;

/**
 * A deviation from TS 23.140 (or from the MIME/SOAP rules it builds on) that the decoder
 * tolerated. A conformance tool shows these; a strict peer rejects a message that has any.
 *
 * @param code    a stable kebab-case name of the deviation class, e.g. {@code missing-start-parameter};
 *                the corpus file showing it carries the same name
 * @param where   where it was seen, e.g. {@code HTTP Content-Type} or {@code SubmitReq/Sender}
 * @param message a human-readable explanation
 */
public record Finding(String code, String where, String message) {
  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return code + " at " + where + ": " + message;
  }
}
