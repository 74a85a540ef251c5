package org.openmm7.client;

import java.util.Objects;

/**
 * How the client proves who it is to the relay, and what the inbound endpoint expects of the
 * relay. {@code toString()} never shows a secret.
 *
 * <ul>
 *   <li>{@link #none()}: no Authorization header (relays that allow-list IP addresses);</li>
 *   <li>{@link #basic}: HTTP Basic, sent preemptively with every request (UTF-8);</li>
 *   <li>{@link #digest}: HTTP Digest (RFC 7616), answered after the relay's challenge (SHA-256 or
 *       MD5, whichever the relay offers first); the inbound endpoint checks it too;</li>
 *   <li>{@link #bearer}: {@code Authorization: Bearer <token>}, sent with every request.</li>
 * </ul>
 */
public sealed interface Credentials permits Credentials.None, Credentials.Basic, Credentials.Digest,
    Credentials.Bearer {

  static Credentials none() {
    return None.INSTANCE;
  }

  static Credentials basic(String username, String password) {
    return new Basic(username, password);
  }

  static Credentials digest(String username, String password) {
    return new Digest(username, password);
  }

  static Credentials bearer(String token) {
    return new Bearer(token);
  }

  /** No credentials. */
  final class None implements Credentials {
    static final None INSTANCE = new None();

    private None() {}

    @Override
    public String toString() {
      return "none";
    }
  }

  /** HTTP Basic. */
  final class Basic implements Credentials {
    private final String username;
    private final String password;

    private Basic(String username, String password) {
      this.username = requireNoColon(username);
      this.password = Objects.requireNonNull(password, "password");
    }

    public String username() {
      return username;
    }

    public String password() {
      return password;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Basic b && b.username.equals(username) && b.password.equals(password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(username, password);
    }

    @Override
    public String toString() {
      return "basic(" + username + ", ****)";
    }
  }

  /** HTTP Digest. */
  final class Digest implements Credentials {
    private final String username;
    private final String password;

    private Digest(String username, String password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
    }

    public String username() {
      return username;
    }

    public String password() {
      return password;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && d.username.equals(username) && d.password.equals(password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(username, password);
    }

    @Override
    public String toString() {
      return "digest(" + username + ", ****)";
    }
  }

  /** A bearer token. */
  final class Bearer implements Credentials {
    private final String token;

    private Bearer(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IllegalArgumentException("a bearer token is non-blank visible ASCII");
      }
      this.token = token;
    }

    public String token() {
      return token;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bearer b && b.token.equals(token);
    }

    @Override
    public int hashCode() {
      return token.hashCode();
    }

    @Override
    public String toString() {
      return "bearer(****)";
    }
  }

  private static String requireNoColon(String username) {
    Objects.requireNonNull(username, "username");
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("an HTTP Basic user name cannot contain ':'");
    }
    return username;
  }
}
