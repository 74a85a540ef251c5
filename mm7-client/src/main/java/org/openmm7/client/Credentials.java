package org.openmm7.client;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who a peer is over HTTP, the same value on every side: what a client sends ({@link
 * Mm7Client.Builder#credentials}, the stub's pushes and requests to a relay) and what a server
 * accepts (the inbound endpoint's {@code credentials}, the stub's accounts). A user name with a
 * password, a bearer token, or both, and the HTTP schemes they may be used with. Immutable;
 * {@code toString()} never shows a secret.
 *
 * <ul>
 *   <li>{@link #none()}: no Authorization header (relays that allow-list IP addresses);</li>
 *   <li>{@link #basic}: HTTP Basic (RFC 7617), sent preemptively with every request (UTF-8);</li>
 *   <li>{@link #digest}: HTTP Digest (RFC 7616), answered after the peer's challenge (SHA-256 or
 *       MD5, whichever the peer offers first);</li>
 *   <li>{@link #bearer}: {@code Authorization: Bearer <token>} (RFC 6750), sent with every request;</li>
 *   <li>{@link #builder()}: a user with a password and/or a token; by default a password allows
 *       Basic and Digest and a token Bearer, {@link Builder#schemes} narrows that.</li>
 * </ul>
 *
 * <p>A client sends with the first scheme allowed of Bearer (a token), Basic (preemptively), Digest
 * (after the challenge). A server accepts any allowed scheme and challenges each of them.
 */
public final class Credentials {
  /** An HTTP authentication scheme. */
  public enum Scheme {
    /** RFC 7617: the password itself, in every request. */
    BASIC,
    /** RFC 7616: a proof of the password, SHA-256 or MD5. */
    DIGEST,
    /** RFC 6750: the token. */
    BEARER;

    /** The scheme of this name ({@code basic}, {@code digest}, {@code bearer}), in any case. */
    public static Scheme named(String name) {
      for (Scheme s : values()) {
        if (s.name().equalsIgnoreCase(name.trim())) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown scheme '" + name + "'; valid: basic, digest, bearer");
    }

    /** The lower-case name, as in files and on the command line. */
    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Credentials NONE = new Credentials(null, null, null, Set.of());

  private final String username;
  private final String password;
  private final String token;
  private final Set<Scheme> schemes;

  private Credentials(String username, String password, String token, Set<Scheme> schemes) {
    this.username = username;
    this.password = password;
    this.token = token;
    this.schemes = schemes;
  }

  /** No credentials. */
  public static Credentials none() {
    return NONE;
  }

  /** HTTP Basic with this user and password. */
  public static Credentials basic(String username, String password) {
    return builder().username(username).password(password).schemes(Scheme.BASIC).build();
  }

  /** HTTP Digest with this user and password. */
  public static Credentials digest(String username, String password) {
    return builder().username(username).password(password).schemes(Scheme.DIGEST).build();
  }

  /** A bearer token. */
  public static Credentials bearer(String token) {
    return builder().token(token).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Basic credentials in a URI's user info ({@code http://user:pw@host/...}), or {@link #none()}
   * when it has none.
   */
  public static Credentials fromUserInfo(URI uri) {
    String info = uri == null ? null : uri.getUserInfo();
    if (info == null || info.isEmpty()) {
      return NONE;
    }
    int colon = info.indexOf(':');
    return colon < 0 ? basic(info, "") : basic(info.substring(0, colon), info.substring(colon + 1));
  }

  /** The URI without its user info (what may be printed and logged). */
  public static URI withoutUserInfo(URI uri) {
    if (uri == null || uri.getRawUserInfo() == null) {
      return uri;
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
        + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** Whether these are no credentials at all. */
  public boolean isNone() {
    return schemes.isEmpty();
  }

  /** The user name (for Basic and Digest, and the account a token belongs to), or null. */
  public String username() {
    return username;
  }

  /** The password, or null. */
  public String password() {
    return password;
  }

  /** The bearer token, or null. */
  public String token() {
    return token;
  }

  /** The schemes these may be used with (empty for {@link #none()}). */
  public Set<Scheme> schemes() {
    return schemes;
  }

  public boolean allows(Scheme scheme) {
    return schemes.contains(scheme);
  }

  /** The scheme a client sends these with: Bearer, else Basic, else Digest; null for none. */
  public Scheme sentAs() {
    for (Scheme s : new Scheme[] {Scheme.BEARER, Scheme.BASIC, Scheme.DIGEST}) {
      if (schemes.contains(s)) {
        return s;
      }
    }
    return null;
  }

  /** The same credentials allowing only these schemes (Basic and Digest need a password, Bearer a token). */
  public Credentials withSchemes(Scheme... schemes) {
    return toBuilder().schemes(schemes).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.username = username;
    b.password = password;
    b.token = token;
    b.schemes = schemes.isEmpty() ? null : EnumSet.copyOf(schemes);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c && Objects.equals(username, c.username) && Objects.equals(password, c.password)
        && Objects.equals(token, c.token) && schemes.equals(c.schemes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, password, token, schemes);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    if (schemes.equals(Set.of(Scheme.BASIC))) {
      return "basic(" + username + ", ****)";
    }
    if (schemes.equals(Set.of(Scheme.DIGEST))) {
      return "digest(" + username + ", ****)";
    }
    if (schemes.equals(Set.of(Scheme.BEARER)) && username == null) {
      return "bearer(****)";
    }
    return "credentials(" + (username == null ? "" : username + ", ") + (password != null ? "password ****, " : "")
        + (token != null ? "token ****, " : "") + schemes + ")";
  }

  /** Configures {@link Credentials}. */
  public static final class Builder {
    private String username;
    private String password;
    private String token;
    private Set<Scheme> schemes;

    private Builder() {}

    /** The user name (the VASP ID of a stub's account); no ':' (RFC 7617). */
    public Builder username(String username) {
      Objects.requireNonNull(username, "username");
      if (username.indexOf(':') >= 0) {
        throw new IllegalArgumentException("an HTTP user name cannot contain ':'");
      }
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("empty bearer token");
      }
      this.token = token;
      return this;
    }

    /** The schemes allowed (default: Basic and Digest with a password, Bearer with a token). */
    public Builder schemes(Scheme... schemes) {
      EnumSet<Scheme> set = EnumSet.noneOf(Scheme.class);
      for (Scheme s : schemes) {
        set.add(Objects.requireNonNull(s, "scheme"));
      }
      if (set.isEmpty()) {
        throw new IllegalArgumentException("no scheme");
      }
      this.schemes = set;
      return this;
    }

    public Credentials build() {
      if (password == null && token == null) {
        throw new IllegalArgumentException("credentials need a password or a token (Credentials.none() for none)");
      }
      EnumSet<Scheme> s;
      if (schemes == null) {
        s = EnumSet.noneOf(Scheme.class);
        if (password != null) {
          s.add(Scheme.BASIC);
          s.add(Scheme.DIGEST);
        }
        if (token != null) {
          s.add(Scheme.BEARER);
        }
      } else {
        s = EnumSet.copyOf(schemes);
        if (password == null && (s.contains(Scheme.BASIC) || s.contains(Scheme.DIGEST))) {
          throw new IllegalArgumentException("Basic or Digest needs a password");
        }
        if (token == null && s.contains(Scheme.BEARER)) {
          throw new IllegalArgumentException("Bearer needs a token");
        }
      }
      if (password != null && username == null && (s.contains(Scheme.BASIC) || s.contains(Scheme.DIGEST))) {
        throw new IllegalArgumentException("a password needs a user name");
      }
      return new Credentials(username, password, token, Collections.unmodifiableSet(s));
    }
  }
}
