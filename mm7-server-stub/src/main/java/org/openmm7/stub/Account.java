package org.openmm7.stub;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.openmm7.client.Credentials;
import org.openmm7.client.Credentials.Scheme;
import org.openmm7.schema.Mm7Release;

/**
 * A peer's account at the stub (the VASP's, when the stub plays the relay; the relay's, when it
 * plays the VASP): its {@link Credentials} (the user name is the VASP ID) and where the relay stub
 * pushes to that VASP.
 *
 * <p>A peer authenticates with HTTP Basic or Digest (the VASP ID as user name, a password) or with
 * a Bearer token; the account's credentials have at least one of them. By default a password
 * allows Basic and Digest, a token Bearer; {@link #withSchemes} narrows that, as real peers do
 * (Mbuni asks for Basic only). A request without valid credentials, or with credentials of a
 * scheme its account does not allow, is answered 401 with a challenge per scheme the accounts
 * allow, before its body is read.
 *
 * @param credentials     whom the stub accepts: the VASP ID as user name, a password and/or a token
 * @param pushUrl         the VASP's endpoint for DeliverReq, DeliveryReportReq and ReadReplyReq, or null
 *                        for the stub's default VASP endpoint
 * @param pushCredentials what the stub sends when pushing to {@code pushUrl} ({@link Credentials#none()} for nothing)
 * @param release         the release a DeliverReq to this VASP is written in, or null for the
 *                        release of the VASP's latest request (else the stub's default release)
 */
public record Account(Credentials credentials, URI pushUrl, Credentials pushCredentials, Mm7Release release) {
  public Account {
    Objects.requireNonNull(credentials, "credentials");
    String vaspId = credentials.username();
    if (vaspId == null || vaspId.isEmpty()) {
      throw new IllegalArgumentException("an account's credentials name its VASP ID as user name: " + credentials);
    }
    if (credentials.isNone()) {
      throw new IllegalArgumentException("account " + vaspId + " has neither a password nor a bearer token");
    }
    pushCredentials = pushCredentials == null ? Credentials.none() : pushCredentials;
  }

  /** An account from its parts (a password and/or a token; the schemes by default), as in the accounts file. */
  public Account(String vaspId, String password, String bearerToken, URI pushUrl, Credentials pushCredentials,
      Mm7Release release) {
    this(credentialsOf(vaspId, password, bearerToken), pushUrl, pushCredentials, release);
  }

  /** An account whose DeliverReqs go in the release of the VASP's latest request. */
  public Account(String vaspId, String password, String bearerToken, URI pushUrl, Credentials pushCredentials) {
    this(vaspId, password, bearerToken, pushUrl, pushCredentials, null);
  }

  /** An account accepting Basic and Digest with this password. */
  public Account(String vaspId, String password) {
    this(vaspId, Objects.requireNonNull(password, "password"), null, null, null, null);
  }

  /** An account accepting these credentials (their user name is the VASP ID). */
  public static Account of(Credentials credentials) {
    return new Account(credentials, null, null, null);
  }

  /** An account that authenticates with {@code Authorization: Bearer <token>}. */
  public static Account bearer(String vaspId, String token) {
    return new Account(vaspId, null, Objects.requireNonNull(token, "token"), null, null, null);
  }

  private static Credentials credentialsOf(String vaspId, String password, String token) {
    Objects.requireNonNull(vaspId, "vaspId");
    if (vaspId.isEmpty() || vaspId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a VASP ID is not empty and holds no ':': " + vaspId);
    }
    if (password == null && token == null) {
      throw new IllegalArgumentException("account " + vaspId + " has neither a password nor a bearer token");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("account " + vaspId + " has an empty bearer token");
    }
    Credentials.Builder b = Credentials.builder().username(vaspId);
    if (password != null) {
      b.password(password);
    }
    if (token != null) {
      b.token(token);
    }
    return b.build();
  }

  /** The VASP ID: the credentials' user name. */
  public String vaspId() {
    return credentials.username();
  }

  /** The password for Basic and Digest, or null. */
  public String password() {
    return credentials.password();
  }

  /** The Bearer token, or null. */
  public String bearerToken() {
    return credentials.token();
  }

  /** The schemes the peer may authenticate with. */
  public Set<Scheme> schemes() {
    return credentials.schemes();
  }

  /** Whether the peer may authenticate with this scheme. */
  public boolean allows(Scheme scheme) {
    return credentials.allows(scheme);
  }

  /**
   * The same account, allowing only these schemes (at least one; Basic and Digest need a password,
   * Bearer a token). Credentials of another scheme are refused with 401, and a scheme no account
   * allows is not challenged.
   */
  public Account withSchemes(Scheme... schemes) {
    try {
      return new Account(credentials.withSchemes(schemes), pushUrl, pushCredentials, release);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("account " + vaspId() + ": " + e.getMessage(), e);
    }
  }

  /** The same account, pushed to at this URL (with the credentials in its user info, if any). */
  public Account withPushUrl(URI url) {
    Credentials fromUrl = Credentials.fromUserInfo(url);
    return new Account(credentials, Credentials.withoutUserInfo(url),
        fromUrl.isNone() ? pushCredentials : fromUrl, release);
  }

  /** The same account, pushed to with these credentials (Basic, Digest after the VASP's challenge, or Bearer). */
  public Account withPushCredentials(Credentials credentials) {
    return new Account(this.credentials, pushUrl, credentials, release);
  }

  /**
   * The same account, sent DeliverReqs in this release (null: in the release of the VASP's latest
   * request). Delivery reports and read replies always go in the namespace of the submit they are about.
   */
  public Account withRelease(Mm7Release release) {
    return new Account(credentials, pushUrl, pushCredentials, release);
  }

  @Override
  public String toString() {
    return "Account[vaspId=" + vaspId() + (password() != null ? ", password=***" : "")
        + (bearerToken() != null ? ", bearer=***" : "") + (pushUrl != null ? ", pushUrl=" + pushUrl : "")
        + (release != null ? ", release=" + release.releaseName() : "") + ", schemes=" + schemes() + "]";
  }
}
