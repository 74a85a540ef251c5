package org.openmm7.client.inbound;

import org.openmm7.client.internal.SafeText;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.FaultPolicy;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.auth.HttpAuthenticator;
import org.openmm7.client.internal.dedup.MessageFingerprint;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.schema.Mm7Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VASP's MM7 endpoint as a Jakarta Servlet (6.0): receives DeliverReq, DeliveryReportReq and
 * ReadReplyReq pushed by the relay, hands them to an {@link Mm7InboundHandler} and answers in the
 * request's own namespace. Register it in any Servlet 6 container (programmatically, since it is
 * built with a builder, and with async support on, so that bodies are read without a waiting
 * thread), or let {@link Mm7InboundServer} run it on an embedded Jetty.
 *
 * <ul>
 *   <li>Checks the relay's credentials when configured (HTTP Basic, Digest or a Bearer token)
 *       from the headers, before the body is read: a request without them or with wrong ones gets
 *       a bare HTTP 401 with a {@code WWW-Authenticate} challenge and a one-line text body, as
 *       relays answer (a body of more than 64 KiB is left unread and the connection closed); two
 *       {@code Authorization} headers get 400.</li>
 *   <li>De-duplicates within a window (default 30 minutes, at most 50,000 remembered answers): a
 *       retry, the same operation and TransactionID with the same content (compared decoded, so
 *       that a retry written with another MIME boundary is still one), gets the first answer, byte
 *       for byte, and the handler runs once, also when the retry arrives while the first call is
 *       still running. Another request that reuses a TransactionID (a relay sending one
 *       DeliveryReportReq per recipient, or Forwarded then Delivered, all under the MessageID) is
 *       handed to the handler as the new request it is, with the finding
 *       {@link #REUSED_TRANSACTION_ID} in its context. Where in doubt, a second hand-over of the
 *       same report beats a lost one: a retry that differs in any field (a relay that writes a new
 *       Date into each attempt) reaches the handler again, so a handler should take a report it
 *       already has without harm.</li>
 *   <li>Answers what it cannot take with a SOAP Fault carrying a VASPErrorRsp, HTTP 500, never a
 *       stack trace. A message it cannot decode gets the status of its reason in the table of
 *       {@link org.openmm7.client.codec.DecodeProblem}, the one the stub uses too
 *       ({@link org.openmm7.client.codec.FaultPolicy}): 2007 for a corrupt message, 4004 for a
 *       validation error (and a mustUnderstand header it does not know, with faultcode
 *       env:MustUnderstand), 4002 for an unknown namespace, SOAP 1.2 or a pre-3GPP dialect, 2004 for
 *       a message over the size limit or with too many parts; 4003 for an operation a VASP does not
 *       receive or the handler does not implement; 3000 when the handler fails unexpectedly.
 *       Findings are not refused: a value of an enumerated element that no release lists (a newer
 *       MMStatus) is handed over as an open value.</li>
 *   <li>Bounded: where the container supports asynchronous servlets, the body is read as it
 *       arrives ({@code ReadListener}), so a slow relay holds a connection, not a thread; it must
 *       arrive within {@link Builder#bodyTimeout} and at {@link Builder#minRequestDataRate} (else
 *       408); a Content-Length over the limit is answered 2004 before the body is read; a transfer
 *       coding other than chunked is 501.</li>
 * </ul>
 */
public class Mm7InboundServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Mm7InboundServlet.class);
  /**
   * The finding a handler sees in {@link InboundContext#findings()} when another request (other
   * content) came with the same operation and TransactionID within the de-duplication window:
   * informational, the request is handled as new (relays send one DeliveryReportReq per recipient,
   * or Forwarded then Delivered, under the message's ID).
   */
  public static final String REUSED_TRANSACTION_ID = DecodeProblem.REUSED_TRANSACTION_ID.code();
  private static final int SNIFF_BYTES = 16 * 1024;
  private static final Pattern NAMESPACE = Pattern.compile(
      Pattern.quote(Mm7Release.NAMESPACE_PREFIX) + "([A-Za-z0-9-]+)");
  private static final Pattern TRANSACTION_ID = Pattern.compile(
      "<(?:[\\w.-]+:)?TransactionID\\b[^>]*>\\s*([^<]{1,256}?)\\s*</", Pattern.CASE_INSENSITIVE);

  private final transient Mm7InboundHandler handler;
  private final transient Mm7Codec codec;
  private final transient HttpAuthenticator authenticator;
  private final transient Deduplicator deduplicator;
  private final transient Mm7Release defaultRelease;
  /** What is refused of a decoded push: only a namespace no release has, unless accepted. */
  private final FaultPolicy policy;
  private final transient Object idle = new Object();
  private int inFlight; // guarded by idle

  /** An endpoint with the default settings: no credentials check, a 30-minute de-duplication window. */
  public Mm7InboundServlet(Mm7InboundHandler handler) {
    this(builder(handler));
  }

  private Mm7InboundServlet(Builder b) {
    this.handler = b.handler;
    this.codec = b.codec;
    this.authenticator = new HttpAuthenticator(b.realm, accountOf(b.credentials));
    this.deduplicator = new Deduplicator(b.deduplicationWindow, b.deduplicationMaxEntries, b.clock, b.onWait);
    this.defaultRelease = b.defaultRelease;
    this.policy = b.acceptUnknownNamespaces ? FaultPolicy.lenient()
        : FaultPolicy.lenient().refusing(DecodeProblem.UNKNOWN_NAMESPACE);
    this.minRequestDataRate = b.minRequestDataRate;
    this.bodyTimeout = b.bodyTimeout;
    this.lastResortFault = faultReply(defaultRelease, "", ErrorResponse.fromVasp(
        new ResponseStatus(Mm7Status.SERVER_ERROR, "Server Error", null)), null);
  }

  private final transient Duration bodyTimeout;
  /** A fault 3000 encoded at start: the answer when even encoding a fault fails. */
  private final transient Deduplicator.Reply lastResortFault;

  private final long minRequestDataRate;

  /** The one account the relay logs in with, with the schemes its credentials allow. */
  private static List<HttpAuthenticator.Account> accountOf(Credentials c) {
    return c.isNone() ? List.of() : List.of(HttpAuthenticator.Account.of(c));
  }

  public static Builder builder(Mm7InboundHandler handler) {
    return new Builder(handler);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Allow", "POST");
    resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "MM7 endpoint: POST SOAP requests here");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    synchronized (idle) {
      inFlight++;
    }
    boolean async = false;
    try {
      async = start(req, resp);
    } catch (RuntimeException | Error e) {
      lastResort(req, resp, e);
    } finally {
      if (!async) {
        done();
      }
    }
  }

  private void done() {
    synchronized (idle) {
      if (--inFlight == 0) {
        idle.notifyAll();
      }
    }
  }

  /**
   * Answers what can be answered from the head at once; else reads the body as it arrives when
   * the container allows it (true: the answer comes later), or blocking (other containers).
   */
  private boolean start(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String coding = unappliedCoding(req);
    if (coding != null) {
      // RFC 9112 6.1: a transfer coding the server does not apply is 501 (Jetty only undoes chunked)
      LOG.info("MM7 push from {} refused: Transfer-Encoding {}", req.getRemoteAddr(), coding);
      resp.setHeader("Connection", "close");
      write(req, resp, plain(HttpServletResponse.SC_NOT_IMPLEMENTED, "the transfer coding '" + coding
          + "' is not supported (only chunked)"));
      return false;
    }
    if (authenticator.enabled()) {
      Deduplicator.Reply refused = checkCredentials(req, resp);
      if (refused != null) {
        long declared = req.getContentLengthLong();
        if (declared > 0 && declared <= SMALL_BODY && req.isAsyncSupported() && !expectsContinue(req)) {
          // decided from the head; the small body is let through and dropped, without a thread
          // waiting for it, so that the connection can carry the client's next attempt
          new AsyncRead(req, resp, refused).start();
          return true;
        }
        if (declared != 0) {
          resp.setHeader("Connection", "close"); // the body is not read
        }
        write(req, resp, refused);
        return false;
      }
    }
    if (req.getContentLengthLong() > codec.maxMessageSize()) {
      // declared over the limit: refused at once, before a byte of the body is read
      LOG.info("MM7 push from {} refused: Content-Length {} over the limit of {} bytes", req.getRemoteAddr(),
          req.getContentLengthLong(), codec.maxMessageSize());
      resp.setHeader("Connection", "close");
      write(req, resp, fault(new byte[0], Mm7Status.MULTIMEDIA_CONTENT_REFUSED, "Multimedia content refused",
          "size-limit-exceeded: the message is larger than the limit of " + codec.maxMessageSize() + " bytes", null));
      return false;
    }
    if (req.isAsyncSupported()) {
      new AsyncRead(req, resp).start();
      return true;
    }
    java.io.InputStream body = minRequestDataRate > 0
        ? new org.openmm7.client.internal.transport.MinimumRateInput(req.getInputStream(), minRequestDataRate,
            req.getContentLengthLong())
        : req.getInputStream();
    serve(req, resp, new Capture(body, SNIFF_BYTES));
    return false;
  }

  /** The first transfer coding other than chunked, or null. */
  private static String unappliedCoding(HttpServletRequest req) {
    java.util.Enumeration<String> values = req.getHeaders("Transfer-Encoding");
    while (values != null && values.hasMoreElements()) {
      for (String coding : values.nextElement().split(",")) {
        if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("chunked")) {
          return coding.trim();
        }
      }
    }
    return null;
  }

  private static Deduplicator.Reply plain(int status, String text) {
    return new Deduplicator.Reply(status, "text/plain;charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A push's body read as it arrives: the container calls when bytes are there, and no thread
   * waits for them; the call that brings the last byte decodes, runs the handler and answers. The
   * body must arrive within the body timeout and at the minimum rate (else 408), and stop at the
   * size limit (else 2004 at once).
   */
  private final class AsyncRead implements jakarta.servlet.ReadListener, jakarta.servlet.AsyncListener {
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final jakarta.servlet.AsyncContext async;
    private final ArrivingBody body = new ArrivingBody(ArrivingBody.BUDGET);
    private final org.openmm7.client.internal.transport.MinimumRateInput.Meter meter = minRequestDataRate > 0
        ? new org.openmm7.client.internal.transport.MinimumRateInput.Meter(minRequestDataRate) : null;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private final byte[] buffer = new byte[16 * 1024];
    /** For a request refused from its head: the answer, given once its small body has arrived; else null. */
    private final Deduplicator.Reply refusal;
    private long dropped;
    private jakarta.servlet.ServletInputStream in;

    AsyncRead(HttpServletRequest req, HttpServletResponse resp) {
      this(req, resp, null);
    }

    AsyncRead(HttpServletRequest req, HttpServletResponse resp, Deduplicator.Reply refusal) {
      this.req = req;
      this.resp = resp;
      this.refusal = refusal;
      this.async = req.startAsync(req, resp);
    }

    void start() throws IOException {
      async.setTimeout(bodyTimeout.toMillis());
      async.addListener(this);
      in = req.getInputStream();
      in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
      try {
        while (in.isReady() && !ended.get()) {
          int n = in.read(buffer);
          if (n < 0) {
            return; // onAllDataRead follows
          }
          if (meter != null) {
            long declared = req.getContentLengthLong();
            meter.received(n, (declared >= 0 && body.size() + dropped + n >= declared) || in.isFinished());
          }
          if (body.size() + n > codec.maxMessageSize()) {
            body.append(buffer, 0, (int) Math.min(n, Math.max(0, SNIFF_BYTES - body.size()))); // for the sniffing
            byte[] head = sniffable();
            end(fault(head, Mm7Status.MULTIMEDIA_CONTENT_REFUSED, "Multimedia content refused",
                "size-limit-exceeded: the message is larger than the limit of " + codec.maxMessageSize() + " bytes",
                null), true);
            return;
          }
          if (refusal != null) {
            // dropped as it arrives: the body of a refused request is neither kept nor decoded
            dropped += n;
            if (dropped > SMALL_BODY) {
              end(refusal, true);
              return;
            }
            continue;
          }
          body.append(buffer, 0, n);
        }
      } catch (org.openmm7.client.internal.transport.MinimumRateInput.TooSlowException e) {
        LOG.info("MM7 push from {} cut off: {}", req.getRemoteAddr(), e.getMessage());
        end(plain(HttpServletResponse.SC_REQUEST_TIMEOUT, e.getMessage()), true);
      }
    }

    /** The start of what arrived, for the namespace and TransactionID of a fault. */
    private byte[] sniffable() {
      try (InputStream all = body.open()) {
        return all.readNBytes(SNIFF_BYTES);
      } catch (IOException e) {
        return new byte[0];
      }
    }

    @Override
    public void onAllDataRead() {
      if (refusal != null) {
        end(refusal, false); // the whole body arrived and was dropped: the connection can carry the next attempt
        return;
      }
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      try {
        serve(req, resp, new Capture(body.open(), SNIFF_BYTES));
      } catch (IOException | RuntimeException | Error e) {
        lastResort(req, resp, e);
      } finally {
        body.discard();
        async.complete();
        done();
      }
    }

    @Override
    public void onError(Throwable t) {
      // the client went away, or broke the framing: not MM7 at all
      LOG.debug("reading an MM7 push from {} failed: {}", req.getRemoteAddr(), t.toString());
      end(plain(HttpServletResponse.SC_BAD_REQUEST, "the request body could not be read to its end"), true);
    }

    @Override
    public void onTimeout(jakarta.servlet.AsyncEvent event) {
      LOG.info("MM7 push from {} cut off: not all there after {} ms ({} bytes arrived)", req.getRemoteAddr(),
          bodyTimeout.toMillis(), body.size());
      end(plain(HttpServletResponse.SC_REQUEST_TIMEOUT, "the request body was not all there after the deadline ("
          + body.size() + " bytes arrived)"), true);
    }

    /** Answers before the body's end (once), closing the connection. */
    private void end(Deduplicator.Reply reply, boolean close) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      try {
        if (close) {
          resp.setHeader("Connection", "close");
        }
        // a refused request is answered its refusal, however its body ended (too slow, cut short)
        write(req, resp, refusal != null ? refusal : reply);
      } catch (RuntimeException | Error e) {
        lastResort(req, resp, e);
      } finally {
        body.discard();
        async.complete();
        done();
      }
    }

    @Override
    public void onComplete(jakarta.servlet.AsyncEvent event) {
      // answered
    }

    @Override
    public void onError(jakarta.servlet.AsyncEvent event) {
      onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(jakarta.servlet.AsyncEvent event) {
      // not restarted
    }
  }

  /** How many requests are being served, bodies arriving included (for tests). */
  int inFlight() {
    synchronized (idle) {
      return inFlight;
    }
  }

  /** Waits until no request is being served, at most {@code millis}; false on timeout. */
  boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (idle) {
      while (inFlight > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return false;
        }
        idle.wait(left);
      }
      return true;
    }
  }

  /** Decodes, runs the handler, answers; whatever fails inside is answered with a fault 3000. */
  private void serve(HttpServletRequest req, HttpServletResponse resp, Capture in) {
    Deduplicator.Reply reply;
    try {
      reply = handle(req, in);
    } catch (RuntimeException | Error e) {
      LOG.error("the MM7 endpoint failed on a push from {}; answered 3000", req.getRemoteAddr(), e);
      reply = serverError(in.head());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = fault(in.head(), Mm7Status.SERVICE_UNAVAILABLE, "Service unavailable", "the endpoint is stopping", null);
    }
    write(req, resp, reply);
  }

  /** A fault 3000 for what the head tells; the one encoded at start if even that fails. */
  private Deduplicator.Reply serverError(byte[] head) {
    try {
      return fault(head, Mm7Status.SERVER_ERROR, "Server Error", "the VASP could not process the request", null);
    } catch (RuntimeException | Error e) {
      return lastResortFault;
    }
  }

  /** The answer of last resort, when something failed outside the handling of the body. */
  private void lastResort(HttpServletRequest req, HttpServletResponse resp, Throwable t) {
    LOG.error("the MM7 endpoint failed on a push from {}; answered 3000", req.getRemoteAddr(), t);
    if (!resp.isCommitted()) {
      resp.reset();
      write(req, resp, serverError(new byte[0]));
    }
  }

  private static void write(HttpServletRequest req, HttpServletResponse resp, Deduplicator.Reply reply) {
    resp.setStatus(reply.status());
    resp.setContentType(reply.contentType());
    resp.setContentLength(reply.body().length);
    try (OutputStream out = resp.getOutputStream()) {
      out.write(reply.body());
    } catch (IOException | RuntimeException e) {
      LOG.debug("the answer to {} could not be sent: {}", req.getRemoteAddr(), e.toString());
    }
  }

  private Deduplicator.Reply handle(HttpServletRequest req, Capture in) throws InterruptedException {
    DecodedMessage decoded;
    try {
      decoded = codec.decode(req.getContentType(), in);
      List<String> types = java.util.Collections.list(req.getHeaders("Content-Type"));
      if (types.stream().map(String::trim).distinct().count() > 1) {
        decoded.close(); // read to its end first, so that the fault can be in the request's namespace
        throw new Mm7DecodeException(DecodeProblem.AMBIGUOUS_CONTENT_TYPE,
            "the request has Content-Type headers that disagree: " + types);
      }
    } catch (Mm7DecodeException e) {
      LOG.info("MM7 push from {} refused ({}): {}", req.getRemoteAddr(), e.reason(), SafeText.escape(e.getMessage()));
      return decodeFault(in.head(), e);
    } catch (org.openmm7.client.internal.transport.MinimumRateInput.TooSlowException e) {
      LOG.info("MM7 push from {} cut off: {}", req.getRemoteAddr(), e.getMessage());
      return new Deduplicator.Reply(HttpServletResponse.SC_REQUEST_TIMEOUT, "text/plain;charset=utf-8",
          (e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      // broken framing (a bad chunk, a body shorter than its Content-Length): not MM7 at all
      LOG.debug("reading an MM7 push from {} failed: {}", req.getRemoteAddr(), e.toString());
      return new Deduplicator.Reply(HttpServletResponse.SC_BAD_REQUEST, "text/plain;charset=utf-8",
          "the request body could not be read to its end\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try (decoded) {
      Mm7Envelope envelope = decoded.envelope();
      String txId = envelope.transactionId() == null ? "" : envelope.transactionId();
      Mm7Release release = envelope.release();
      Optional<FaultPolicy.Refusal> refusal = policy.judge(decoded.findings());
      if (refusal.isPresent()) {
        FaultPolicy.Refusal r = refusal.get();
        return faultReply(release, txId, new ErrorResponse(Mm7Operation.VASP_ERROR_RSP,
            new ResponseStatus(r.status(), r.text(), r.details()), r.faultCode(), null), null);
      }
      Mm7Message message = envelope.message();
      Mm7Operation op = message.operation();
      if (!(message instanceof DeliverRequest || message instanceof DeliveryReportRequest
          || message instanceof ReadReplyRequest)) {
        return fault(release, txId, Mm7Status.UNSUPPORTED_OPERATION, "Unsupported operation",
            op.elementName() + " is not an operation a relay sends to a VASP", null);
      }
      String transaction = txId.isEmpty() ? null : op.elementName() + " " + txId;
      String fingerprint = transaction == null ? null
          : MessageFingerprint.of(release.releaseName(), envelope.mm7Version(), message);
      Deduplicator.Result result = deduplicator.run(transaction, fingerprint, reused -> {
        List<Finding> findings = decoded.findings();
        if (reused) {
          LOG.info("{} TransactionID {} from {} reuses the TransactionID of another request (other content):"
              + " handled as a new request", op.elementName(), SafeText.escape(txId), req.getRemoteAddr());
          findings = new ArrayList<>(findings);
          findings.add(new Finding(DecodeProblem.REUSED_TRANSACTION_ID, "SOAP Header/TransactionID", "TransactionID " + txId
              + " came with another " + op.elementName() + " a moment ago; this one differs, so it is a new"
              + " request, not a retry"));
        }
        return call(message, new InboundContext(txId, release, envelope.mm7Version(), decoded.namespace(),
            req.getRemoteAddr(), findings));
      });
      if (result.duplicate()) {
        LOG.info("{} TransactionID {} from {} is a retry (same content): answered as before, handler not called",
            op.elementName(), SafeText.escape(txId), req.getRemoteAddr());
      }
      return result.reply();
    }
  }

  /** Calls the handler and encodes its answer. */
  private Deduplicator.Outcome call(Mm7Message message, InboundContext context) {
    Mm7Response response;
    try {
      if (message instanceof DeliverRequest r) {
        response = handler.deliver(r, context);
      } else if (message instanceof DeliveryReportRequest r) {
        response = handler.deliveryReport(r, context);
      } else {
        response = handler.readReply((ReadReplyRequest) message, context);
      }
      if (response == null) {
        throw new IllegalStateException("the handler returned null for " + message.operation().elementName());
      }
      if (response.operation() != message.operation().response()) {
        throw new IllegalStateException("the handler answered " + message.operation().elementName() + " with "
            + response.operation().elementName());
      }
    } catch (Mm7StatusException e) {
      // not remembered: the relay retries a refused push precisely so that the VASP may take it
      // later (4006, 3001, ...), so a retry goes to the handler again
      ResponseStatus s = e.status();
      return new Deduplicator.Outcome(fault(context.release(), context.transactionId(), s.mm7Status(), s.text(),
          s.details(), context.mm7Version()), false);
    } catch (RuntimeException e) {
      LOG.error("the MM7 handler failed on {} TransactionID {}; answered 3000", message.operation().elementName(),
          SafeText.escape(context.transactionId()), e);
      return new Deduplicator.Outcome(fault(context.release(), context.transactionId(), Mm7Status.SERVER_ERROR,
          "Server Error", "the VASP could not process the request", null), false);
    }
    try {
      return new Deduplicator.Outcome(encode(context.release(), context.transactionId(), context.mm7Version(),
          response, HttpServletResponse.SC_OK), true);
    } catch (Mm7EncodeException e) {
      LOG.error("the MM7 handler's {} cannot be written in {}: {}; answered 3000",
          response.operation().elementName(), context.release().releaseName(), e.getMessage());
      return new Deduplicator.Outcome(fault(context.release(), context.transactionId(), Mm7Status.SERVER_ERROR,
          "Server Error", "the VASP could not write its answer", null), false);
    }
  }

  // ---- faults ----

  /** The refusal of a push that could not be decoded: the status of the table of {@link DecodeProblem}. */
  private Deduplicator.Reply decodeFault(byte[] head, Mm7DecodeException e) {
    FaultPolicy.Refusal r = FaultPolicy.refusal(e);
    return fault(head, r.status(), r.text(), r.details(), r.faultCode());
  }

  /** A fault for a request that could not be decoded: namespace and TransactionID sniffed from its start. */
  private Deduplicator.Reply fault(byte[] head, Mm7Status code, String text, String details, String faultCode) {
    String s = new String(head, StandardCharsets.ISO_8859_1);
    Mm7Release release = defaultRelease;
    Matcher ns = NAMESPACE.matcher(s);
    while (ns.find()) {
      Optional<Mm7Release> r = Mm7Release.fromName(ns.group(1));
      if (r.isPresent()) {
        release = r.get();
        break;
      }
    }
    Matcher tx = TRANSACTION_ID.matcher(s);
    String txId = tx.find() ? tx.group(1) : "";
    if (txId.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      txId = "";
    }
    return faultReply(release, txId, new ErrorResponse(Mm7Operation.VASP_ERROR_RSP,
        new ResponseStatus(code, text, details), faultCode, null), null);
  }

  private Deduplicator.Reply fault(Mm7Release release, String txId, Mm7Status code, String text, String details,
      String mm7Version) {
    return faultReply(release, txId, ErrorResponse.fromVasp(new ResponseStatus(code, text, details)), mm7Version);
  }

  private Deduplicator.Reply faultReply(Mm7Release release, String txId, ErrorResponse error, String mm7Version) {
    try {
      return encode(release, txId, mm7Version, error, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    } catch (Mm7EncodeException e) {
      // a details text the release cannot carry, say: answer without it rather than not at all
      try {
        ErrorResponse plain = new ErrorResponse(error.operation(), ResponseStatus.of(error.status().mm7Status()),
            error.faultCode(), null);
        return encode(release, txId, null, plain, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      } catch (Mm7EncodeException again) {
        throw new IllegalStateException("cannot write a VASPErrorRsp in " + release.releaseName(), again);
      }
    }
  }

  /** Encodes an answer, in the request's MM7Version when the release accepts it, else the release's default. */
  private Deduplicator.Reply encode(Mm7Release release, String txId, String mm7Version, Mm7Response response,
      int httpStatus) throws Mm7EncodeException {
    EncodedMessage encoded;
    String version = mm7Version == null || mm7Version.isBlank() ? null : mm7Version.strip();
    try {
      encoded = codec.encode(new Mm7Envelope(txId, release, version, response));
    } catch (Mm7EncodeException e) {
      if (version == null) {
        throw e;
      }
      encoded = codec.encode(new Mm7Envelope(txId, release, null, response));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      encoded.writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return new Deduplicator.Reply(httpStatus, encoded.contentType(), out.toByteArray());
  }

  // ---- credentials ----

  /**
   * Checks the credentials from the request's headers alone. Null when they are valid; else the
   * answer, with its headers set on {@code resp}: a bare 401 with the challenges (400 for two
   * Authorization headers).
   */
  private Deduplicator.Reply checkCredentials(HttpServletRequest req, HttpServletResponse resp) {
    String target = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    HttpAuthenticator.Outcome outcome = authenticator.check(req.getMethod(), target,
        Collections.list(req.getHeaders("Authorization")));
    if (outcome instanceof HttpAuthenticator.Authenticated) {
      return null;
    }
    if (outcome instanceof HttpAuthenticator.Refused refused) {
      LOG.warn("MM7 push from {} refused with 401: {}", req.getRemoteAddr(), refused.reason());
      for (String challenge : authenticator.challenges(refused.stale())) {
        resp.addHeader("WWW-Authenticate", challenge);
      }
      return plain(HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong credentials");
    }
    String reason = ((HttpAuthenticator.Malformed) outcome).reason();
    LOG.warn("MM7 push from {} refused with 400: {}", req.getRemoteAddr(), reason);
    return plain(HttpServletResponse.SC_BAD_REQUEST, reason);
  }

  /**
   * A refused request's body up to this size is let through (and dropped) so that the connection
   * stays open for the next attempt; a larger one, or one of unknown length, is not read and the
   * connection is closed after the answer.
   */
  private static final int SMALL_BODY = 64 * 1024;

  private static boolean expectsContinue(HttpServletRequest req) {
    String expect = req.getHeader("Expect");
    return expect != null && expect.equalsIgnoreCase("100-continue");
  }

  /** Keeps the first bytes read, to sniff the namespace and TransactionID of what could not be decoded. */
  private static final class Capture extends FilterInputStream {
    private final byte[] head;
    private int length;

    Capture(InputStream in, int max) {
      super(in);
      this.head = new byte[max];
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && length < head.length) {
        head[length++] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && length < head.length) {
        int keep = Math.min(n, head.length - length);
        System.arraycopy(b, off, head, length, keep);
        length += keep;
      }
      return n;
    }

    /** Reads (at most) the sniffing prefix of a request that will not be decoded (blocking). */
    void readPrefix() {
      byte[] buf = new byte[4096];
      try {
        while (length < head.length && read(buf, 0, Math.min(buf.length, head.length - length)) >= 0) {
          // keep reading
        }
      } catch (IOException e) {
        // sniff what there is
      }
    }

    byte[] head() {
      return java.util.Arrays.copyOf(head, length);
    }
  }

  /** Configures an {@link Mm7InboundServlet}. */
  public static final class Builder {
    /** The default limit of a push, 5 MiB, as the stub's: far above any MMS a relay delivers. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 5L * 1024 * 1024;
    private final Mm7InboundHandler handler;
    private Mm7Codec codec = Mm7Codec.builder().maxMessageSize(DEFAULT_MAX_MESSAGE_SIZE).build();
    private Credentials credentials = Credentials.none();
    private Duration deduplicationWindow = Duration.ofMinutes(30);
    private int deduplicationMaxEntries = 50_000;
    private Clock clock = Clock.systemUTC();
    private Runnable onWait = () -> { };
    private Mm7Release defaultRelease = Mm7Release.latest();
    private boolean acceptUnknownNamespaces;
    private String realm = HttpAuthenticator.DEFAULT_REALM;
    private long minRequestDataRate = 1024;
    private Duration bodyTimeout = Duration.ofSeconds(60);

    private Builder(Mm7InboundHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The codec, with its size limits (default {@link Mm7Codec#lenient()} with a
     * {@link Mm7Codec.Builder#maxMessageSize} of {@link #DEFAULT_MAX_MESSAGE_SIZE}): a push over the
     * limit gets 2004, at once when its Content-Length says so.
     */
    public Builder codec(Mm7Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * What the relay must send: {@link Credentials#basic}, {@link Credentials#digest} (RFC 7616:
     * SHA-256 or MD5, qop=auth, nonces that expire after 5 minutes) or {@link Credentials#bearer}
     * (default {@link Credentials#none()}: no check, e.g. behind an IP allow-list). A request
     * without them, or with wrong ones, gets a bare HTTP 401 with a {@code WWW-Authenticate}
     * challenge of that scheme, before its body is read.
     */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The slowest a push's body may arrive, in bytes per second over the whole body after its
     * first second (default 1024; 0 for no minimum): a sender dripping it just inside the idle
     * timeout is answered 408 instead of holding a thread for hours. Timed from the body's first
     * bytes read, and the read that completes the body is never refused: an endpoint that comes
     * late to read (busy) does not refuse a push that is all there, which the relay would send again.
     */
    public Builder minRequestDataRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("minRequestDataRate " + bytesPerSecond);
      }
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    /**
     * The longest a push's body may take to arrive after its head (default 60 s): then 408. In a
     * container that supports asynchronous servlets (such as {@link Mm7InboundServer}), a body
     * arriving holds no thread, only its connection and what it has sent.
     */
    public Builder bodyTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("bodyTimeout " + timeout);
      }
      this.bodyTimeout = timeout;
      return this;
    }

    /** The realm named in WWW-Authenticate (default "MM7"). */
    public Builder realm(String realm) {
      this.realm = Objects.requireNonNull(realm, "realm").replace("\"", "").replace("\\", "");
      return this;
    }

    /**
     * How long an answer is remembered for retries (default 30 minutes; {@link Duration#ZERO}
     * turns de-duplication off).
     */
    public Builder deduplicationWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative()) {
        throw new IllegalArgumentException("the window must not be negative");
      }
      this.deduplicationWindow = window;
      return this;
    }

    /** The most answers remembered at once (default 50,000); the oldest go first. */
    public Builder deduplicationMaxEntries(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max must not be negative");
      }
      this.deduplicationMaxEntries = max;
      return this;
    }

    /** The release faults are written in when the request's cannot be told (default the latest). */
    public Builder defaultRelease(Mm7Release release) {
      this.defaultRelease = Objects.requireNonNull(release, "release");
      return this;
    }

    /**
     * Whether to accept a request in a 3GPP-style namespace no release has (e.g. REL-6-MM7-6-7),
     * read as the nearest release and answered in that release's namespace (default false: 4002).
     */
    public Builder acceptUnknownNamespaces(boolean accept) {
      this.acceptUnknownNamespaces = accept;
      return this;
    }

    /** For tests of the de-duplication window. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: runs when a retry starts waiting for the answer of a call still running. */
    Builder onRetryWaiting(Runnable hook) {
      this.onWait = Objects.requireNonNull(hook, "hook");
      return this;
    }

    public Mm7InboundServlet build() {
      return new Mm7InboundServlet(this);
    }
  }
}
