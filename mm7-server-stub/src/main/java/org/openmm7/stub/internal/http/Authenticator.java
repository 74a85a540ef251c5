package org.openmm7.stub.internal.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openmm7.client.internal.auth.HttpAuthenticator;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a request's credentials against the accounts, from its headers alone (before a byte of
 * the body is read): Basic and Digest (RFC 7616, SHA-256 and MD5) and Bearer, each for the accounts
 * that allow it ({@link Account#schemes()}). See {@link HttpAuthenticator} for how (constant-time compares,
 * bounded expiring nonces, replay check).
 */
public final class Authenticator {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);
  /** The realm of the challenges. */
  static final String REALM = "MM7";

  private final HttpAuthenticator http;

  public Authenticator(Collection<Account> accounts) {
    this(accounts, REALM);
  }

  /** With the realm of the challenges (a relay's own, such as Mbuni's). */
  public Authenticator(Collection<Account> accounts, String realm) {
    List<HttpAuthenticator.Account> list = new ArrayList<>();
    for (Account a : accounts) {
      list.add(HttpAuthenticator.Account.of(a.credentials()));
    }
    this.http = new HttpAuthenticator(realm, list);
  }

  /** Whether any credentials are asked for. */
  public boolean enabled() {
    return http.enabled();
  }

  /** What the request's Authorization header (all of them) is worth. */
  HttpAuthenticator.Outcome check(Request request) {
    return http.check(request.getMethod(), request.getHttpURI().getPathQuery(),
        request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION));
  }

  /** The WWW-Authenticate values of a 401: one per scheme the accounts allow. */
  List<String> challenges(boolean stale) {
    return http.challenges(stale);
  }

  /** The largest body read (and dropped) after a 401, so that the connection can carry the next attempt. */
  private static final int DRAIN_AFTER_REFUSAL = 64 * 1024;

  /**
   * The callback for any answer refusing a stranger (a 401 here, a 4001 fault for a relay that
   * answers so), before a byte of its body is read: a body of up to 64 KiB is then read and dropped
   * so the connection can carry the next attempt; a larger one, or one of unknown length, is left
   * unread and the connection closed (a stranger's flood costs no bandwidth to read).
   */
  static Callback afterRefusal(Request request, Response response, Callback callback) {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    boolean waitsForContinue = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    if (declared > 0 && declared <= DRAIN_AFTER_REFUSAL && !waitsForContinue) {
      return Callback.from(() -> BodyArrival.drain(request, DRAIN_AFTER_REFUSAL, callback), callback::failed);
    }
    if (declared != 0) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    return callback;
  }

  /**
   * Answers a request without valid credentials: a bare 401 with one challenge per scheme the
   * accounts allow (as relays do: Mbuni's {@code Basic realm="..."}), or 400 for two Authorization
   * headers. A body of up to 64 KiB is read and dropped after the answer, without holding a thread,
   * so that the connection can carry the client's next attempt; a larger one, or one of unknown
   * length, is left unread and the connection closed.
   */
  void refuse(Request request, Response response, Callback callback, HttpAuthenticator.Outcome outcome) {
    Callback done = afterRefusal(request, response, callback);
    if (outcome instanceof HttpAuthenticator.Refused refused) {
      log.info("MM7 request from {} refused with 401: {}", Request.getRemoteAddr(request), refused.reason());
      for (String challenge : challenges(refused.stale())) {
        response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, challenge);
      }
      PlainAnswer.write(response, done, 401, "missing or wrong credentials\n");
    } else {
      String reason = ((HttpAuthenticator.Malformed) outcome).reason();
      log.info("MM7 request from {} refused with 400: {}", Request.getRemoteAddr(request), reason);
      PlainAnswer.write(response, done, 400, reason + "\n");
    }
  }
}
