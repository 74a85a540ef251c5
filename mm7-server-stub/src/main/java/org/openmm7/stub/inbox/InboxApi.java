package org.openmm7.stub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.InspectView;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.PushRecord;
import org.openmm7.stub.Pushes;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.VaspConformance;

/**
 * The inbox's JSON API, under {@code /api/}:
 * <ul>
 *   <li>{@code GET /api/messages[?since=N][&limit=M]}: the recorded requests, newest first (only
 *       those after sequence N with {@code since}; at most M, 500 by default);</li>
 *   <li>{@code GET /api/messages/{id}}: one, with its headers (Authorization redacted), the raw SOAP
 *       envelope, the decoded form ({@link InspectView}), its parts with the text of text parts, the
 *       SMIL presentation's slides, the findings and the answer;</li>
 *   <li>{@code GET /api/messages/{id}/parts/{n}}: a leaf part's bytes (n from 0, in document
 *       order); only images of the common raster types, audio, video and text/plain are served
 *       inline, anything else (SVG, HTML, ...) as an attachment;</li>
 *   <li>{@code POST /api/messages/{id}/delivery-report} and {@code .../read-reply} (optional JSON
 *       body {@code {"recipient": "...", "status": "Retrieved"}}): a push about the message;</li>
 *   <li>{@code POST /api/deliver} (multipart/form-data: sender, to, subject, vaspId, text, file): a
 *       mobile-originated DeliverReq pushed to the VASP;</li>
 *   <li>{@code GET /api/conformance}, {@code GET /api/pushes}.</li>
 * </ul>
 * Errors are {@code {"error": "..."}} with a 4xx/5xx status.
 */
final class InboxApi {
  static final ObjectMapper JSON = InspectView.JSON;
  /** Text shown of a text part; longer texts are cut (the part itself has all). */
  private static final int MAX_TEXT = 256 * 1024;
  private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d{1,18})(/.*)?");
  private static final Pattern PART = Pattern.compile("/parts/(\\d{1,9})");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
  /** Image types a browser renders without running anything (SVG is not one of them). */
  private static final Set<String> INLINE_IMAGES = Set.of("image/jpeg", "image/jpg", "image/pjpeg", "image/png",
      "image/gif", "image/bmp", "image/webp");
  private static final long WAIT_FOR_PUSH_MILLIS = 2000;
  /** How many messages {@code GET /api/messages} lists unless asked for more ({@code ?limit=N}). */
  private static final long DEFAULT_LIMIT = 500;

  private final Mm7StubServer stub;
  private final Supplier<Pushes> pushes;

  InboxApi(Mm7StubServer stub, Supplier<Pushes> pushes) {
    this.stub = stub;
    this.pushes = pushes;
  }

  void handle(String path, Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    boolean get = "GET".equals(method) || "HEAD".equals(method);
    boolean post = "POST".equals(method);
    if (path.equals("/messages") && get) {
      long since;
      long limit;
      try {
        since = number(request, "since", 0);
        limit = number(request, "limit", DEFAULT_LIMIT);
      } catch (NumberFormatException e) {
        error(response, callback, 400, "since and limit are numbers");
        return;
      }
      ArrayNode list = JSON.createArrayNode();
      List<RecordedRequest> all = stub.requests();
      for (int i = all.size() - 1; i >= 0 && list.size() < limit; i--) {
        if (all.get(i).sequence() > since) {
          list.add(summary(all.get(i)));
        }
      }
      json(response, callback, 200, list);
      return;
    }
    if (path.equals("/conformance") && get) {
      ArrayNode list = JSON.createArrayNode();
      for (VaspConformance c : stub.conformance().values()) {
        ObjectNode n = list.addObject();
        n.put("vaspId", c.vaspId());
        n.put("requests", c.requests());
        n.put("withFindings", c.withFindings());
        n.put("clean", c.isClean());
        ObjectNode counts = n.putObject("findingCounts");
        c.findingCounts().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> counts.put(e.getKey(), e.getValue()));
      }
      json(response, callback, 200, list);
      return;
    }
    if (path.equals("/pushes") && get) {
      Pushes p = pushes.get();
      if (p == null) {
        error(response, callback, 503, "pushes are not configured");
        return;
      }
      ArrayNode list = JSON.createArrayNode();
      List<PushRecord> history = p.history();
      for (int i = history.size() - 1; i >= 0; i--) {
        list.add(push(history.get(i)));
      }
      json(response, callback, 200, list);
      return;
    }
    if (path.equals("/deliver") && post) {
      deliver(request, response, callback);
      return;
    }
    Matcher m = MESSAGE.matcher(path);
    if (!m.matches()) {
      error(response, callback, 404, "no such API: " + path);
      return;
    }
    RecordedRequest r = find(Long.parseLong(m.group(1)));
    if (r == null) {
      error(response, callback, 404, "no message " + m.group(1) + " (the recordings may have been reset)");
      return;
    }
    String rest = m.group(2) == null ? "" : m.group(2);
    if (rest.isEmpty() && get) {
      json(response, callback, 200, detail(r));
      return;
    }
    Matcher p = PART.matcher(rest);
    if (p.matches() && get) {
      part(r, Integer.parseInt(p.group(1)), response, callback);
      return;
    }
    if (rest.equals("/delivery-report") && post) {
      report(r, false, request, response, callback);
      return;
    }
    if (rest.equals("/read-reply") && post) {
      report(r, true, request, response, callback);
      return;
    }
    error(response, callback, rest.isEmpty() || p.matches() || rest.equals("/delivery-report")
        || rest.equals("/read-reply") ? 405 : 404, method + " " + path + " is not served");
  }

  private static long number(Request request, String name, long otherwise) {
    String s = Request.extractQueryParameters(request).getValue(name);
    return s == null ? otherwise : Long.parseLong(s);
  }

  private RecordedRequest find(long id) {
    for (RecordedRequest r : stub.requests()) {
      if (r.sequence() == id) {
        return r;
      }
    }
    return null;
  }

  // ---- JSON of a recorded request ----

  private static ObjectNode summary(RecordedRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.sequence());
    n.put("receivedAt", r.receivedAt().toString());
    n.put("vaspId", r.vaspId());
    Mm7Message m = r.message();
    n.put("operation", m == null ? null
        : m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName());
    n.put("transactionId", r.transactionId());
    n.put("release", r.release() == null ? null : r.release().releaseName());
    Address sender = senderOf(m);
    n.put("sender", sender == null ? null : sender.value());
    ArrayNode to = n.putArray("recipients");
    Recipients rec = recipientsOf(m);
    if (rec != null) {
      rec.all().forEach(a -> to.add(a.value()));
    }
    n.put("subject", subjectOf(m));
    n.put("findings", r.findings().size());
    n.put("rejection", r.rejection());
    RecordedRequest.SentResponse s = r.response();
    ObjectNode answer = n.putObject("answer");
    if (s != null) {
      answer.put("httpStatus", s.httpStatus());
      if (s.message() != null) {
        answer.put("operation", s.message().operation().elementName());
        answer.put("statusCode", s.statusCode());
        answer.put("statusText", s.message().status().text());
      }
      answer.put("kind", s.reply().kind().name());
    }
    n.put("messageId", messageIdOf(r));
    return n;
  }

  private ObjectNode detail(RecordedRequest r) {
    ObjectNode n = summary(r);
    n.put("namespace", r.namespace());
    n.put("method", r.method());
    n.put("path", r.path());
    n.put("authenticated", r.authenticated());
    n.put("bodySize", r.bodySize());
    n.put("rejectionMessage", r.rejectionMessage());
    ObjectNode headers = n.putObject("headers");
    r.headers().forEach((k, v) -> {
      ArrayNode a = headers.putArray(k);
      v.forEach(a::add);
    });
    n.put("head", r.head());
    ArrayNode findings = n.putArray("findingList");
    for (Finding f : r.findings()) {
      findings.addObject().put("code", f.code()).put("where", f.where()).put("message", f.message());
    }
    RecordedRequest.SentResponse s = r.response();
    if (s != null) {
      ((ObjectNode) n.get("answer")).put("body", text(s.body(), StandardCharsets.UTF_8));
    }
    ArrayNode parts = n.putArray("parts");
    if (r.message() == null) {
      n.put("soap", peek(r));
      n.putNull("decoded");
      return n;
    }
    try (DecodedMessage d = r.decode()) {
      n.put("soap", text(d.soapPart(), StandardCharsets.UTF_8));
      n.set("decoded", InspectView.of(d));
      List<MimePart> leaves = d.leafParts();
      for (int i = 0; i < leaves.size(); i++) {
        MimePart p = leaves.get(i);
        ObjectNode o = parts.addObject();
        o.put("index", i);
        String type = mediaType(p);
        o.put("contentType", type);
        o.put("contentId", p.contentId().orElse(null));
        o.put("contentLocation", p.contentLocation().orElse(null));
        o.put("kind", kind(type));
        o.put("url", "/api/messages/" + r.sequence() + "/parts/" + i);
        if (p instanceof TextPart t) {
          String text = t.text();
          o.put("size", t.size());
          o.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
          o.put("truncated", text.length() > MAX_TEXT);
        } else if (p instanceof BinaryPart b && b.size().isPresent()) {
          o.put("size", b.size().getAsLong());
        }
      }
      for (MimePart p : leaves) {
        if (Smil.isSmil(p.contentType())) { // a TextPart with a charset, else a BinaryPart
          n.set("smil", slides(p, leaves));
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      n.put("decodeError", String.valueOf(e.getMessage()));
    }
    return n;
  }

  private static String peek(RecordedRequest r) {
    try (InputStream in = r.openBody()) {
      return text(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String text(byte[] bytes, Charset cs) {
    return new String(bytes, 0, Math.min(bytes.length, MAX_TEXT), cs);
  }

  /** The media type, lower case, or application/octet-stream when it is not a plain type/subtype. */
  static String mediaType(MimePart p) {
    String t = p.contentType().mediaType().toLowerCase(Locale.ROOT);
    return MEDIA_TYPE.matcher(t).matches() ? t : "application/octet-stream";
  }

  static String kind(String mediaType) {
    if (INLINE_IMAGES.contains(mediaType)) {
      return "image";
    } else if (mediaType.startsWith("video/")) {
      return "video";
    } else if (mediaType.startsWith("audio/")) {
      return "audio";
    } else if (mediaType.equals("text/plain")) {
      return "text";
    } else if (Smil.isSmil(mediaType)) {
      return "smil";
    }
    return "attachment";
  }

  /** The most of a SMIL presentation read for its slides. */
  private static final int MAX_SMIL = 1024 * 1024;

  /**
   * The slides of a SMIL part: text as decoded, or bytes (no charset given) whose encoding the
   * XML reader finds from a byte order mark or XML declaration, UTF-8 otherwise.
   */
  static ObjectNode slides(MimePart smil, List<MimePart> parts) {
    if (smil instanceof TextPart t) {
      return slides(t.text(), parts);
    }
    try (InputStream in = ((BinaryPart) smil).openStream()) {
      byte[] bytes = in.readNBytes(MAX_SMIL);
      Charset declared = smil.contentType().charset().orElse(null);
      return declared != null ? slides(new String(bytes, declared), parts) : slides(bytes, parts);
    } catch (IOException | RuntimeException e) {
      ObjectNode o = JSON.createObjectNode();
      o.putArray("slides");
      o.put("error", "the SMIL presentation cannot be read: " + e.getMessage());
      return o;
    }
  }

  static ObjectNode slides(String smil, List<MimePart> parts) {
    return slides(f -> f.createXMLStreamReader(new StringReader(smil)), parts);
  }

  private static ObjectNode slides(byte[] smil, List<MimePart> parts) {
    return slides(f -> f.createXMLStreamReader(new java.io.ByteArrayInputStream(smil)), parts);
  }

  private interface XmlOpener {
    XMLStreamReader open(XMLInputFactory f) throws XMLStreamException;
  }

  /** The slides of a SMIL presentation: each {@code par} with its media, resolved to part indexes. */
  private static ObjectNode slides(XmlOpener smil, List<MimePart> parts) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode slides = o.putArray("slides");
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    Set<String> media = Set.of("img", "video", "audio", "text", "ref", "animation", "textstream");
    try {
      XMLStreamReader x = smil.open(f);
      ObjectNode slide = null;
      int depth = 0;
      int parDepth = -1;
      while (x.hasNext()) {
        int ev = x.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String name = x.getLocalName();
          if (name.equals("par") && parDepth < 0) {
            slide = slides.addObject();
            slide.put("dur", x.getAttributeValue(null, "dur"));
            slide.putArray("items");
            parDepth = depth;
          } else if (media.contains(name)) {
            ObjectNode current = slide;
            if (current == null) { // media outside any par: a slide of its own
              current = slides.addObject();
              current.putNull("dur");
              current.putArray("items");
            }
            String src = x.getAttributeValue(null, "src");
            ObjectNode item = ((ArrayNode) current.get("items")).addObject();
            item.put("element", name);
            item.put("src", src);
            item.put("region", x.getAttributeValue(null, "region"));
            int index = resolve(src, parts);
            if (index >= 0) {
              item.put("part", index);
            } else {
              item.putNull("part");
            }
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          if (depth == parDepth) {
            slide = null;
            parDepth = -1;
          }
          depth--;
        }
      }
    } catch (XMLStreamException | RuntimeException e) {
      o.put("error", "the SMIL presentation cannot be read: " + e.getMessage());
    }
    return o;
  }

  private static int resolve(String src, List<MimePart> parts) {
    if (src == null) {
      return -1;
    }
    String s = src.trim();
    if (s.regionMatches(true, 0, "cid:", 0, 4)) {
      String cid = s.substring(4);
      try {
        cid = URLDecoder.decode(cid.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException ignored) {
        // as written
      }
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i).contentId().map(cid::equals).orElse(false)) {
          return i;
        }
      }
      return -1;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).contentLocation().map(s::equals).orElse(false)) {
        return i;
      }
    }
    return -1;
  }

  private static String messageIdOf(RecordedRequest r) {
    RecordedRequest.SentResponse s = r.response();
    if (s == null || s.message() == null) {
      return null;
    }
    if (s.message() instanceof SubmitResponse sr) {
      return sr.messageId();
    }
    if (s.message() instanceof ExtendedReplaceResponse er) {
      return er.messageId();
    }
    return null;
  }

  private static Address senderOf(Mm7Message m) {
    if (m instanceof SubmitRequest r) {
      return r.senderAddress();
    } else if (m instanceof DeliverRequest r) {
      return r.sender();
    } else if (m instanceof CancelRequest r) {
      return r.senderAddress();
    } else if (m instanceof ReplaceRequest r) {
      return r.senderAddress();
    } else if (m instanceof ExtendedCancelRequest r) {
      return r.senderAddress();
    } else if (m instanceof ExtendedReplaceRequest r) {
      return r.senderAddress();
    } else if (m instanceof DeliveryReportRequest r) {
      return r.sender();
    } else if (m instanceof ReadReplyRequest r) {
      return r.sender();
    }
    return null;
  }

  private static Recipients recipientsOf(Mm7Message m) {
    if (m instanceof SubmitRequest r) {
      return r.recipients();
    } else if (m instanceof DeliverRequest r) {
      return r.recipients();
    } else if (m instanceof DeliveryReportRequest r && r.recipient() != null) {
      return Recipients.to(r.recipient());
    } else if (m instanceof ReadReplyRequest r && r.recipient() != null) {
      return Recipients.to(r.recipient());
    }
    return null;
  }

  private static String subjectOf(Mm7Message m) {
    if (m instanceof SubmitRequest r) {
      return r.subject();
    } else if (m instanceof DeliverRequest r) {
      return r.subject();
    } else if (m instanceof ExtendedReplaceRequest r) {
      return r.subject();
    }
    return null;
  }

  // ---- parts ----

  private static void part(RecordedRequest r, int n, Response response, Callback callback) throws IOException {
    if (r.message() == null) {
      error(response, callback, 404, "message " + r.sequence() + " could not be read: it has no parts");
      return;
    }
    try (DecodedMessage d = r.decode()) {
      List<MimePart> leaves = d.leafParts();
      if (n >= leaves.size()) {
        error(response, callback, 404, "message " + r.sequence() + " has " + leaves.size() + " parts");
        return;
      }
      MimePart p = leaves.get(n);
      String type = mediaType(p);
      String kind = kind(type);
      var h = response.getHeaders();
      // a part is never a document: no script, no plugins, whatever it claims to be
      h.put("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'");
      if (p instanceof TextPart t) {
        Charset cs = t.charset();
        h.put(HttpHeader.CONTENT_TYPE, type + "; charset=" + cs.name());
      } else {
        h.put(HttpHeader.CONTENT_TYPE, type);
      }
      boolean inline = kind.equals("image") || kind.equals("video") || kind.equals("audio") || kind.equals("text");
      String name = fileName(p, n);
      h.put("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + name + "\"; filename*=UTF-8''"
          + URLEncoder.encode(p.contentLocation().orElse(name), StandardCharsets.UTF_8).replace("+", "%20"));
      response.setStatus(200);
      try (InputStream in = p instanceof TextPart t ? t.openStream() : ((BinaryPart) p).openStream();
           OutputStream out = Content.Sink.asOutputStream(response)) {
        in.transferTo(out);
      }
      callback.succeeded();
    }
  }

  /** A file name safe in a quoted header parameter: the Content-Location's safe characters, or part-N. */
  static String fileName(MimePart p, int n) {
    String loc = p.contentLocation().orElse("");
    int slash = Math.max(loc.lastIndexOf('/'), loc.lastIndexOf('\\'));
    String safe = loc.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.' || c == '_')) {
      return "part-" + n;
    }
    return safe.length() > 100 ? safe.substring(0, 100) : safe;
  }

  // ---- pushes ----

  private void report(RecordedRequest r, boolean readReply, Request request, Response response, Callback callback)
      throws Exception {
    Pushes p = pushes.get();
    if (p == null) {
      error(response, callback, 503, "pushes are not configured");
      return;
    }
    String messageId = messageIdOf(r);
    if (messageId == null) {
      error(response, callback, 409, "message " + r.sequence() + " was not accepted with a MessageID: nothing to report on");
      return;
    }
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    JsonNode in = JSON.createObjectNode();
    if (body != null && !body.isBlank()) {
      try {
        in = JSON.readTree(body);
      } catch (IOException e) {
        error(response, callback, 400, "the body is not JSON");
        return;
      }
    }
    String recipient = in.path("recipient").asText(null);
    if (recipient == null || recipient.isBlank()) {
      Recipients rec = recipientsOf(r.message());
      recipient = rec == null || rec.all().isEmpty() ? null : rec.all().get(0).value();
    }
    if (recipient == null) {
      error(response, callback, 400, "no recipient given and the message has none");
      return;
    }
    String statusName = in.path("status").asText(readReply ? "Read" : "Retrieved");
    MessageStatus status = MessageStatus.fromWire(statusName);
    if (status == null) {
      error(response, callback, 400, "unknown MMStatus " + statusName);
      return;
    }
    CompletableFuture<PushRecord> f;
    try {
      f = readReply ? p.readReply(messageId, recipient, status) : p.deliveryReport(messageId, recipient, status);
    } catch (RuntimeException e) {
      error(response, callback, 400, "the push was refused: " + e.getMessage());
      return;
    }
    pushAnswer(f, response, callback);
  }

  private static void pushAnswer(CompletableFuture<PushRecord> f, Response response, Callback callback)
      throws InterruptedException {
    try {
      PushRecord record = f.get(WAIT_FOR_PUSH_MILLIS, TimeUnit.MILLISECONDS);
      json(response, callback, 200, record == null ? JSON.createObjectNode() : push(record));
    } catch (TimeoutException e) {
      ObjectNode n = JSON.createObjectNode();
      n.put("state", "PENDING");
      n.put("note", "the push is still under way; see /api/pushes");
      json(response, callback, 202, n);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      error(response, callback, 502, "the push failed: " + c.getMessage());
    }
  }

  static ObjectNode push(PushRecord p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", p.id());
    n.put("operation", p.operation() == null ? null : p.operation().elementName());
    n.put("transactionId", p.transactionId());
    n.put("target", p.target() == null ? null : p.target().toString());
    n.put("messageId", p.messageId());
    n.put("state", p.state() == null ? null : p.state().name());
    status(n, "lastStatus", p.lastStatus());
    ArrayNode attempts = n.putArray("attempts");
    for (PushRecord.Attempt a : p.attempts()) {
      ObjectNode o = attempts.addObject();
      o.put("at", a.at() == null ? null : a.at().toString());
      o.put("httpStatus", a.httpStatus());
      status(o, "status", a.status());
      o.put("error", a.error());
    }
    return n;
  }

  private static void status(ObjectNode n, String name, ResponseStatus s) {
    if (s == null) {
      n.putNull(name);
    } else {
      n.putObject(name).put("code", s.code().code()).put("text", s.text());
    }
  }

  /** A mobile-originated message from the inbox's form: an uploaded file and/or a text. */
  private void deliver(Request request, Response response, Callback callback) throws Exception {
    Pushes p = pushes.get();
    if (p == null) {
      error(response, callback, 503, "pushes are not configured");
      return;
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      error(response, callback, 415, "POST /api/deliver takes multipart/form-data");
      return;
    }
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null) {
      error(response, callback, 400, "multipart/form-data without a boundary");
      return;
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    long limit = stub.options().maxMessageSize();
    parser.setMaxLength(limit);
    parser.setMaxFileSize(limit);
    parser.setMaxMemoryFileSize(limit); // never on disk
    parser.setMaxParts(20);
    MultiPartFormData.Parts form;
    try {
      form = parser.parse(request, Invocable.InvocationType.BLOCKING).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      error(response, callback, 400, "the form cannot be read: " + e.getCause().getMessage());
      return;
    } catch (TimeoutException e) {
      error(response, callback, 408, "the form did not arrive within 30 s");
      return;
    }
    try (form) {
      String sender = field(form, "sender");
      if (sender == null) {
        error(response, callback, 400, "a DeliverReq needs a sender");
        return;
      }
      DeliverRequest.Builder b = DeliverRequest.builder().sender(address(sender));
      String to = field(form, "to");
      if (to != null) {
        List<Address> list = new ArrayList<>();
        for (String a : to.split("[,;\\s]+")) {
          if (!a.isBlank()) {
            list.add(address(a.trim()));
          }
        }
        if (!list.isEmpty()) {
          b.recipients(Recipients.to(list.toArray(new Address[0])));
        }
      }
      String subject = field(form, "subject");
      if (subject != null) {
        b.subject(subject);
      }
      String vaspId = field(form, "vaspId");
      if (vaspId != null) {
        b.vaspId(vaspId);
      }
      List<MimePart> content = new ArrayList<>();
      MultiPart.Part file = form.getFirst("file");
      if (file != null && file.getFileName() != null && !file.getFileName().isEmpty()) {
        byte[] bytes;
        try (InputStream fin = Content.Source.asInputStream(file.getContentSource())) {
          bytes = fin.readAllBytes();
        }
        String type = file.getHeaders().get(HttpHeader.CONTENT_TYPE);
        ContentType ct;
        try {
          ct = ContentType.parse(type == null ? "application/octet-stream" : type);
        } catch (RuntimeException e) {
          ct = ContentType.parse("application/octet-stream");
        }
        String name = file.getFileName().replaceAll("[\\r\\n\"\\\\/]", "_");
        content.add(BinaryPart.ofBytes(bytes, ct).withContentLocation(name));
      }
      String text = field(form, "text");
      if (text != null) {
        content.add(TextPart.of(text));
      }
      if (!content.isEmpty()) {
        b.content(Smil.presentation(content));
      }
      DeliverRequest deliver;
      try {
        deliver = b.build();
      } catch (RuntimeException e) {
        error(response, callback, 400, "not a valid DeliverReq: " + e.getMessage());
        return;
      }
      CompletableFuture<PushRecord> f;
      try {
        f = p.deliver(deliver, vaspId);
      } catch (RuntimeException e) {
        error(response, callback, 400, "the push was refused: " + e.getMessage());
        return;
      }
      pushAnswer(f, response, callback);
    }
  }

  private static String field(MultiPartFormData.Parts form, String name) {
    MultiPart.Part p = form.getFirst(name);
    if (p == null) {
      return null;
    }
    String v = p.getContentAsString(StandardCharsets.UTF_8);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** An address as typed: e-mail with '@', a number with '+' or 6+ digits, else a short code. */
  static Address address(String s) {
    if (s.contains("@")) {
      return Address.email(s);
    }
    if (s.startsWith("+") || s.matches("\\d{6,}")) {
      return Address.number(s);
    }
    return Address.shortCode(s);
  }

  // ---- writing ----

  static void json(Response response, Callback callback, int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  static void error(Response response, Callback callback, int status, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", message);
    json(response, callback, status, n);
  }
}
