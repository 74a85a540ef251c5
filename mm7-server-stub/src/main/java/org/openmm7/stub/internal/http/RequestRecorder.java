package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StoredMessage;
import org.openmm7.stub.StubReply;

/**
 * Turns a request whose body has arrived into a {@link RecordedRequest}: its head (Authorization
 * masked), its body decoded leniently (strict mode is decided later from the findings, so that a
 * refusal can name all of them), or why it could not be, with the TransactionID and namespace
 * sniffed from the body's start so that even a refusal answers in the request's release.
 */
public final class RequestRecorder {
  private static final int MEMORY_THRESHOLD = 1024 * 1024;
  private static final Pattern TX_ID = Pattern.compile("TransactionID[^>]*>\\s*([^<\\s][^<]*?)\\s*<");
  private static final Pattern NAMESPACE =
      Pattern.compile(Pattern.quote(Mm7Release.NAMESPACE_PREFIX) + "(REL-\\d+-MM7-\\d+-\\d+)");
  /** The request attribute holding the account a request authenticated as. */
  static final String AUTHENTICATED_VASP = RequestRecorder.class.getName() + ".vasp";

  private final long maxMessageSize;
  private final Mm7Codec codec;
  /**
   * For a body the budget sent to a file: every identity-encoded part over 16 KiB stays a range of
   * that file instead of becoming a copy in memory, which the recording would keep outside the
   * budget (a recording's message lives as long as the recording).
   */
  private final Mm7Codec spooledCodec;
  /** Whether requests are authenticated (then the VASP is the account, never the body's claim). */
  private final boolean authenticating;
  private final Recordings recordings;
  private final Consumer<String> stageHook;

  public RequestRecorder(long maxMessageSize, Path spool, boolean authenticating, Recordings recordings,
      Consumer<String> stageHook) {
    this.maxMessageSize = maxMessageSize;
    this.codec = Mm7Codec.builder().strict(false).maxMessageSize(maxMessageSize)
        .memoryThreshold(MEMORY_THRESHOLD).tempDirectory(spool).build();
    this.spooledCodec = Mm7Codec.builder().strict(false).maxMessageSize(maxMessageSize)
        .memoryThreshold(16 * 1024).tempDirectory(spool).build();
    this.authenticating = authenticating;
    this.recordings = recordings;
    this.stageHook = stageHook;
  }

  /** @param tooLarge whether the body is over the limit (and was read at most up to it) */
  RecordedRequest record(Request request, BodyBuffer body, boolean tooLarge) throws IOException {
    Instant now = Instant.now();
    HttpFields fields = request.getHeaders();
    String head = RequestHead.of(request.getMethod(), request.getHttpURI().getPathQuery(),
        request.getConnectionMetaData().getProtocol(), fields);
    String authenticatedVasp = (String) request.getAttribute(AUTHENTICATED_VASP);

    String contentType = fields.get(HttpHeader.CONTENT_TYPE);
    Decoded out = new Decoded();
    if (tooLarge) {
      out.rejection = DecodeProblem.SIZE_LIMIT_EXCEEDED.code();
      out.rejectionMessage = "the message is larger than the limit of " + maxMessageSize + " bytes";
    } else if (contentTypesDisagree(fields, contentType)) {
      out.rejection = DecodeProblem.AMBIGUOUS_CONTENT_TYPE.code();
      out.rejectionMessage = "the request has Content-Type headers that disagree: "
          + fields.getValuesList(HttpHeader.CONTENT_TYPE);
    } else {
      stageHook.accept("decode");
      out.decode(body.inMemory() ? codec : spooledCodec, contentType, body.openForDecode());
    }
    body.settle();
    Mm7Message message = out.message;
    String tx = out.tx;
    String namespace = out.namespace;
    Mm7Release release = out.release;
    if (message == null) {
      String text = peek(body);
      Matcher m = TX_ID.matcher(text);
      if (m.find()) {
        tx = m.group(1);
      }
      Matcher n = NAMESPACE.matcher(text);
      if (n.find()) {
        namespace = n.group();
        release = releaseIn(text);
      }
      if (release == null) {
        release = Mm7Release.latest();
      }
    }
    String vaspId = authenticatedVasp;
    if (vaspId == null && !authenticating) {
      vaspId = vaspIdOf(message);
    }
    RecordedRequest r = new RecordedRequest(recordings.nextSequence(), now, request.getMethod(),
        Request.getPathInContext(request), null, head, body, vaspId,
        authenticatedVasp != null, message, tx, namespace, release, out.findings, out.rejection,
        out.rejectionMessage);
    return r;
  }

  /**
   * A request the store kept (its head and body as received, credentials already masked), read back
   * at start so that the inbox shows it again: decoded as when it arrived, numbered as the next
   * recording, marked restored, its answer the 1000 with the MessageID it was accepted with.
   */
  public RecordedRequest restore(StoredMessage stored, byte[] raw) {
    int end = indexOfBlankLine(raw);
    String head = new String(raw, 0, end < 0 ? raw.length : end + 4, StandardCharsets.ISO_8859_1);
    byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
      }
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    List<String> contentType = headers.getOrDefault("content-type", List.of());
    Decoded out = new Decoded();
    out.decode(codec, contentType.isEmpty() ? null : contentType.get(0), new java.io.ByteArrayInputStream(body));
    Mm7Release release = out.release;
    if (release == null && stored.release() != null) {
      release = Mm7Release.fromName(stored.release()).orElse(null);
    }
    String path = requestLine.length > 1 ? requestLine[1].replaceFirst("\\?.*", "") : "";
    RecordedRequest r = new RecordedRequest(recordings.nextSequence(), stored.receivedAt(), requestLine[0], path,
        Map.copyOf(headers), head, BodyBuffer.of(body, org.openmm7.client.internal.mime.MemoryBudget.NONE, 0),
        stored.vaspId(), false, out.message, out.tx != null ? out.tx : stored.transactionId(), out.namespace, release,
        out.findings, out.rejection, out.rejectionMessage);
    r.markRestored();
    r.response(new RecordedRequest.SentResponse(200, org.openmm7.client.message.SubmitResponse.builder()
        .status(org.openmm7.client.message.ResponseStatus.SUCCESS).messageId(stored.messageId()).build(), new byte[0],
        StubReply.relay()));
    return r;
  }

  private static int indexOfBlankLine(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** What decoding a request body gave: the message and what the answer needs, or why it was refused. */
  private final class Decoded {
    Mm7Message message;
    String tx;
    String namespace;
    Mm7Release release;
    List<Finding> findings = List.of();
    String rejection;
    String rejectionMessage;

    void decode(Mm7Codec codec, String contentType, InputStream body) {
      try (DecodedMessage d = codec.decode(contentType, body)) {
        message = d.message();
        tx = d.transactionId();
        namespace = d.namespace();
        release = d.envelope().release();
        findings = d.findings();
      } catch (Mm7DecodeException e) {
        rejection = e.reason();
        rejectionMessage = e.getMessage();
      } catch (IOException | RuntimeException e) {
        rejection = DecodeProblem.NOT_WELL_FORMED.code();
        rejectionMessage = String.valueOf(e.getMessage());
      }
    }
  }

  /** Whether the Content-Type headers' values are not all the same (ignoring surrounding white space). */
  private static boolean contentTypesDisagree(HttpFields fields, String first) {
    if (first == null) {
      return false;
    }
    String expected = first.trim();
    for (int i = 0, n = fields.size(); i < n; i++) { // by index: no iterator or list per request
      HttpField f = fields.getField(i);
      if (f.getHeader() == HttpHeader.CONTENT_TYPE && !f.getValue().trim().equals(expected)) {
        return true;
      }
    }
    return false;
  }

  private static Mm7Release latestOfMajor(Mm7Release any) {
    Mm7Release best = any;
    String major = any.releaseName().substring(0, any.releaseName().indexOf("-MM7"));
    for (Mm7Release rel : Mm7Release.values()) {
      if (rel.releaseName().startsWith(major + "-") && rel.isAtLeast(best)) {
        best = rel;
      }
    }
    return best;
  }

  private static String peek(BodyBuffer body) {
    try (InputStream in = body.open()) {
      return new String(in.readNBytes(65536), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** The VASPID a request claims in its SenderIdentification, or null. */
  static String vaspIdOf(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.vaspId();
    } else if (m instanceof CancelRequest c) {
      return c.vaspId();
    } else if (m instanceof ReplaceRequest c) {
      return c.vaspId();
    } else if (m instanceof ExtendedCancelRequest c) {
      return c.vaspId();
    } else if (m instanceof ExtendedReplaceRequest c) {
      return c.vaspId();
    }
    return null;
  }
  /** The TransactionID found in {@code text} (the start of a body), or null. */
  static String transactionIdIn(String text) {
    Matcher m = TX_ID.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** The release of the first MM7 namespace in {@code text} (the latest of its major release when unknown), or null. */
  static Mm7Release releaseIn(String text) {
    Matcher n = NAMESPACE.matcher(text);
    if (!n.find()) {
      return null;
    }
    return Mm7Release.fromNamespace(n.group()).orElseGet(() -> Mm7Release.fromName(
        n.group(1).replaceFirst("-\\d+-\\d+$", "-1-0")).map(RequestRecorder::latestOfMajor).orElse(Mm7Release.latest()));
  }
}
