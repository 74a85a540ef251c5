package org.openmm7.client.codec;

import java.util.Objects;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.schema.Mm7Release;

/**
 * One MM7 message with what the SOAP envelope adds to it: the TransactionID header, the release
 * (namespace) and the MM7Version.
 *
 * @param transactionId the TransactionID header value
 * @param release       the release whose namespace the message is written in
 * @param mm7Version    the MM7Version element value
 * @param message       the operation
 */
public record Mm7Envelope(String transactionId, Mm7Release release, String mm7Version, Mm7Message message) {
  public Mm7Envelope {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(message, "message");
    if (mm7Version == null) {
      mm7Version = release.defaultVersion();
    }
  }

  /** An envelope with the release's default MM7Version. */
  public static Mm7Envelope of(String transactionId, Mm7Release release, Mm7Message message) {
    return new Mm7Envelope(transactionId, release, null, message);
  }
}
