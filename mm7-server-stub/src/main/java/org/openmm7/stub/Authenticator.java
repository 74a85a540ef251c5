package org.openmm7.stub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.openmm7.client.internal.auth.HttpAuthenticator;

/**
 * Checks a request's credentials against the accounts, from its headers alone (before a byte of
 * the body is read): Basic and Digest (RFC 7616, SHA-256 and MD5) and Bearer, each for the accounts
 * that allow it ({@link Account#schemes()}). See {@link HttpAuthenticator} for how (constant-time compares,
 * bounded expiring nonces, replay check).
 */
final class Authenticator {
  /** The realm of the challenges. */
  static final String REALM = "MM7";

  private final HttpAuthenticator http;

  Authenticator(Collection<Account> accounts) {
    List<HttpAuthenticator.Account> list = new ArrayList<>();
    for (Account a : accounts) {
      list.add(new HttpAuthenticator.Account(a.vaspId(), a.password(),
          a.allows(Account.Scheme.BEARER) ? a.bearerToken() : null,
          a.allows(Account.Scheme.BASIC), a.allows(Account.Scheme.DIGEST)));
    }
    this.http = new HttpAuthenticator(REALM, list);
  }

  /** Whether any credentials are asked for. */
  boolean enabled() {
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
}
