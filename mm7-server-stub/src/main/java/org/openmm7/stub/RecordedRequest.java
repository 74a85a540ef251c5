package org.openmm7.stub;

import org.openmm7.client.internal.SafeText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.internal.http.BodyBuffer;
import org.openmm7.stub.internal.http.RequestHead;

/**
 * One request the stub received: the raw bytes, the decoded message (when it could be read), what
 * was wrong with it, who sent it and what was answered.
 *
 * <p>The body is kept byte for byte: in memory while the stub's memory budget has room for it
 * (every stub in a JVM shares an eighth of the heap, at most 256 MiB, unless built with {@link
 * Mm7StubServer.Builder#recordingMemory}), in a temporary file beyond (deleted when the
 * recording is forgotten, by {@link Mm7StubServer#reset()} and {@link Mm7StubServer#close()}). In the head,
 * {@code Authorization} credentials are redacted.
 */
public final class RecordedRequest {
  private final long sequence;
  private final Instant receivedAt;
  private final String method;
  private final String path;
  /** Read from the head when first asked for (most requests never are): see {@link RequestHead}. */
  private volatile Map<String, List<String>> headers;
  private final String head;
  private final BodyBuffer body;
  private final String vaspId;
  private final boolean authenticated;
  private final Mm7Message message;
  private final String transactionId;
  private final String namespace;
  private final Mm7Release release;
  private volatile List<Finding> findings;
  private final String rejection;
  private final String rejectionMessage;
  private volatile SentResponse response;

  /** Not API: public for the stub's internal packages only. */
  public RecordedRequest(long sequence, Instant receivedAt, String method, String path, Map<String, List<String>> headers,
      String head, BodyBuffer body, String vaspId, boolean authenticated, Mm7Message message,
      String transactionId, String namespace, Mm7Release release, List<Finding> findings, String rejection,
      String rejectionMessage) {
    this.sequence = sequence;
    this.receivedAt = receivedAt;
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.head = head;
    this.body = body;
    this.vaspId = vaspId;
    this.authenticated = authenticated;
    this.message = message;
    this.transactionId = transactionId;
    this.namespace = namespace;
    this.release = release;
    this.findings = List.copyOf(findings);
    this.rejection = rejection;
    this.rejectionMessage = rejectionMessage;
  }

  /** 1 for the first request since start or reset, counting on. */
  public long sequence() {
    return sequence;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The HTTP headers, names in lower case ({@code authorization} redacted). */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> h = headers;
    if (h == null) {
      h = RequestHead.headers(head); // a race reads it twice, alike; the map is immutable
      headers = h;
    }
    return h;
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> v = headers().get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The VASP: the Basic user name when accounts are configured, else SenderIdentification's VASPID, or null. */
  public String vaspId() {
    return vaspId;
  }

  /** True when the request carried valid credentials of a configured account. */
  public boolean authenticated() {
    return authenticated;
  }

  /**
   * The decoded message, or null when it could not be read (see {@link #rejection()}). Its content
   * parts are read from the recorded body itself (slices of it, not copies), so they can be read
   * while the recording is kept.
   */
  public Mm7Message message() {
    return message;
  }

  /** The operation, or null when the message could not be read. */
  public Mm7Operation operation() {
    return message == null ? null : message.operation();
  }

  /** The TransactionID (as far as it could be found even in an unreadable message), or null. */
  public String transactionId() {
    return transactionId;
  }

  /** The MM7 namespace as written, or null. */
  public String namespace() {
    return namespace;
  }

  /** The release the answer was written in: the request's, or the nearest known one. */
  public Mm7Release release() {
    return release;
  }

  /**
   * What the lenient decoder noticed (deviations it read past), and what the stub noticed about the
   * exchange (such as {@code reused-transaction-id}); empty for a clean message.
   */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * Adds a finding of the stub's own, before the request is answered and published.
   * Not API: public for the stub's internal packages only.
   */
  public void addFinding(Finding f) {
    List<Finding> all = new java.util.ArrayList<>(findings);
    all.add(f);
    findings = List.copyOf(all);
  }

  /**
   * The decoder's reason for refusing the message as a value of the table (its severity, rule and
   * the status the stub answered with), or null when it was read.
   */
  public org.openmm7.client.codec.DecodeProblem rejectionProblem() {
    return rejection == null ? null : org.openmm7.client.codec.DecodeProblem.of(rejection);
  }

  /** The decoder's reason for refusing the message ({@code not-well-formed}, ...), or null when it was read. */
  public String rejection() {
    return rejection;
  }

  /** The decoder's explanation of {@link #rejection()}, or null. */
  public String rejectionMessage() {
    return rejectionMessage;
  }

  /** Finding codes, and the rejection reason if any: what the conformance summary counts. */
  public List<String> problemCodes() {
    List<String> codes = new java.util.ArrayList<>();
    findings.forEach(f -> codes.add(f.code()));
    if (rejection != null) {
      codes.add(rejection);
    }
    return codes;
  }

  /** The body's size in bytes. */
  public long bodySize() {
    return body.size();
  }

  /** What the body holds of the stub's memory budget (0 when it is in a file). */
  long bodyHeld() {
    return body.heldBytes();
  }

  /** The body exactly as received. */
  public byte[] body() {
    try {
      return body.bytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as a stream (for big bodies kept in a file). */
  public InputStream openBody() throws IOException {
    return body.open();
  }

  /** The request line and headers as received (credentials redacted), ending with the blank line. */
  public String head() {
    return head;
  }

  /** Head and body: the request as a {@code .http} capture that {@code mm7 inspect} reads. */
  public byte[] rawBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeRawTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@link #rawBytes()} to a stream without holding a big body in memory. */
  public void writeRawTo(OutputStream out) throws IOException {
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    body.writeTo(out);
  }

  /** Decodes the recorded bytes again (with every content part readable); close the result. */
  public DecodedMessage decode() throws IOException {
    return Mm7Codec.lenient().decode(header("content-type").orElse(null), body.open());
  }

  /** What the stub answered, or null while the request is being dispatched. */
  public SentResponse response() {
    return response;
  }

  private volatile boolean restored;

  /**
   * True for a request read back from the store directory at start (received by an earlier run):
   * shown in the inbox, not among {@link Mm7StubServer#requests()}.
   */
  public boolean restored() {
    return restored;
  }

  /** Not API: public for the stub's internal packages only. */
  public void markRestored() {
    restored = true;
  }

  /** Not API: public for the stub's internal packages only. */
  public void response(SentResponse response) {
    this.response = response;
  }

  /**
   * The stub no longer keeps this request: its share of the memory budget is given back, and the
   * body stays readable (its memory is left to the collector, not reused), a temporary file aside.
   *
   * <p>Not API: public for the stub's internal packages only.
   */
  public void forget() {
    body.forget();
  }

  private volatile long duplicateOf;
  private final java.util.concurrent.atomic.AtomicBoolean remembered = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * True the first time: the stub adds a request to its recordings once.
   * Not API: public for the stub's internal packages only.
   */
  public boolean markRemembered() {
    return remembered.compareAndSet(false, true);
  }

  /**
   * The sequence number of the request this one repeats (a relay's retry with the same
   * TransactionID, which the VASP stub answered as before without handling it again), or 0.
   */
  public long duplicateOf() {
    return duplicateOf;
  }

  /** Whether this is a retry of a request already answered 1000 ({@link #duplicateOf()}). */
  public boolean isDuplicate() {
    return duplicateOf != 0;
  }

  /** Not API: public for the stub's internal packages only. */
  public void duplicateOf(long sequence) {
    this.duplicateOf = sequence;
  }

  @Override
  public String toString() {
    return "RecordedRequest[#" + sequence + " " + (message != null ? message.operation().elementName() : rejection)
        + " tx=" + SafeText.escape(transactionId) + " vasp=" + SafeText.escape(vaspId) + " findings=" + problemCodes()
        + (duplicateOf != 0 ? " duplicate-of=#" + duplicateOf : "")
        + (response != null ? " -> " + response : "") + "]";
  }

  /**
   * What the stub sent back.
   *
   * @param httpStatus the HTTP status, 0 when the connection was reset without an answer
   * @param message    the MM7 response sent, or null (empty, raw or no answer)
   * @param body       the response body as sent
   * @param reply      the scripted reply behind it ({@link StubReply#relay()} for the relay's own)
   */
  public record SentResponse(int httpStatus, Mm7Response message, byte[] body, StubReply reply) {
    /** The status code answered, or 0 when no MM7 response was sent. */
    public int statusCode() {
      return message == null ? 0 : message.status().code();
    }

    @Override
    public String toString() {
      return httpStatus + (message != null ? " " + message.operation().elementName() + " " + statusCode() : "")
          + (reply.kind() != StubReply.Kind.RELAY ? " (" + reply.kind() + ")" : "");
    }
  }
}
