package org.openmm7.stub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.DeliveryReportResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReadReplyResponse;
import org.openmm7.client.message.ResponseStatus;

/**
 * The stub as the VASP: what it answers to the relay's pushes, and its memory of the pushes it
 * answered 1000, so that a relay's retry (the same operation and TransactionID from the same
 * peer) gets the same answer and is not handled twice. The memory keeps the last 10 000.
 */
final class VaspSide {
  private static final int MAX = 10_000;

  /** A push answered 1000: the sequence number of its recording and the answer. */
  record Answered(long sequence, Mm7Response response) {}

  private final Map<String, Answered> answered = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
      return size() > MAX;
    }
  };

  /** The de-duplication key of a request, or null when it has none (unreadable, no TransactionID). */
  static String key(RecordedRequest r) {
    if (!(r.message() instanceof Mm7Request) || r.transactionId() == null || r.transactionId().isBlank()) {
      return null;
    }
    return r.vaspId() + "\u0000" + r.namespace() + "\u0000" + r.message().operation().elementName() + "\u0000" + r.transactionId().trim();
  }

  synchronized Answered get(String key) {
    return answered.get(key);
  }

  /** Remembers the answer to a request if it was a 1000 (anything else is handled afresh on a retry). */
  synchronized void answered(String key, RecordedRequest r) {
    RecordedRequest.SentResponse sent = r.response();
    if (sent == null || sent.httpStatus() != 200 || sent.message() == null || sent.message() instanceof ErrorResponse
        || sent.message().status().code().code() != Mm7Status.SUCCESS.code()) {
      return;
    }
    answered.putIfAbsent(key, new Answered(r.sequence(), sent.message()));
  }

  synchronized void clear() {
    answered.clear();
  }

  /** A VASP's answer to a request that passed the common checks; accepted pushes are stored first. */
  static Mm7Response vaspAnswer(RecordedRequest r, ResponseStatus ok, MessageStore store,
      Supplier<ObjectNode> summary)
      throws IOException {
    Mm7Message m = r.message();
    Mm7Response answer;
    if (m instanceof DeliverRequest) {
      answer = DeliverResponse.builder().status(ok).build();
    } else if (m instanceof DeliveryReportRequest) {
      answer = DeliveryReportResponse.builder().status(ok).build();
    } else if (m instanceof ReadReplyRequest) {
      answer = ReadReplyResponse.builder().status(ok).build();
    } else {
      String name = m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName();
      return ErrorResponse.fromVasp(new ResponseStatus(Mm7Status.UNSUPPORTED_OPERATION,
          "Unsupported operation: a VASP does not accept " + name, null));
    }
    String id = store.newMessageId();
    store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(), r.receivedAt(),
        StoredMessage.State.ACCEPTED, 0), r, summary);
    return answer;
  }
}
