package org.openmm7.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitResponse;

/**
 * What {@link Mm7Client#submitEach} did with one message: one SubmitReq per group of recipients
 * the relay's profile allows (one group when it takes them all), each with its own answer, and the
 * optional elements the profile stripped because the relay does not take them. No MessageID is
 * lost: every accepted part keeps its own.
 */
public final class SubmitResult {

  /**
   * One SubmitReq that was sent.
   *
   * @param recipients    the recipients it carried
   * @param transactionId its TransactionID
   * @param response      the relay's answer, or null when it failed
   * @param failure       why it failed (an MM7 status, a protocol or transport failure), or null
   */
  public record Part(Recipients recipients, String transactionId, SubmitResponse response, Mm7Exception failure) {
    public Part {
      Objects.requireNonNull(recipients, "recipients");
      Objects.requireNonNull(transactionId, "transactionId");
      if ((response == null) == (failure == null)) {
        throw new IllegalArgumentException("a part has either a response or a failure");
      }
    }

    public boolean isAccepted() {
      return response != null;
    }
  }

  private final List<Part> parts;
  private final List<String> stripped;

  SubmitResult(List<Part> parts, List<String> stripped) {
    this.parts = List.copyOf(parts);
    this.stripped = List.copyOf(stripped);
  }

  /** The SubmitReqs sent, in order. */
  public List<Part> parts() {
    return parts;
  }

  /** The MessageIDs of the accepted parts, in order. */
  public List<String> messageIds() {
    List<String> out = new ArrayList<>();
    for (Part p : parts) {
      if (p.isAccepted()) {
        out.add(p.response().messageId());
      }
    }
    return out;
  }

  /** Whether every part was accepted. */
  public boolean isAccepted() {
    return parts.stream().allMatch(Part::isAccepted);
  }

  /** The failures of the parts that were not accepted. */
  public List<Mm7Exception> failures() {
    List<Mm7Exception> out = new ArrayList<>();
    for (Part p : parts) {
      if (!p.isAccepted()) {
        out.add(p.failure());
      }
    }
    return out;
  }

  /** The SubmitReq elements removed because the relay's profile says it does not take them. */
  public List<String> stripped() {
    return stripped;
  }

  @Override
  public String toString() {
    return "SubmitResult{parts=" + parts.size() + ", messageIds=" + messageIds() + ", failures=" + failures().size()
        + (stripped.isEmpty() ? "" : ", stripped=" + stripped) + "}";
  }
}
