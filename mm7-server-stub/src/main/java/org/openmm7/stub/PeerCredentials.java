package org.openmm7.stub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What the stub sends to authenticate itself to the peer it calls: HTTP Basic (user and password)
 * or a Bearer token. Used for pushes to a VASP and for requests to a relay. Immutable.
 */
public final class PeerCredentials {
  private final String user;
  private final String secret;
  private final boolean bearer;

  private PeerCredentials(String user, String secret, boolean bearer) {
    this.user = user;
    this.secret = secret;
    this.bearer = bearer;
  }

  /** HTTP Basic credentials. */
  public static PeerCredentials basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    return new PeerCredentials(user, password, false);
  }

  /** A Bearer token ({@code Authorization: Bearer <token>}). */
  public static PeerCredentials bearer(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("empty bearer token");
    }
    return new PeerCredentials(null, token, true);
  }

  /** The Basic credentials in a URI's user info ({@code http://user:pw@host/...}), or null when it has none. */
  public static PeerCredentials fromUserInfo(URI uri) {
    String info = uri == null ? null : uri.getUserInfo();
    if (info == null || info.isEmpty()) {
      return null;
    }
    int colon = info.indexOf(':');
    return colon < 0 ? basic(info, "") : basic(info.substring(0, colon), info.substring(colon + 1));
  }

  /** The URI without its user info. */
  public static URI withoutUserInfo(URI uri) {
    if (uri == null || uri.getUserInfo() == null) {
      return uri;
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
        + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  public boolean isBearer() {
    return bearer;
  }

  /** The Basic user name, or null for a Bearer token. */
  public String user() {
    return user;
  }

  /** The value of the Authorization header. */
  public String authorizationHeader() {
    if (bearer) {
      return "Bearer " + secret;
    }
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The same credentials as the client sends them. */
  org.openmm7.client.Credentials toCredentials() {
    return bearer ? org.openmm7.client.Credentials.bearer(secret) : org.openmm7.client.Credentials.basic(user, secret);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerCredentials c && bearer == c.bearer && Objects.equals(user, c.user) && secret.equals(c.secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, secret, bearer);
  }

  @Override
  public String toString() {
    return bearer ? "Bearer ***" : "Basic " + user + ":***";
  }
}
