package org.openmm7.client.internal.transport;

import java.util.function.Supplier;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.VaspRequest;
import org.openmm7.schema.Mm7Release;

/**
 * Writes a request as the client sends it: its TransactionID (given or generated), the VASP's
 * identification filled in where the request has none, encoded in the configured release and
 * MM7Version, refused when the release has no such operation.
 */
public final class RequestWriter {
  private final Mm7Codec codec;
  private final Mm7Release release;
  private final String mm7Version;
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final Supplier<String> transactionIds;

  public RequestWriter(Mm7Codec codec, Mm7Release release, String mm7Version, String vaspId, String vasId,
      Address senderAddress, Supplier<String> transactionIds) {
    this.codec = codec;
    this.release = release;
    this.mm7Version = mm7Version;
    this.vaspId = vaspId;
    this.vasId = vasId;
    this.senderAddress = senderAddress;
    this.transactionIds = transactionIds;
  }

  /** The TransactionID a request goes with: the given one, else a new one from the generator. */
  public String transactionId(String given) {
    String txId = given != null ? given : transactionIds.get();
    if (txId == null || txId.isBlank()) {
      throw new IllegalArgumentException("a TransactionID must not be blank");
    }
    return txId;
  }

  /** The request encoded with this TransactionID. */
  public EncodedMessage encode(Mm7Request request, String txId) throws Mm7EncodeException {
    String element = request.operation().elementName();
    if (!release.hasOperation(element)) {
      throw new Mm7EncodeException(element + " does not exist in " + release.releaseName());
    }
    return codec.encode(new Mm7Envelope(txId, release, mm7Version, fill(request)));
  }

  /** Fills VASPID, VASID and the sender from the configuration where the request has none. */
  public Mm7Request fill(Mm7Request r) {
    if (r instanceof VaspRequest v
        && (needs(v.vaspId(), vaspId) || needs(v.vasId(), vasId) || needs(v.senderAddress(), senderAddress))) {
      return v.withSenderIdentification(v.vaspId() != null ? v.vaspId() : vaspId,
          v.vasId() != null ? v.vasId() : vasId, v.senderAddress() != null ? v.senderAddress() : senderAddress);
    }
    return r;
  }

  private static boolean needs(Object value, Object configured) {
    return value == null && configured != null;
  }
}
