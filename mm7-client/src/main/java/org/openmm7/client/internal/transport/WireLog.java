package org.openmm7.client.internal.transport;

import org.openmm7.client.internal.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wire logging through the SLF4J logger {@code org.openmm7.wire}, at DEBUG, so it is off unless a
 * logging configuration turns it on. Runs as HttpClient's last request and first response
 * interceptor, so it sees every HTTP attempt with its final headers (including a Digest
 * challenge round trip). Secrets are
 * never printed: Authorization, Proxy-Authorization, cookies and any header whose name says
 * token, secret, password or key show only their scheme.
 */
public final class WireLog implements HttpRequestInterceptor, HttpResponseInterceptor {
  public static final String LOGGER_NAME = "org.openmm7.wire";
  public static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final int MAX_BODY_LOG = 64 * 1024;

  public static boolean enabled() {
    return LOG.isDebugEnabled();
  }

  /** Runs last among HttpClient's request interceptors: the headers as they go on the wire. */
  @Override
  public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    StringBuilder b = new StringBuilder(">> ").append(request.getMethod()).append(' ')
        .append(request.getRequestUri()).append(" HTTP/1.1\n");
    headers(b, request, ">> ");
    LOG.debug(b.toString().stripTrailing());
  }

  /** Runs first among the response interceptors: the status line and headers as received. */
  @Override
  public void process(HttpResponse response, EntityDetails entity, HttpContext context) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    StringBuilder r = new StringBuilder("<< ").append(response.getCode()).append(' ')
        .append(response.getReasonPhrase() == null ? "" : SafeText.escape(response.getReasonPhrase())).append('\n');
    headers(r, response, "<< ");
    LOG.debug(r.toString().stripTrailing());
  }

  private static void headers(StringBuilder b, HttpMessage m, String prefix) {
    for (Header h : m.getHeaders()) {
      b.append(prefix).append(SafeText.escape(h.getName())).append(": ")
          .append(SafeText.escape(redact(h.getName(), h.getValue()))).append('\n');
    }
  }

  /** The header value as it may be logged. */
  public static String redact(String name, String value) {
    if (!isSensitive(name) || value == null) {
      return value;
    }
    int sp = value.indexOf(' ');
    String n = name.toLowerCase(Locale.ROOT);
    if (sp > 0 && (n.equals("authorization") || n.equals("proxy-authorization"))) {
      return value.substring(0, sp) + " ****";
    }
    return "****";
  }

  /** Whether a header carries a secret. */
  public static boolean isSensitive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie")
        || n.equals("set-cookie") || n.contains("token") || n.contains("secret") || n.contains("password")
        || n.contains("api-key") || n.contains("apikey");
  }

  /** Logs the SOAP envelope of an outgoing request (attachments are summarised, not printed). */
  public static void requestBody(String operation, String transactionId, byte[] soap, long bodyLength,
      boolean attachments) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    LOG.debug(">> {} TransactionID={} body={}{}\n{}", operation, transactionId,
        bodyLength < 0 ? "chunked" : bodyLength + " bytes", attachments ? " (SOAP part shown, attachments not)" : "",
        text(soap, soap.length));
  }

  /** Logs a response body, bounded. */
  public static void responseBody(int status, String contentType, byte[] body) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    LOG.debug("<< HTTP {} Content-Type={} {} bytes\n{}", status, SafeText.escape(contentType), body.length,
        SafeText.escapeLines(text(body, Math.min(body.length, MAX_BODY_LOG))));
  }

  private static String text(byte[] b, int len) {
    String s = new String(b, 0, len, StandardCharsets.UTF_8);
    return len < b.length ? s + "\n... (" + (b.length - len) + " more bytes)" : s;
  }
}
