package org.openmm7.stub.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.SafeText;
import org.openmm7.client.internal.auth.HttpAuthenticator;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.soap.XmlText;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.Role;
import org.openmm7.stub.StubReply;
import org.openmm7.stub.internal.push.PushManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MM7 endpoint: one exchange from its head to the answer. The method, path and transfer coding
 * are checked and the credentials ({@link Authenticator}) from the head alone; the body is read as
 * it arrives ({@link BodyArrival}) with no thread waiting for it; the thread that brings its last
 * piece records it ({@link RequestRecorder}), finds the reply (a retry's first answer in the VASP
 * role, the script, else {@link StubDecisions}) and writes it. Whatever fails inside, the answer is
 * MM7 (a fault 3000, {@link FaultWriter}) or a bare 4xx/5xx, never Jetty's error page.
 */
public final class Mm7Exchange extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);
  /** How much of an over-size body is read and dropped after answering 2004. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private final Mm7StubServer.Builder options;
  private final Authenticator authenticator;
  private final MemoryBudget recordingBudget;
  private final Path spool;
  private final RequestRecorder recorder;
  private final Recordings recordings;
  private final ReplyScript script;
  private final StubDecisions decisions;
  private final FaultWriter faults;
  private final VaspSide dedup;
  private final PushManager pushes;
  private final Mm7Codec encoder;
  private final Consumer<String> stageHook;
  private final AtomicInteger activeBodies;
  /** The peer the stub plays: what it refuses before the body, how its answers are written. */
  private final PeerDialect dialect;

  public Mm7Exchange(Mm7StubServer.Builder options, Authenticator authenticator, MemoryBudget recordingBudget, Path spool,
      RequestRecorder recorder, Recordings recordings, ReplyScript script, StubDecisions decisions,
      FaultWriter faults, VaspSide dedup, PushManager pushes, Mm7Codec encoder, Consumer<String> stageHook,
      AtomicInteger activeBodies, PeerDialect dialect) {
    this.dialect = dialect;
    this.options = options;
    this.authenticator = authenticator;
    this.recordingBudget = recordingBudget;
    this.spool = spool;
    this.recorder = recorder;
    this.recordings = recordings;
    this.script = script;
    this.decisions = decisions;
    this.faults = faults;
    this.dedup = dedup;
    this.pushes = pushes;
    this.encoder = encoder;
    this.stageHook = stageHook;
    this.activeBodies = activeBodies;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      String path = Request.getPathInContext(request);
      if (!path.equals(options.path())) {
        PlainAnswer.write(response, callback, 404, "no MM7 endpoint here; POST to " + options.path() + "\n");
        return true;
      }
      if (!"POST".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        PlainAnswer.write(response, callback, 405, "MM7 requests are POSTed\n");
        return true;
      }
      String coding = unappliedCoding(request);
      if (coding != null) {
        // RFC 9112 6.1: a transfer coding the server does not apply is 501; Jetty only undoes chunked
        log.info("request from {} refused: Transfer-Encoding {}", Request.getRemoteAddr(request), coding);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        PlainAnswer.write(response, callback, 501, "the transfer coding '" + coding + "' is not supported (only chunked)\n");
        return true;
      }
      String dialectRefusal = dialect.refusalBeforeBody(request);
      if (dialectRefusal != null) {
        // RFC 9110 15.5.12: 411 Length Required, for a relay that takes no chunked bodies
        log.info("request from {} refused with 411: {}", Request.getRemoteAddr(request), dialectRefusal.strip());
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        PlainAnswer.write(response, afterEarlyAnswer(request, callback, false), 411, dialectRefusal);
        return true;
      }
      if (authenticator.enabled()) {
        // from the headers alone, before a byte of the body is read: a stranger's request is
        // neither decoded nor recorded, so it cannot push real ones out of the recordings
        HttpAuthenticator.Outcome outcome = authenticator.check(request);
        if (!(outcome instanceof HttpAuthenticator.Authenticated ok)) {
          if (outcome instanceof HttpAuthenticator.Refused && dialect.refusesCredentialsWith4001()) {
            improperIdentification(response, Authenticator.afterRefusal(request, response, callback));
          } else {
            authenticator.refuse(request, response, callback, outcome);
          }
          return true;
        }
        request.setAttribute(RequestRecorder.AUTHENTICATED_VASP, ok.user());
      }
      long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (declared > options.maxMessageSize()) {
        // refused at once from its Content-Length: no byte of the body is read before the answer
        if (dialect.oversizeAs413()) {
          tooLarge413(response, afterEarlyAnswer(request, callback, false));
          return true;
        }
        arrived(request, response, callback, BodyBuffer.empty(), true, false);
        return true;
      }
      activeBodies.incrementAndGet();
      new BodyArrival(request, options.maxMessageSize(), declared, recordingBudget, spool, options.minRequestDataRate(),
          new Arrived(request, response, callback)).start(options.bodyTimeout());
    } catch (Throwable t) {
      faults.lastResort(request, response, callback, null, t);
    }
    return true;
  }

  /**
   * What follows a body's arrival: a class rather than a lambda, so that no call site is linked
   * and no class spun at the first request (a test suite's first stub pays each, ~0.5 ms).
   */
  private final class Arrived implements BodyArrival.Listener {
    private final Request request;
    private final Response response;
    private final Callback callback;

    Arrived(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    @Override
    public void ended(BodyArrival arrival, BodyArrival.End end) {
      activeBodies.decrementAndGet();
      arrived(request, response, callback, arrival, end);
    }
  }

  /**
   * The answer of a relay that refuses credentials with an MM7 fault 4001 rather than a 401: from
   * the head alone, like the 401 (the body is not read, so the TransactionID is unknown and the
   * fault carries none), in the profile's release, with its fault HTTP status.
   */
  private void improperIdentification(Response response, Callback callback) throws IOException {
    ErrorResponse fault = (ErrorResponse) dialect.shape(decisions.fault(Mm7Status.IMPROPER_IDENTIFICATION,
        "Improper identification: missing or wrong credentials", null));
    Mm7Release release = dialect.profile().release();
    EncodedMessage enc = encoder.encode(new Mm7Envelope("", release, dialect.answerVersion(release), fault));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    enc.writeTo(out);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.setStatus(dialect.faultHttpStatus());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, enc.contentType());
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
  }

  /** A bare 413 (RFC 9110 15.5.14), as a relay that refuses an over-size body at the HTTP level answers. */
  private void tooLarge413(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    PlainAnswer.write(response, callback, 413, "the message is larger than the limit of " + options.maxMessageSize()
        + " bytes\n");
  }

  /**
   * The callback for an answer given before the body was read to its end: once the answer is
   * written, a bounded rest is read and dropped, without holding a thread. A client still sending
   * would otherwise meet a connection reset, which can destroy the answer before it reads it (RFC
   * 9112 9.6: close in stages). A client waiting for "100 Continue" that was never told to send
   * sends nothing.
   */
  private static Callback afterEarlyAnswer(Request request, Callback callback, boolean bodyFlowing) {
    if (!bodyFlowing && request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
      return callback;
    }
    return Callback.from(() -> BodyArrival.drain(request, DRAIN_LIMIT, callback), callback::failed);
  }

  /** The first transfer coding other than chunked, or null (Jetty reads "gzip, chunked" as chunked alone). */
  private static String unappliedCoding(Request request) {
    if (!request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      return null; // the usual request, with a Content-Length: no list of codings made
    }
    for (String coding : request.getHeaders().getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
      if (!coding.trim().equalsIgnoreCase("chunked")) {
        return coding.trim();
      }
    }
    return null;
  }

  private void arrived(Request request, Response response, Callback callback, BodyArrival arrival,
      BodyArrival.End end) {
    try {
      if (end == BodyArrival.End.TOO_LARGE && dialect.oversizeAs413()) {
        arrival.body().discard();
        tooLarge413(response, afterEarlyAnswer(request, callback, true));
        return;
      }
      switch (end) {
        case COMPLETE, TOO_LARGE -> arrived(request, response, callback, arrival.body(), end == BodyArrival.End.TOO_LARGE,
            true);
        case SPOOL_FAILED -> {
          // the server's disk, not the client: an MM7 fault it may retry, never a 400 blaming its body
          log.warn("request from {} not recorded: {}", Request.getRemoteAddr(request), arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          faults.unavailable(arrival.spoolHead(), response, afterEarlyAnswer(request, callback, true));
        }
        case TOO_SLOW, TIMED_OUT -> {
          log.info("request from {} cut off: {}", Request.getRemoteAddr(request), arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          PlainAnswer.write(response, callback, 408, arrival.problem() + "\n");
        }
        default -> {
          // the client went away, or sent less than it declared
          log.debug("request body unreadable: {}", arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          PlainAnswer.write(response, callback, 400, "the request body could not be read to its end (broken chunked framing"
              + " or a body shorter than its Content-Length)\n");
        }
      }
    } catch (Throwable t) {
      faults.lastResort(request, response, callback, null, t);
    }
  }

  /** @param tooLarge whether the body was refused before its end (declared or found over the limit) */
  /**
   * @param bodyFlowing whether reading the body had begun (a client that asked for "100 Continue"
   *                    has then been told to send it all)
   */
  private void arrived(Request request, Response response, Callback callback, BodyBuffer body, boolean tooLarge,
      boolean bodyFlowing) {
    RecordedRequest r = null;
    VaspSide.Key key = null;
    boolean first = false; // whether this request is the one the same requests in progress wait for
    try {
      r = recorder.record(request, body, tooLarge);
      if (options.role() == Role.RELAY && r.message() instanceof Mm7Request) {
        pushes.requestFrom(r.vaspId(), r.release()); // DeliverReqs to this VASP go in the release it speaks
      }
      StubReply reply = null;
      key = options.role() == Role.VASP ? VaspSide.key(r) : null;
      CompletableFuture<VaspSide.Answered> same = key == null ? null : dedup.begin(key);
      first = key != null && same == null;
      VaspSide.Answered before = same == null ? null : dedup.await(same, () -> stageHook.accept("dedup-wait"));
      if (before != null) {
        r.duplicateOf(before.sequence());
        reply = StubReply.message(before.response());
      }
      String claimed = RequestRecorder.vaspIdOf(r.message());
      if (r.authenticated() && claimed != null && !claimed.trim().equals(r.vaspId())) {
        r.addFinding(new Finding(DecodeProblem.VASPID_MISMATCH, "SenderIdentification/VASPID", "VASPID "
            + SafeText.escape(claimed.trim()) + " is not the account the request authenticated as ("
            + r.vaspId() + ")"));
      }
      if (before == null && key != null && dedup.seen(key)) {
        r.addFinding(new Finding(DecodeProblem.REUSED_TRANSACTION_ID, "SOAP Header/TransactionID", "TransactionID "
            + r.transactionId() + " came with another " + r.operation().elementName() + " before; this one"
            + " differs, so it is handled as a new request, not as a retry"));
      }
      if (reply == null) {
        reply = script.queued();
      }
      if (reply == null) {
        try {
          reply = script.dispatch(r);
        } catch (RuntimeException e) {
          log.warn("the dispatcher failed on {}; answering 3000", r, e);
          reply = StubReply.message(decisions.fault(Mm7Status.SERVER_ERROR, "Server error: the stub's dispatcher failed: " + e,
              null));
        }
        if (reply == null) {
          reply = StubReply.relay();
        }
      }
      Callback done = callback;
      if (tooLarge) {
        // the client may still be sending: the answer goes first, then a bounded rest is read and
        // dropped (a client that waits for "100 Continue" sends nothing more)
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        done = afterEarlyAnswer(request, callback, bodyFlowing);
      }
      send(r, reply, request, response, done, before == null ? key : null, before);
    } catch (Throwable t) {
      if (r == null) {
        body.discard();
      }
      faults.lastResort(request, response, callback, r, t);
    } finally {
      if (first) {
        dedup.finish(key);
      }
    }
  }

  /**
   * @param dedupKey the retry key to remember this answer under (VASP role, first time), or null
   * @param same     the answer given to the same request before, sent again byte for byte, or null
   */
  private void send(RecordedRequest r, StubReply reply, Request request, Response response, Callback callback,
      VaspSide.Key dedupKey, VaspSide.Answered same) throws Exception {
    int httpStatus;
    Mm7Response message = null;
    byte[] body;
    String contentType = null;
    switch (reply.kind()) {
      case RELAY:
      case MESSAGE: {
        if (same != null) {
          message = same.response();
          body = same.body();
          contentType = same.contentType();
          httpStatus = 200;
          break;
        }
        if (reply.kind() == StubReply.Kind.MESSAGE) {
          message = reply.message();
        } else if (reply.status() != null && reply.status().code() >= 2000) {
          // a scripted error: the role's error response, whatever the request held
          message = decisions.fault(reply.status(), ResponseStatus.of(reply.status()).text(), null);
        } else {
          try {
            message = decisions.answer(r, reply.status());
          } catch (IOException e) {
            // never 1000 without the message stored (and its reports journalled), never a framework
            // page: an MM7 fault; a retry may store it twice, which beats losing it
            log.warn("{} not stored, answered 4006: {}", r, e.getMessage());
            message = decisions.fault(Mm7Status.SERVICE_UNAVAILABLE,
                "Service unavailable: the message could not be stored; try again later", null);
            dedupKey = null; // a retry must be tried again, not given this answer
          }
        }
        stageHook.accept("encode");
        message = dialect.shape(message);
        Mm7Release answerRelease = dialect.answerRelease(r.release());
        // a TransactionID sniffed from an unreadable body may hold what XML cannot carry (NUL, ...)
        EncodedMessage enc = encoder.encode(new Mm7Envelope(r.transactionId() == null ? ""
            : XmlText.writable(r.transactionId()), answerRelease, dialect.answerVersion(answerRelease), message));
        body = enc.toByteArray();
        contentType = enc.contentType();
        httpStatus = reply.httpStatus() != 0 ? reply.httpStatus()
            : message instanceof ErrorResponse ? dialect.faultHttpStatus() : 200;
        break;
      }
      case EMPTY:
        httpStatus = reply.httpStatus();
        body = new byte[0];
        break;
      case RAW:
        httpStatus = reply.httpStatus();
        body = reply.body();
        contentType = reply.contentType();
        break;
      case CONNECTION_RESET:
      default:
        httpStatus = 0;
        body = new byte[0];
        break;
    }
    r.response(new RecordedRequest.SentResponse(httpStatus, message, body, reply));
    if (dedupKey != null) {
      // before the answer goes out: a retry sent as soon as the first answer arrives must find it
      dedup.answered(dedupKey, r, contentType);
    }
    recordings.remember(r);
    log.debug("{}", r);
    if (!reply.delay().isZero()) {
      Thread.sleep(reply.delay().toMillis());
    }
    if (reply.kind() == StubReply.Kind.CONNECTION_RESET) {
      // close the socket under the exchange: the client sees the connection end without an answer
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.succeeded();
      return;
    }
    response.setStatus(httpStatus);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
