package org.openmm7.stub.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.soap.XmlText;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StubReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MM7 faults written outside the normal path: 3000 when something failed inside (even an
 * OutOfMemoryError), 4006 when a body could not be kept. Never Jetty's error page.
 */
public final class FaultWriter {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);
  private final Mm7Codec encoder;
  private final StubDecisions decisions;
  private final Recordings recordings;
  /** A fault 3000 encoded before any request: the answer when even encoding the fault fails. */
  private final FixedAnswer lastResortFault;
  /**
   * The last-resort faults encoded so far, by operation (RSErrorRsp, VASPErrorRsp): the same bytes
   * for every stub of the role, so encoded once per JVM rather than at every stub's build. Guarded
   * by itself.
   */
  private static final java.util.Map<Mm7Operation, FixedAnswer> LAST_RESORT = new java.util.EnumMap<>(Mm7Operation.class);

  public FaultWriter(Mm7Codec encoder, StubDecisions decisions, Recordings recordings) throws IOException {
    this.encoder = encoder;
    this.decisions = decisions;
    this.recordings = recordings;
    this.lastResortFault = lastResortFault(encoder, decisions.fault(Mm7Status.SERVER_ERROR, "Server error", null));
  }

  /** The last-resort fault for this fault's operation, encoded on its first use in the JVM. */
  static FixedAnswer lastResortFault(Mm7Codec encoder, ErrorResponse fault) throws IOException {
    synchronized (LAST_RESORT) {
      FixedAnswer answer = LAST_RESORT.get(fault.operation());
      if (answer == null) {
        answer = FixedAnswer.of(encoder, Mm7Envelope.of("", Mm7Release.latest(), fault));
        LAST_RESORT.put(fault.operation(), answer);
      }
      return answer;
    }
  }

  /** An answer encoded once; its bytes are never changed (stubs share them). */
  record FixedAnswer(String contentType, byte[] body) {
    static FixedAnswer of(Mm7Codec encoder, Mm7Envelope envelope) throws IOException {
      EncodedMessage enc = encoder.encode(envelope);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      enc.writeTo(out);
      return new FixedAnswer(enc.contentType(), out.toByteArray());
    }
  }

  /**
   * The answer of last resort, when something failed inside (the decoder, the dispatcher, the
   * store, the encoder, even an OutOfMemoryError): a fault 3000 in the request's release with its
   * TransactionID made writable, else the fault encoded at start; never Jetty's error page.
   */
  void lastResort(Request request, Response response, Callback callback, RecordedRequest r, Throwable t) {
    log.error("the MM7 stub failed on a request from {}{}; answering 3000", Request.getRemoteAddr(request),
        r == null ? "" : " (" + r + ")", t);
    if (response.isCommitted()) {
      callback.failed(t); // the answer has begun: nothing else can be said, the connection is closed
      return;
    }
    byte[] body;
    String contentType;
    try {
      ErrorResponse fault = decisions.fault(Mm7Status.SERVER_ERROR,
          "Server error: the stub could not handle the request", null);
      String tx = r == null || r.transactionId() == null ? "" : XmlText.writable(r.transactionId());
      EncodedMessage enc = encoder.encode(Mm7Envelope.of(tx, r == null ? Mm7Release.latest() : r.release(), fault));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      enc.writeTo(out);
      body = out.toByteArray();
      contentType = enc.contentType();
      if (r != null) {
        if (r.response() == null) {
          r.response(new RecordedRequest.SentResponse(500, fault, body, StubReply.relay()));
        }
        recordings.remember(r); // a request that failed inside is recorded all the same
      }
    } catch (Throwable again) {
      body = lastResortFault.body();
      contentType = lastResortFault.contentType();
    }
    try {
      response.reset();
      response.setStatus(500);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, ByteBuffer.wrap(body), callback);
    } catch (Throwable again) {
      callback.failed(t);
    }
  }

  /** 4006 in the namespace and with the TransactionID found at the start of the body (the latest release when none is). */
  void unavailable(String head, Response response, Callback callback) throws IOException {
    String tx = RequestRecorder.transactionIdIn(head);
    Mm7Release release = RequestRecorder.releaseIn(head);
    ErrorResponse fault = decisions.fault(Mm7Status.SERVICE_UNAVAILABLE,
        "Service unavailable: the request could not be kept; try again later", null);
    EncodedMessage enc = encoder.encode(Mm7Envelope.of(tx != null ? XmlText.writable(tx) : "",
        release == null ? Mm7Release.latest() : release, fault));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    enc.writeTo(out);
    response.setStatus(500);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, enc.contentType());
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
  }
}
