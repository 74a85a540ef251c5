package org.openmm7.client.internal.transport;

import java.time.Duration;
import java.util.Iterator;
import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.hc.core5.http.HeaderElement;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * How long an idle connection is kept for the next request: the client's keep-alive, or less when
 * the server states its own idle timeout ({@code Keep-Alive: timeout=N}, as Apache httpd and
 * Node.js send) — then {@link #MARGIN} less than that, because a request sent just as the server
 * closes the connection gets no answer, and a SubmitReq is never retried. HttpClient's own
 * strategy takes the server's value as it is, even above the client's keep-alive. A connection
 * whose server states a second or less is not kept at all; one with {@code Connection: close}
 * never is (HttpCore's reuse strategy, which this one asks first).
 */
final class ServerKeepAlive implements ConnectionKeepAliveStrategy, ConnectionReuseStrategy {
  /**
   * Kept off the server's stated timeout: the client's idle time starts when it has read the answer
   * (after the server's, which started when it sent it), and its next request takes a while to arrive.
   */
  static final Duration MARGIN = Duration.ofSeconds(1);

  private final Duration keepAlive;

  ServerKeepAlive(Duration keepAlive) {
    this.keepAlive = keepAlive;
  }

  @Override
  public boolean keepAlive(HttpRequest request, HttpResponse response, HttpContext context) {
    if (!DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context)) {
      return false;
    }
    Duration stated = statedTimeout(response);
    return stated == null || stated.compareTo(MARGIN) > 0;
  }

  @Override
  public TimeValue getKeepAliveDuration(HttpResponse response, HttpContext context) {
    Duration stated = statedTimeout(response);
    Duration d = stated == null ? keepAlive : min(keepAlive, stated.minus(MARGIN));
    // never zero: HttpClient would take it as "kept for ever" (keepAlive() refused those already)
    return TimeValue.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  /** The {@code timeout} of the answer's {@code Keep-Alive} header, or null when it states none (or nonsense). */
  static Duration statedTimeout(HttpResponse response) {
    Iterator<HeaderElement> it = MessageSupport.iterate(response, HttpHeaders.KEEP_ALIVE);
    while (it.hasNext()) {
      HeaderElement e = it.next();
      if ("timeout".equalsIgnoreCase(e.getName()) && e.getValue() != null) {
        try {
          long seconds = Long.parseLong(e.getValue().trim());
          return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException ignored) {
          return null;
        }
      }
    }
    return null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
