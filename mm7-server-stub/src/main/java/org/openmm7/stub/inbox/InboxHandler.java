package org.openmm7.stub.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.Pushes;

/**
 * The web inbox and its JSON API, on the stub's own port: everything but the MM7 endpoint's path
 * (which goes to the wrapped MM7 handler). {@code /} is the page, {@code /inbox.js} and
 * {@code /inbox.css} its assets, {@code /api/...} the JSON API (see {@link InboxApi}) and
 * {@code /api/events} a Server-Sent Events stream that says when the list of messages changed.
 *
 * <p>Security: every answer carries a Content-Security-Policy without inline scripts and
 * {@code X-Content-Type-Options: nosniff}. With a password, every request needs HTTP Basic
 * credentials of user {@code inbox} (compared in constant time), and wrong passwords are slowed
 * down ({@link GuessThrottle}: after five from one address, 429 with Retry-After). Without one (the
 * stub then listens on loopback only), the Host header must name a loopback host literally
 * ({@link LoopbackHost}: {@code localhost}, {@code 127.x.y.z}, {@code [::1]}; a name is never
 * resolved), so that a web page whose name is rebound to 127.0.0.1 cannot read the inbox. State-changing requests (POST) need the header
 * {@code X-OpenMM7-Inbox}, which a cross-origin page cannot send without a CORS preflight that is
 * never granted.
 */
public final class InboxHandler extends Handler.Wrapper {
  /** The Content-Security-Policy of every inbox answer. */
  public static final String CSP = "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; "
      + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** The header a POST must carry (any value). */
  public static final String POST_HEADER = "X-OpenMM7-Inbox";
  static final String USER = "inbox";
  /** The routes this handler answers itself under /api (the others are {@link InboxApi}'s). */
  static final List<String> ROUTES = List.of("GET /api/events");
  static final int MAX_EVENT_STREAMS = 16;
  private static final long EVENT_STREAM_MILLIS = 55_000;
  private static final Map<String, String> ASSETS = Map.of(
      "/", "index.html",
      "/index.html", "index.html",
      "/inbox.js", "inbox.js",
      "/inbox.css", "inbox.css",
      "/favicon.ico", "");

  private final InboxSource stub;
  private final String mm7Path;
  private final byte[] credentialDigest;
  private final Supplier<Pushes> pushes;
  /** Made on the first API request: a stub used only for MM7 never loads the API (nor Jackson). */
  private volatile InboxApi api;
  private final EventStreams events = new EventStreams(new RecordingState(), MAX_EVENT_STREAMS, EVENT_STREAM_MILLIS);
  private final GuessThrottle guesses;

  /**
   * @param stub     what the inbox shows and changes of its stub
   * @param mm7      the MM7 handler, which gets the requests to the MM7 path
   * @param mm7Path  the MM7 endpoint's path
   * @param password the inbox password, or null for none (only allowed on loopback: see
   *                 {@link #requirePasswordUnlessLoopback})
   * @param pushes   where pushes are sent; it may return null ("pushes are not configured")
   */
  public InboxHandler(InboxSource stub, Handler mm7, String mm7Path, String password, Supplier<Pushes> pushes) {
    this(stub, mm7, mm7Path, password, pushes, () -> System.nanoTime() / 1_000_000);
  }

  /**
   * As {@link #InboxHandler(InboxSource, Handler, String, String, Supplier)}, with the clock
   * (milliseconds, monotonic) that paces wrong passwords.
   */
  public InboxHandler(InboxSource stub, Handler mm7, String mm7Path, String password, Supplier<Pushes> pushes,
      LongSupplier clockMillis) {
    super(mm7);
    this.guesses = new GuessThrottle(clockMillis);
    this.stub = stub;
    this.mm7Path = mm7Path;
    this.credentialDigest = password == null ? null : sha256(USER + ":" + password);
    this.pushes = pushes;
  }

  private InboxApi api() {
    InboxApi a = api;
    if (a == null) {
      synchronized (this) {
        a = api;
        if (a == null) {
          a = new InboxApi(stub, pushes);
          api = a;
        }
      }
    }
    return a;
  }

  /**
   * Refuses an inbox without a password on anything but a loopback address.
   *
   * @throws IllegalArgumentException when {@code host} is not loopback and there is no password
   */
  public static void requirePasswordUnlessLoopback(String host, String password) {
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("the inbox password is empty");
    }
    if (password == null && !isLoopback(host)) {
      throw new IllegalArgumentException("the stub listens on " + host + ", not loopback: its web inbox needs a password"
          + " (Builder.inboxPassword(..), --inbox-password) or must be turned off (Builder.inbox(false), --no-inbox)");
    }
  }

  static boolean isLoopback(String host) {
    return LoopbackHost.isLoopback(host);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.equals(mm7Path) && !(path.equals("/") && !"POST".equals(request.getMethod()))) {
      return super.handle(request, response, callback);
    }
    var h = response.getHeaders();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    if (credentialDigest != null) {
      String client = Request.getRemoteAddr(request);
      long wait = guesses.waitMillis(client);
      if (wait > 0) {
        h.put(HttpHeader.RETRY_AFTER, Long.toString((wait + 999) / 1000));
        refuse(request, response, callback, 429, "too many wrong inbox passwords; try again later");
        return true;
      }
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (!authorized(authorization)) {
        if (authorization != null) {
          guesses.failed(client); // a request without credentials is the browser asking, not a guess
        }
        h.put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"OpenMM7 inbox\", charset=\"UTF-8\"");
        refuse(request, response, callback, 401, "the inbox needs a password (user \"" + USER + "\")");
        return true;
      }
      guesses.succeeded(client);
    } else if (!loopbackHost(request)) {
      refuse(request, response, callback, 403, "the inbox answers only to a loopback Host (localhost, 127.0.0.1, [::1])");
      return true;
    }
    String method = request.getMethod();
    if (path.equals("/api/events") && "GET".equals(method)) {
      events(request, response, callback);
      return true;
    }
    if (path.startsWith("/api/")) {
      if (!"GET".equals(method) && !"HEAD".equals(method) && request.getHeaders().get(POST_HEADER) == null) {
        refuse(request, response, callback, 403,
            "a request that changes something (POST, PUT, DELETE) needs the header " + POST_HEADER);
        return true;
      }
      if (!"GET".equals(method) && !"HEAD".equals(method) && !sameOrigin(request)) {
        refuse(request, response, callback, 403, "a request that changes something must come from the inbox's own page");
        return true;
      }
      api().handle(path.substring("/api".length()), request, response, callback);
      return true;
    }
    String asset = ASSETS.get(path);
    if (asset == null) {
      refuse(request, response, callback, 404, "not found: the inbox is at /, the API under /api/, MM7 at " + mm7Path);
      return true;
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      h.put(HttpHeader.ALLOW, "GET, HEAD");
      refuse(request, response, callback, 405, "GET only");
      return true;
    }
    if (asset.isEmpty()) {
      response.setStatus(204);
      callback.succeeded();
      return true;
    }
    byte[] bytes = asset(asset);
    String type = asset.endsWith(".js") ? "text/javascript; charset=utf-8"
        : asset.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    response.setStatus(200);
    h.put(HttpHeader.CONTENT_TYPE, type);
    h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    return true;
  }

  /** A refusal; a request whose body is left unread gets its connection closed, so that no client reuses it. */
  private static void refuse(Request request, Response response, Callback callback, int status, String message) {
    closeIfBody(request, response);
    InboxApi.error(response, callback, status, message);
  }

  /**
   * Asks for the connection to be closed after the answer when the request has a body that may be
   * left unread: a client that reused it would otherwise find it closed under its next request.
   */
  static void closeIfBody(Request request, Response response) {
    var h = request.getHeaders();
    long length = h.getLongField(HttpHeader.CONTENT_LENGTH);
    if (length > 0 || h.contains(HttpHeader.TRANSFER_ENCODING)) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private static byte[] asset(String name) throws IOException {
    try (InputStream in = InboxHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing inbox resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private boolean authorized(String authorization) {
    String given = "";
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        given = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        given = "";
      }
    }
    // user and password compared together, as digests, in constant time
    return MessageDigest.isEqual(credentialDigest, sha256(given));
  }

  /**
   * A browser names the page that sends a POST in Origin: it must be this host (a defence in
   * depth beside the custom header, which a cross-site page cannot send without a preflight).
   * Without Origin (a script, curl) the request is not from a browser page and is let through.
   */
  private static boolean sameOrigin(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    try {
      java.net.URI o = new java.net.URI(origin.trim());
      return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host.trim())
          && ("http".equals(o.getScheme()) || "https".equals(o.getScheme()));
    } catch (java.net.URISyntaxException e) {
      return false; // "null" from a sandboxed frame, or garbage
    }
  }

  /** Both the Host header (when there is one) and the authority Jetty took name loopback. */
  private static boolean loopbackHost(Request request) {
    String header = request.getHeaders().get(HttpHeader.HOST);
    if (header != null && !LoopbackHost.isLoopbackAuthority(header)) {
      return false;
    }
    String host = request.getHttpURI().getHost();
    return host == null || isLoopback(host.toLowerCase(Locale.ROOT));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Server-Sent Events: an event {@code messages} (data: the newest sequence number and the count)
   * at once and whenever the recordings change, a comment every 15 s; the stream ends after about a
   * minute and the browser's EventSource reconnects. Written asynchronously ({@link EventStreams}):
   * an open stream holds its socket, not a thread; beyond {@value #MAX_EVENT_STREAMS} open streams,
   * 503.
   */
  private void events(Request request, Response response, Callback callback) {
    if (!events.open(request, response, callback)) {
      // bare text, read by a person or a script; the EventSource retries after Retry-After
      byte[] text = "too many event streams; poll /api/messages instead\n".getBytes(StandardCharsets.UTF_8);
      response.setStatus(503);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
      response.write(true, ByteBuffer.wrap(text), callback);
    }
  }

  /** What the event streams send (a class, not a method reference: nothing is linked at a stub's start). */
  private final class RecordingState implements Supplier<String> {
    @Override
    public String get() {
      return recordingState();
    }
  }

  private String recordingState() {
    List<RecordedRequest> all = InboxApi.shown(stub);
    long newest = all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    return "{\"latest\":" + newest + ",\"count\":" + all.size() + "}";
  }

  /** How many event streams are open now (for tests and figures). */
  public int openEventStreams() {
    return events.openCount();
  }

  @Override
  protected void doStop() throws Exception {
    events.closeAll();
    super.doStop();
  }
}
