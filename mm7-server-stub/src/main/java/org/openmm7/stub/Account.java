package org.openmm7.stub;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.openmm7.schema.Mm7Release;

/**
 * A peer's credentials at the stub (the VASP's, when the stub plays the relay; the relay's, when it
 * plays the VASP), and where the relay stub pushes to that VASP.
 *
 * <p>A peer authenticates with HTTP Basic or Digest (the VASP ID as user name, {@link #password()})
 * or with a Bearer token ({@link #bearerToken()}); an account has at least one of them. By default an
 * account with a password allows Basic and Digest, one with a token Bearer; {@link #withSchemes}
 * narrows that, as real peers do (Mbuni asks for Basic only). A request without valid credentials,
 * or with credentials of a scheme its account does not allow, is answered 401 with a challenge per
 * scheme the accounts allow, before its body is read.
 *
 * @param vaspId          the VASP ID, also the Basic user name
 * @param password        the Basic password, or null (Bearer only)
 * @param bearerToken     the Bearer token, or null (Basic only)
 * @param pushUrl         the VASP's endpoint for DeliverReq, DeliveryReportReq and ReadReplyReq, or null
 *                        for the stub's default VASP endpoint
 * @param pushCredentials what the stub sends when pushing to {@code pushUrl}, or null for nothing
 * @param release         the release a DeliverReq to this VASP is written in, or null for the
 *                        release of the VASP's latest request (else the stub's default release)
 * @param schemes         the schemes the peer may authenticate with, or null for the default (Basic
 *                        and Digest with a password, Bearer with a token)
 */
public record Account(String vaspId, String password, String bearerToken, URI pushUrl, PeerCredentials pushCredentials,
    Mm7Release release, Set<Scheme> schemes) {
  /** An HTTP authentication scheme an account may allow. */
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

    /** The lower-case name, as in the accounts file. */
    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Account {
    Objects.requireNonNull(vaspId, "vaspId");
    if (vaspId.isEmpty() || vaspId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a VASP ID is not empty and holds no ':': " + vaspId);
    }
    if (password == null && bearerToken == null) {
      throw new IllegalArgumentException("account " + vaspId + " has neither a password nor a bearer token");
    }
    if (bearerToken != null && bearerToken.isBlank()) {
      throw new IllegalArgumentException("account " + vaspId + " has an empty bearer token");
    }
    if (schemes == null) {
      EnumSet<Scheme> d = EnumSet.noneOf(Scheme.class);
      if (password != null) {
        d.add(Scheme.BASIC);
        d.add(Scheme.DIGEST);
      }
      if (bearerToken != null) {
        d.add(Scheme.BEARER);
      }
      schemes = d;
    } else {
      if (schemes.isEmpty()) {
        throw new IllegalArgumentException("account " + vaspId + " allows no scheme");
      }
      schemes = EnumSet.copyOf(schemes);
      if (password == null && (schemes.contains(Scheme.BASIC) || schemes.contains(Scheme.DIGEST))) {
        throw new IllegalArgumentException("account " + vaspId + " allows Basic or Digest but has no password");
      }
      if (bearerToken == null && schemes.contains(Scheme.BEARER)) {
        throw new IllegalArgumentException("account " + vaspId + " allows Bearer but has no bearer token");
      }
    }
    schemes = Collections.unmodifiableSet(schemes);
  }

  /** An account with the default schemes. */
  public Account(String vaspId, String password, String bearerToken, URI pushUrl, PeerCredentials pushCredentials,
      Mm7Release release) {
    this(vaspId, password, bearerToken, pushUrl, pushCredentials, release, null);
  }

  /** An account whose DeliverReqs go in the release of the VASP's latest request. */
  public Account(String vaspId, String password, String bearerToken, URI pushUrl, PeerCredentials pushCredentials) {
    this(vaspId, password, bearerToken, pushUrl, pushCredentials, null);
  }

  /** A Basic account. */
  public Account(String vaspId, String password) {
    this(vaspId, Objects.requireNonNull(password, "password"), null, null, null, null);
  }

  /** An account that authenticates with {@code Authorization: Bearer <token>}. */
  public static Account bearer(String vaspId, String token) {
    return new Account(vaspId, null, Objects.requireNonNull(token, "token"), null, null, null);
  }

  /**
   * The same account, allowing only these schemes (at least one; Basic and Digest need a password,
   * Bearer a token). Credentials of another scheme are refused with 401, and a scheme no account
   * allows is not challenged.
   */
  public Account withSchemes(Scheme... schemes) {
    EnumSet<Scheme> set = EnumSet.noneOf(Scheme.class);
    for (Scheme s : schemes) {
      set.add(Objects.requireNonNull(s, "scheme"));
    }
    return new Account(vaspId, password, bearerToken, pushUrl, pushCredentials, release, set);
  }

  /** Whether the peer may authenticate with this scheme. */
  public boolean allows(Scheme scheme) {
    return schemes.contains(scheme);
  }

  /** The same account, pushed to at this URL (with the credentials in its user info, if any). */
  public Account withPushUrl(URI url) {
    PeerCredentials fromUrl = PeerCredentials.fromUserInfo(url);
    return new Account(vaspId, password, bearerToken, PeerCredentials.withoutUserInfo(url),
        fromUrl != null ? fromUrl : pushCredentials, release, schemes);
  }

  /** The same account, pushed to with these credentials. */
  public Account withPushCredentials(PeerCredentials credentials) {
    return new Account(vaspId, password, bearerToken, pushUrl, credentials, release, schemes);
  }

  /**
   * The same account, sent DeliverReqs in this release (null: in the release of the VASP's latest
   * request). Delivery reports and read replies always go in the namespace of the submit they are about.
   */
  public Account withRelease(Mm7Release release) {
    return new Account(vaspId, password, bearerToken, pushUrl, pushCredentials, release, schemes);
  }

  @Override
  public String toString() {
    return "Account[vaspId=" + vaspId + (password != null ? ", password=***" : "")
        + (bearerToken != null ? ", bearer=***" : "") + (pushUrl != null ? ", pushUrl=" + pushUrl : "")
        + (release != null ? ", release=" + release.releaseName() : "") + ", schemes=" + schemes + "]";
  }
}
