package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.FaultPolicy;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.Role;
import org.openmm7.stub.StoredMessage;
import org.openmm7.stub.internal.push.PushManager;
import org.openmm7.stub.internal.store.MessageStore;

/**
 * What the stub answers a recorded request when nothing is scripted: refusals (decode failures,
 * strict mode's violations, a VASPID that is not the account), then the relay's operations on the
 * store (submit, cancel, replace, extended cancel and replace, each on messages the VASP owns) or,
 * in the VASP role, {@link VaspSide}'s answers. The store's changes are durable before it returns.
 */
public final class StubDecisions {
  private final Role role;
  private final boolean strict;
  private final MessageStore store;
  private final PushManager pushes;
  /** Whether requests are authenticated (then a VASP acts only on its own messages). */
  private final boolean authenticating;
  /** The peer the stub plays: what it refuses besides. */
  private final PeerDialect dialect;

  public StubDecisions(Role role, boolean strict, MessageStore store, PushManager pushes, boolean authenticating,
      PeerDialect dialect) {
    this.dialect = dialect;
    this.role = role;
    this.strict = strict;
    this.store = store;
    this.pushes = pushes;
    this.authenticating = authenticating;
  }

  /** What the stub answers: the whole decision table, and the store's changes made durable first. */
  Mm7Response answer(RecordedRequest r, Mm7Status override) throws IOException {
    if (r.rejection() != null) {
      return fault(FaultPolicy.refusal(DecodeProblem.of(r.rejection()), r.rejectionMessage()));
    }
    if (strict) {
      for (Finding f : r.findings()) {
        if (f.problem().equals(DecodeProblem.VASPID_MISMATCH)) {
          // what HTTP authentication cannot express: the credentials are right, the claim in the body is not
          return fault(FaultPolicy.refusal(DecodeProblem.VASPID_MISMATCH, f.message()));
        }
      }
    }
    Optional<FaultPolicy.Refusal> refusal = Mm7StubServer.policy(strict).judge(r.findings());
    if (refusal.isPresent()) {
      return fault(refusal.get());
    }
    Mm7Message m = r.message();
    PeerDialect.Refusal refusedByDialect = role == Role.RELAY ? dialect.refusal(m, r.release()) : null;
    if (refusedByDialect != null) {
      return fault(refusedByDialect.status(), refusedByDialect.text(), null);
    }
    ResponseStatus ok = override == null ? ResponseStatus.SUCCESS : ResponseStatus.of(override);
    if (role == Role.VASP) {
      return VaspSide.vaspAnswer(r, ok, store);
    }
    if (m instanceof SubmitRequest s) {
      // room for its reports first: a submit whose reports would be dropped is not accepted
      try (PushManager.Room room = pushes.reserveRoom(r, s)) {
        if (room.refusal() != null) {
          return fault(Mm7Status.SERVICE_UNAVAILABLE, room.refusal(), null);
        }
        String id = store.newMessageId();
        store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(),
            r.receivedAt(), StoredMessage.State.ACCEPTED, 0), PushManager.senderOf(s), r);
        pushes.submitted(id, r, s, room);
        return SubmitResponse.builder().status(ok).messageId(id).build();
      }
    } else if (m instanceof CancelRequest c) {
      return cancel(r, c.messageId()) ? StatusResponse.cancel(ok) : notFound(c.messageId());
    } else if (m instanceof ExtendedCancelRequest c) {
      return cancel(r, c.cancelId()) ? StatusResponse.extendedCancel(ok) : notFound(c.cancelId());
    } else if (m instanceof ReplaceRequest c) {
      StoredMessage s = owned(r, c.messageId());
      if (s == null) {
        return notFound(c.messageId());
      }
      if (s.state() != StoredMessage.State.ACCEPTED) {
        return fault(Mm7Status.NOT_POSSIBLE, "Not possible: message " + s.messageId() + " is " + s.state(), null);
      }
      store.update(s.replaced(), r);
      return StatusResponse.replace(ok);
    } else if (m instanceof ExtendedReplaceRequest c) {
      StoredMessage s = owned(r, c.replaceId());
      if (s == null) {
        return notFound(c.replaceId());
      }
      if (s.state() != StoredMessage.State.ACCEPTED) {
        return fault(Mm7Status.NOT_POSSIBLE, "Not possible: message " + s.messageId() + " is " + s.state(), null);
      }
      String id = store.newMessageId();
      store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(), r.receivedAt(),
          StoredMessage.State.ACCEPTED, 0), null, r);
      store.update(s.withState(StoredMessage.State.SUPERSEDED), null);
      return ExtendedReplaceResponse.builder().status(ok).messageId(id).build();
    }
    String name = m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName();
    return fault(Mm7Status.UNSUPPORTED_OPERATION,
        "Unsupported operation: a relay does not accept " + name, null);
  }

  private boolean cancel(RecordedRequest r, String messageId) throws IOException {
    StoredMessage s = owned(r, messageId);
    if (s == null) {
      return false;
    }
    if (s.state() != StoredMessage.State.CANCELLED) {
      store.update(s.withState(StoredMessage.State.CANCELLED), null);
    }
    return true;
  }

  /** The stored message if it exists and belongs to the requesting VASP (when both are known). */
  private StoredMessage owned(RecordedRequest r, String messageId) {
    StoredMessage s = store.get(messageId == null ? null : messageId.trim());
    if (s == null) {
      return null;
    }
    if (authenticating && !Objects.equals(s.vaspId(), r.vaspId())) {
      return null;
    }
    return s;
  }

  private ErrorResponse notFound(String messageId) {
    return fault(Mm7Status.MESSAGE_ID_NOT_FOUND, "Message ID not found: " + messageId, null);
  }

  /** The role's error response for a refusal of the fault policy. */
  ErrorResponse fault(FaultPolicy.Refusal refusal) {
    ResponseStatus s = new ResponseStatus(refusal.status(), refusal.text(), refusal.details());
    Mm7Operation op = role == Role.VASP ? Mm7Operation.VASP_ERROR_RSP : Mm7Operation.RS_ERROR_RSP;
    return new ErrorResponse(op, s, refusal.faultCode(), null);
  }

  /** An RSErrorRsp, or a VASPErrorRsp when the stub plays the VASP. */
  ErrorResponse fault(Mm7Status status, String text, String details) {
    ResponseStatus s = new ResponseStatus(status, text, details);
    return role == Role.VASP ? ErrorResponse.fromVasp(s) : ErrorResponse.fromRelay(s);
  }
}
