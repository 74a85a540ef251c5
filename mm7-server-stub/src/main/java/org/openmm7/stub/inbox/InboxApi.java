package org.openmm7.stub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
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
import org.openmm7.stub.PushRecord;
import org.openmm7.stub.Pushes;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StubReply;
import org.openmm7.stub.VaspConformance;

/**
 * The inbox's JSON API, under {@code /api/}: the admin API that the inbox page and any script use
 * (list, filter, read and delete recorded requests and their parts; push delivery reports, read
 * replies and DeliverReqs; queue scripted replies; reset). Its routes are a table ({@link ApiRoute})
 * and {@code openapi.json} beside this class describes each (OpenApiDocumentTest keeps the two
 * equal). Errors are {@code {"error": "..."}} with a 4xx/5xx status.
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
  /** The largest JSON body the API reads. */
  static final int MAX_JSON = 1024 * 1024;
  /** The most replies queued by one request. */
  private static final int MAX_QUEUED = 1000;

  private final InboxSource stub;
  private final Supplier<Pushes> pushes;

  /** The API's routes, under {@code /api}: what {@code openapi.json} describes, no more, no less. */
  private final List<ApiRoute> routes;

  InboxApi(InboxSource stub, Supplier<Pushes> pushes) {
    this.stub = stub;
    this.pushes = pushes;
    this.routes = table();
  }

  private List<ApiRoute> table() {
    return List.of(
        ApiRoute.of("GET", "/openapi.json", c -> openApi(c)),
        ApiRoute.of("GET", "/messages", this::list),
        ApiRoute.of("DELETE", "/messages", c -> {
          int n = shown(stub).size();
          stub.clearRequests();
          json(c.response(), c.callback(), 200, JSON.createObjectNode().put("deleted", n));
        }),
        ApiRoute.of("GET", "/messages/{id}", c -> json(c.response(), c.callback(), 200, detail(message(c)))),
        ApiRoute.of("DELETE", "/messages/{id}", c -> {
          RecordedRequest r = message(c);
          stub.removeRequest(r.sequence());
          json(c.response(), c.callback(), 200, JSON.createObjectNode().put("deleted", 1));
        }),
        ApiRoute.of("GET", "/messages/{id}/parts/{n}",
            c -> part(message(c), (int) Math.min(c.number("n"), Integer.MAX_VALUE), c.response(), c.callback())),
        ApiRoute.of("POST", "/messages/{id}/delivery-report", c -> report(message(c), false, c)),
        ApiRoute.of("POST", "/messages/{id}/read-reply", c -> report(message(c), true, c)),
        ApiRoute.of("GET", "/conformance", this::conformance),
        ApiRoute.of("GET", "/summary", c -> json(c.response(), c.callback(), 200, summary())),
        ApiRoute.of("GET", "/pushes", this::pushes),
        ApiRoute.of("POST", "/pushes/send-held", this::sendHeld),
        ApiRoute.of("GET", "/push-target", c -> json(c.response(), c.callback(), 200, pushTarget(0))),
        ApiRoute.of("PUT", "/push-target", this::setPushTarget),
        ApiRoute.of("POST", "/deliver", this::deliver),
        ApiRoute.of("POST", "/reset", c -> {
          stub.reset();
          json(c.response(), c.callback(), 200, JSON.createObjectNode().put("reset", true));
        }),
        ApiRoute.of("GET", "/replies", c -> replies(c, 200)),
        ApiRoute.of("POST", "/replies", this::enqueue),
        ApiRoute.of("DELETE", "/replies", c -> {
          stub.clearQueuedReplies();
          replies(c, 200);
        }));
  }

  /** "GET /api/messages", ...: every route this API answers, for the test that compares them with the OpenAPI document. */
  List<String> routes() {
    return routes.stream().map(ApiRoute::describe).toList();
  }

  void handle(String path, Request request, Response response, Callback callback) throws Exception {
    String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
    List<String> allowed = new ArrayList<>();
    for (ApiRoute route : routes) {
      Map<String, String> parameters = route.match(path);
      if (parameters == null) {
        continue;
      }
      if (route.method().equals(method)) {
        try {
          route.action().run(new ApiRoute.Call(parameters, request, response, callback));
        } catch (ApiRoute.Refusal e) {
          InboxHandler.closeIfBody(request, response);
          error(response, callback, e.status, e.getMessage());
        }
        return;
      }
      allowed.add(route.method());
    }
    if (allowed.isEmpty()) {
      error(response, callback, 404, "no such API: /api" + path + " (see /api/openapi.json)");
      return;
    }
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
    error(response, callback, 405, request.getMethod() + " /api" + path + " is not served; it takes " + allowed);
  }

  private RecordedRequest message(ApiRoute.Call c) throws ApiRoute.Refusal {
    long id = c.number("id");
    RecordedRequest r = find(id);
    if (r == null) {
      throw new ApiRoute.Refusal(404, "no message " + id + " (the recordings may have been reset)");
    }
    return r;
  }

  private void list(ApiRoute.Call c) throws ApiRoute.Refusal {
    MessageQuery query = MessageQuery.of(Request.extractQueryParameters(c.request()));
    ArrayNode list = JSON.createArrayNode();
    List<RecordedRequest> all = shown(stub);
    for (int i = all.size() - 1; i >= 0 && list.size() < query.limit; i--) {
      if (query.test(all.get(i))) {
        list.add(summary(all.get(i)));
      }
    }
    json(c.response(), c.callback(), 200, list);
  }

  private void conformance(ApiRoute.Call c) {
    ArrayNode list = JSON.createArrayNode();
    for (VaspConformance v : stub.conformance().values()) {
      ObjectNode n = list.addObject();
      n.put("vaspId", v.vaspId());
      n.put("requests", v.requests());
      n.put("withFindings", v.withFindings());
      n.put("clean", v.isClean());
      ObjectNode counts = n.putObject("findingCounts");
      v.findingCounts().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
      n.put("bestProfile", v.profileMatch().profile());
      ArrayNode departures = n.putArray("departures");
      v.profileMatch().departures().forEach(departures::add);
    }
    json(c.response(), c.callback(), 200, list);
  }

  private void pushes(ApiRoute.Call c) throws ApiRoute.Refusal {
    Pushes p = pushes.get();
    if (p == null) {
      throw new ApiRoute.Refusal(503, "pushes are not configured");
    }
    ArrayNode list = JSON.createArrayNode();
    List<PushRecord> history = p.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      list.add(push(history.get(i)));
    }
    json(c.response(), c.callback(), 200, list);
  }

  /**
   * What the stub holds, counted: recorded requests, accepted messages kept and forgotten, pushes
   * by state, how many were forgotten, the submits waiting for room among the pending pushes, and
   * every bound the pushes keep with its use and limit (null when pushes are not configured).
   * Cheap: nothing is listed.
   */
  private ObjectNode summary() {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode messages = n.putObject("messages");
    messages.put("recorded", stub.requests().size());
    messages.put("stored", stub.storedMessageCount());
    messages.put("forgotten", stub.forgottenMessages());
    Pushes p = pushes.get();
    if (p == null) {
      n.putNull("pushes");
      return n;
    }
    ObjectNode out = n.putObject("pushes");
    Map<PushRecord.State, Long> counts = p.counts();
    long kept = 0;
    for (PushRecord.State s : PushRecord.State.values()) {
      long c = counts.getOrDefault(s, 0L);
      out.put(s.name().toLowerCase(java.util.Locale.ROOT), c);
      kept += c;
    }
    out.put("kept", kept);
    out.put("forgotten", p.forgotten());
    out.put("waitingSubmits", p.waitingForRoom());
    out.put("refusedSubmits", p.refusedSubmits());
    ArrayNode byVasp = out.putArray("pendingByVasp");
    p.pendingByVasp().forEach((vasp, pending) -> byVasp.addObject().put("vaspId", vasp).put("pending", pending));
    ObjectNode bounds = out.putObject("bounds");
    p.bounds().forEach((name, b) -> bounds.putObject(name).put("used", b.used()).put("limit", b.limit()));
    return n;
  }

  /**
   * Where pushes go now (user info left out), how many are held for want of a target and how
   * many were forgotten (finished beyond the bound, or held beyond theirs).
   */
  private ObjectNode pushTarget(int sent) {
    ObjectNode n = JSON.createObjectNode();
    URI target = stub.pushTarget();
    n.put("url", target == null ? null : target.toString());
    Pushes p = pushes.get();
    n.put("held", p == null ? 0 : p.counts().getOrDefault(PushRecord.State.HELD, 0L));
    n.put("forgotten", p == null ? 0 : p.forgotten());
    n.put("sent", sent);
    return n;
  }

  /**
   * Sets the push target ({@code {"url": "http://vasp/mm7"}}, user info as Basic credentials;
   * {@code null} to hold pushes again) and, with {@code "sendHeld": true}, sends what was held.
   */
  private void setPushTarget(ApiRoute.Call c) throws Exception {
    JsonNode in = jsonBody(c.request(), true);
    if (!in.isObject() || !in.has("url")) {
      throw new ApiRoute.Refusal(400, "the body is {\"url\": \"http://host:port/path\"} (null to hold pushes)");
    }
    URI target = null;
    if (!in.get("url").isNull()) {
      try {
        target = new URI(in.get("url").asText());
      } catch (java.net.URISyntaxException e) {
        throw new ApiRoute.Refusal(400, "not a URI: " + e.getMessage());
      }
      if (!("http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme()))
          || target.getHost() == null) {
        throw new ApiRoute.Refusal(400, "the push target is an http or https URL with a host, not " + in.get("url").asText());
      }
    }
    stub.pushTo(target);
    int sent = in.path("sendHeld").asBoolean(false) && target != null ? sendHeldPushes() : 0;
    json(c.response(), c.callback(), 200, pushTarget(sent));
  }

  private void sendHeld(ApiRoute.Call c) throws Exception {
    int sent = sendHeldPushes();
    json(c.response(), c.callback(), 200, pushTarget(sent));
  }

  private int sendHeldPushes() throws ApiRoute.Refusal {
    Pushes p = pushes.get();
    if (p == null) {
      throw new ApiRoute.Refusal(503, "pushes are not configured");
    }
    try {
      return p.sendHeld();
    } catch (UnsupportedOperationException e) {
      throw new ApiRoute.Refusal(409, "these pushes cannot be sent: " + e.getMessage());
    }
  }

  private void replies(ApiRoute.Call c, int status) {
    ArrayNode list = JSON.createArrayNode();
    stub.queuedReplies().forEach(r -> list.add(ReplyJson.describe(r)));
    json(c.response(), c.callback(), status, list);
  }

  /** One reply or an array of them, queued in order: the next requests get them. */
  private void enqueue(ApiRoute.Call c) throws Exception {
    JsonNode in = jsonBody(c.request(), true);
    List<StubReply> replies = new ArrayList<>();
    if (in.isArray()) {
      if (in.size() > MAX_QUEUED) {
        throw new ApiRoute.Refusal(400, "at most " + MAX_QUEUED + " replies at once");
      }
      for (JsonNode n : in) {
        replies.add(ReplyJson.parse(n));
      }
    } else {
      replies.add(ReplyJson.parse(in));
    }
    replies.forEach(stub::enqueue); // all or none: parsed before any is queued
    replies(c, 201);
  }

  /** The OpenAPI 3.1 document describing this API. */
  private static void openApi(ApiRoute.Call c) throws IOException {
    byte[] bytes;
    try (InputStream in = InboxApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IOException("missing resource openapi.json");
      }
      bytes = in.readAllBytes();
    }
    c.response().setStatus(200);
    c.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    c.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    c.response().write(true, ByteBuffer.wrap(bytes), c.callback());
  }

  /**
   * A request's JSON body, read up to {@value #MAX_JSON} bytes; an empty body is {@code {}} unless
   * one is required.
   */
  static JsonNode jsonBody(Request request, boolean required) throws IOException, ApiRoute.Refusal {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(MAX_JSON + 1);
    }
    if (bytes.length > MAX_JSON) {
      throw new ApiRoute.Refusal(413, "a JSON body is at most " + MAX_JSON + " bytes");
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    if (body.isBlank()) {
      if (required) {
        throw new ApiRoute.Refusal(400, "a JSON body is required");
      }
      return JSON.createObjectNode();
    }
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiRoute.Refusal(415, "the body must be application/json, not " + type);
    }
    try {
      return JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiRoute.Refusal(400, "the body is not JSON: " + e.getOriginalMessage());
    }
  }

  /** What the inbox shows: the requests read back from the store at start, then those received. */
  static List<RecordedRequest> shown(InboxSource stub) {
    List<RecordedRequest> restored = stub.restoredRequests();
    if (restored.isEmpty()) {
      return stub.requests();
    }
    List<RecordedRequest> all = new ArrayList<>(restored);
    all.addAll(stub.requests());
    return all;
  }

  private RecordedRequest find(long id) {
    for (RecordedRequest r : shown(stub)) {
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
    n.put("operation", operationOf(r));
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
    if (r.restored()) {
      n.put("restored", true);
    }
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
    ObjectNode regions = o.putObject("regions");
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
          if (name.equals("region") && x.getAttributeValue(null, "id") != null && regions.size() < 64) {
            ObjectNode region = regions.putObject(x.getAttributeValue(null, "id"));
            for (String a : List.of("top", "left", "width", "height", "fit")) {
              String v = x.getAttributeValue(null, a);
              if (v != null) {
                region.put(a, v);
              }
            }
          } else if (name.equals("par") && parDepth < 0) {
            slide = slides.addObject();
            String dur = x.getAttributeValue(null, "dur");
            slide.put("dur", dur);
            putMillis(slide, "durMillis", dur);
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
            String begin = x.getAttributeValue(null, "begin");
            String dur = x.getAttributeValue(null, "dur");
            if (begin != null) {
              item.put("begin", begin);
              putMillis(item, "beginMillis", begin);
            }
            if (dur != null) {
              item.put("dur", dur);
              putMillis(item, "durMillis", dur);
            }
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

  private static final Pattern TIMECOUNT = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)(h|min|s|ms)?");
  private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,4}):)?(\\d{1,2}):(\\d{2}(?:\\.\\d{1,6})?)");

  private static void putMillis(ObjectNode n, String field, String clock) {
    Long ms = clockMillis(clock);
    if (ms == null) {
      n.putNull(field);
    } else {
      n.put(field, ms);
    }
  }

  /**
   * A SMIL clock value in milliseconds ({@code 5000ms}, {@code 5s}, {@code 5}, {@code 1.5s},
   * {@code 0.1min}, {@code 00:00:05}, {@code 01:30.5}), or null when absent, {@code indefinite}
   * or not a clock value (SMIL 2.0, 10.3.1 "Clock values").
   */
  static Long clockMillis(String clock) {
    if (clock == null) {
      return null;
    }
    String c = clock.trim();
    Matcher t = TIMECOUNT.matcher(c);
    if (t.matches()) {
      double n = Double.parseDouble(t.group(1));
      String unit = t.group(2) == null ? "s" : t.group(2);
      double factor = switch (unit) {
        case "h" -> 3_600_000;
        case "min" -> 60_000;
        case "ms" -> 1;
        default -> 1000;
      };
      return Math.round(n * factor);
    }
    Matcher k = CLOCK.matcher(c);
    if (k.matches()) {
      long hours = k.group(1) == null ? 0 : Long.parseLong(k.group(1));
      return Math.round(((hours * 60 + Long.parseLong(k.group(2))) * 60 + Double.parseDouble(k.group(3))) * 1000);
    }
    return null;
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

  /** The element name of the request's operation, or null when it could not be read. */
  static String operationOf(RecordedRequest r) {
    Mm7Message m = r.message();
    return m == null ? null : m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName();
  }

  static String messageIdOf(RecordedRequest r) {
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

  static Address senderOf(Mm7Message m) {
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

  static Recipients recipientsOf(Mm7Message m) {
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

  static String subjectOf(Mm7Message m) {
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

  private void report(RecordedRequest r, boolean readReply, ApiRoute.Call c) throws Exception {
    Pushes p = pushes.get();
    if (p == null) {
      throw new ApiRoute.Refusal(503, "pushes are not configured");
    }
    String messageId = messageIdOf(r);
    if (messageId == null) {
      throw new ApiRoute.Refusal(409, "message " + r.sequence() + " was not accepted with a MessageID: nothing to report on");
    }
    JsonNode in = jsonBody(c.request(), false);
    if (!in.isObject()) {
      throw new ApiRoute.Refusal(400, "the body is a JSON object such as {\"recipient\": \"+4470...\", \"status\": \"Retrieved\"}");
    }
    String recipient = in.path("recipient").asText(null);
    if (recipient == null || recipient.isBlank()) {
      Recipients rec = recipientsOf(r.message());
      recipient = rec == null || rec.all().isEmpty() ? null : rec.all().get(0).value();
    }
    if (recipient == null) {
      throw new ApiRoute.Refusal(400, "no recipient given and the message has none");
    }
    String statusName = in.path("status").asText(readReply ? "Read" : "Retrieved");
    MessageStatus status = MessageStatus.fromWire(statusName);
    if (status == null) {
      throw new ApiRoute.Refusal(400, "unknown MMStatus " + statusName);
    }
    CompletableFuture<PushRecord> f;
    try {
      f = readReply ? p.readReply(messageId, recipient, status) : p.deliveryReport(messageId, recipient, status);
    } catch (RuntimeException e) {
      throw new ApiRoute.Refusal(400, "the push was refused: " + e.getMessage());
    }
    pushAnswer(f, c.response(), c.callback());
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
    n.put("recipient", p.recipient());
    n.put("mmStatus", p.mmStatus() == null ? null : p.mmStatus().wireName());
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
      n.putObject(name).put("code", s.code()).put("text", s.text());
    }
  }

  /** What a DeliverReq is made of, from the inbox's form or a JSON body. */
  private record DeliverFields(String sender, List<String> to, String subject, String vaspId, List<MimePart> content) {}

  /**
   * A mobile-originated message: from the inbox's form (multipart/form-data: an uploaded file
   * and/or a text) or from a script (JSON: {@code sender}, {@code to}, {@code subject},
   * {@code vaspId}, {@code text}, {@code attachments} of {@code contentType}, {@code name},
   * {@code base64}).
   */
  private void deliver(ApiRoute.Call c) throws Exception {
    Pushes p = pushes.get();
    if (p == null) {
      throw new ApiRoute.Refusal(503, "pushes are not configured");
    }
    String contentType = c.request().getHeaders().get(HttpHeader.CONTENT_TYPE);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/json")) {
      pushDeliver(p, deliverFields(jsonBody(c.request(), true)), c);
    } else if (type.startsWith("multipart/form-data")) {
      try (MultiPartFormData.Parts form = form(c.request(), contentType)) {
        pushDeliver(p, deliverFields(form), c);
      }
    } else {
      throw new ApiRoute.Refusal(415, "POST /api/deliver takes application/json or multipart/form-data");
    }
  }

  private MultiPartFormData.Parts form(Request request, String contentType) throws Exception {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null) {
      throw new ApiRoute.Refusal(400, "multipart/form-data without a boundary");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    long limit = stub.maxMessageSize();
    parser.setMaxLength(limit);
    parser.setMaxFileSize(limit);
    parser.setMaxMemoryFileSize(limit); // never on disk
    parser.setMaxParts(20);
    try {
      return parser.parse(request, Invocable.InvocationType.BLOCKING).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ApiRoute.Refusal(400, "the form cannot be read: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new ApiRoute.Refusal(408, "the form did not arrive within 30 s");
    }
  }

  private static DeliverFields deliverFields(MultiPartFormData.Parts form) throws IOException {
    List<MimePart> content = new ArrayList<>();
    MultiPart.Part file = form.getFirst("file");
    if (file != null && file.getFileName() != null && !file.getFileName().isEmpty()) {
      byte[] bytes;
      try (InputStream fin = Content.Source.asInputStream(file.getContentSource())) {
        bytes = fin.readAllBytes();
      }
      content.add(attachment(bytes, file.getHeaders().get(HttpHeader.CONTENT_TYPE), file.getFileName()));
    }
    String text = field(form, "text");
    if (text != null) {
      content.add(TextPart.of(text));
    }
    String to = field(form, "to");
    return new DeliverFields(field(form, "sender"), to == null ? List.of() : List.of(to.split("[,;\\s]+")),
        field(form, "subject"), field(form, "vaspId"), content);
  }

  private static DeliverFields deliverFields(JsonNode in) throws ApiRoute.Refusal {
    if (!in.isObject()) {
      throw new ApiRoute.Refusal(400, "a DeliverReq is a JSON object such as {\"sender\": \"+447700900123\", \"text\": \"hi\"}");
    }
    List<String> to = new ArrayList<>();
    JsonNode t = in.path("to");
    if (t.isArray()) {
      t.forEach(a -> to.add(a.asText()));
    } else if (t.isTextual()) {
      to.addAll(List.of(t.asText().split("[,;\\s]+")));
    }
    List<MimePart> content = new ArrayList<>();
    for (JsonNode a : in.path("attachments")) {
      byte[] bytes;
      try {
        bytes = java.util.Base64.getDecoder().decode(a.path("base64").asText("").replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new ApiRoute.Refusal(400, "an attachment's base64 cannot be read: " + e.getMessage());
      }
      content.add(attachment(bytes, a.path("contentType").asText(null), a.path("name").asText("attachment")));
    }
    String text = blankToNull(in.path("text").asText(null));
    if (text != null) {
      content.add(TextPart.of(text));
    }
    return new DeliverFields(blankToNull(in.path("sender").asText(null)), to,
        blankToNull(in.path("subject").asText(null)), blankToNull(in.path("vaspId").asText(null)), content);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static MimePart attachment(byte[] bytes, String type, String name) {
    ContentType ct;
    try {
      ct = ContentType.parse(type == null ? "application/octet-stream" : type);
    } catch (RuntimeException e) {
      ct = ContentType.parse("application/octet-stream");
    }
    return BinaryPart.ofBytes(bytes, ct).withContentLocation(name.replaceAll("[\\r\\n\"\\\\/]", "_"));
  }

  private void pushDeliver(Pushes p, DeliverFields in, ApiRoute.Call c) throws Exception {
    if (in.sender() == null) {
      throw new ApiRoute.Refusal(400, "a DeliverReq needs a sender");
    }
    DeliverRequest deliver;
    try {
      DeliverRequest.Builder b = DeliverRequest.builder().sender(address(in.sender()));
      List<Address> list = new ArrayList<>();
      for (String a : in.to()) {
        if (!a.isBlank()) {
          list.add(address(a.trim()));
        }
      }
      if (!list.isEmpty()) {
        b.recipients(Recipients.to(list.toArray(new Address[0])));
      }
      if (in.subject() != null) {
        b.subject(in.subject());
      }
      if (in.vaspId() != null) {
        b.vaspId(in.vaspId());
      }
      if (!in.content().isEmpty()) {
        b.content(Smil.presentation(in.content()));
      }
      deliver = b.build();
    } catch (RuntimeException e) {
      throw new ApiRoute.Refusal(400, "not a valid DeliverReq: " + e.getMessage());
    }
    CompletableFuture<PushRecord> f;
    try {
      f = p.deliver(deliver, in.vaspId());
    } catch (RuntimeException e) {
      throw new ApiRoute.Refusal(400, "the push was refused: " + e.getMessage());
    }
    pushAnswer(f, c.response(), c.callback());
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
