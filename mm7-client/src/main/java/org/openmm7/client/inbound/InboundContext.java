package org.openmm7.client.inbound;

import java.util.List;
import java.util.Objects;
import org.openmm7.client.codec.Finding;
import org.openmm7.schema.Mm7Release;

/**
 * What the endpoint knows about a pushed request besides its body.
 *
 * @param transactionId the TransactionID (empty when the relay sent none)
 * @param release       the release the request was written in; the answer uses the same
 * @param mm7Version    the MM7Version the request carried (may be empty)
 * @param namespace     the namespace as written
 * @param remoteAddress the relay's IP address as the server saw it
 * @param findings      the deviations from the specification the decoder tolerated
 */
public record InboundContext(String transactionId, Mm7Release release, String mm7Version, String namespace,
    String remoteAddress, List<Finding> findings) {
  public InboundContext {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(release, "release");
    mm7Version = mm7Version == null ? "" : mm7Version;
    namespace = namespace == null ? "" : namespace;
    findings = findings == null ? List.of() : List.copyOf(findings);
  }
}
