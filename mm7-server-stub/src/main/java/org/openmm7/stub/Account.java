package org.openmm7.stub;

import java.net.URI;
import java.util.Objects;
import org.openmm7.schema.Mm7Release;

/**
 * A peer's credentials at the stub (the VASP's, when the stub plays the relay; the relay's, when it
 * plays the VASP), and where the relay stub pushes to that VASP.
 *
 * <p>A peer authenticates with HTTP Basic or Digest (the VASP ID as user name, {@link #password()})
 * or with a Bearer token ({@link #bearerToken()}); an account has at least one of them. A request
 * without valid credentials is answered 401 with a challenge per scheme, before its body is read.
 *
 * @param vaspId          the VASP ID, also the Basic user name
 * @param password        the Basic password, or null (Bearer only)
 * @param bearerToken     the Bearer token, or null (Basic only)
 * @param pushUrl         the VASP's endpoint for DeliverReq, DeliveryReportReq and ReadReplyReq, or null
 *                        for the stub's default VASP endpoint
 * @param pushCredentials what the stub sends when pushing to {@code pushUrl}, or null for nothing
 * @param release         the release a DeliverReq to this VASP is written in, or null for the
 *                        release of the VASP's latest request (else the stub's default release)
 */
public record Account(String vaspId, String password, String bearerToken, URI pushUrl, PeerCredentials pushCredentials,
    Mm7Release release) {
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

  /** The same account, pushed to at this URL (with the credentials in its user info, if any). */
  public Account withPushUrl(URI url) {
    PeerCredentials fromUrl = PeerCredentials.fromUserInfo(url);
    return new Account(vaspId, password, bearerToken, PeerCredentials.withoutUserInfo(url),
        fromUrl != null ? fromUrl : pushCredentials, release);
  }

  /** The same account, pushed to with these credentials. */
  public Account withPushCredentials(PeerCredentials credentials) {
    return new Account(vaspId, password, bearerToken, pushUrl, credentials, release);
  }

  /**
   * The same account, sent DeliverReqs in this release (null: in the release of the VASP's latest
   * request). Delivery reports and read replies always go in the namespace of the submit they are about.
   */
  public Account withRelease(Mm7Release release) {
    return new Account(vaspId, password, bearerToken, pushUrl, pushCredentials, release);
  }

  @Override
  public String toString() {
    return "Account[vaspId=" + vaspId + (password != null ? ", password=***" : "")
        + (bearerToken != null ? ", bearer=***" : "") + (pushUrl != null ? ", pushUrl=" + pushUrl : "")
        + (release != null ? ", release=" + release.releaseName() : "") + "]";
  }
}
