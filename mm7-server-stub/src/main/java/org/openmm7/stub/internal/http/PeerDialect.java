package org.openmm7.stub.internal.http;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.openmm7.client.Credentials;
import org.openmm7.client.Profile;
import org.openmm7.client.content.Smil;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Account;

/**
 * How the stub plays the peer of a {@link Profile}: what it refuses and with which status, the
 * namespace and version it answers in, the HTTP status and faultcode of its faults. Without a
 * profile ({@link #NONE}) the stub behaves as it always has: nothing refused for its dialect,
 * answers in the request's release, faults with HTTP 500.
 */
public final class PeerDialect {
  static final PeerDialect NONE = new PeerDialect(null);

  /** A refusal: the status and the StatusText that says why. */
  record Refusal(Mm7Status status, String text) {}

  private final Profile profile;

  private PeerDialect(Profile profile) {
    this.profile = profile;
  }

  public static PeerDialect of(Profile profile) {
    return profile == null ? NONE : new PeerDialect(profile);
  }

  Profile profile() {
    return profile;
  }

  /** Why a relay of this dialect refuses the request before reading its body (a plain status and text), or null. */
  String refusalBeforeBody(Request request) {
    if (profile != null && profile.role() == Profile.Role.RELAY && !profile.chunked()
        && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, "chunked")) {
      return "a body with a Content-Length is required; this relay (profile " + profile.name()
          + ") does not take chunked bodies\n";
    }
    return null;
  }

  /** Whether an over-size body is refused with a bare 413 rather than an MM7 fault 2004. */
  boolean oversizeAs413() {
    return profile != null && profile.oversize() == Profile.Oversize.HTTP_413;
  }

  /** The schemes of the accounts as the dialect restricts them; null when it checks no credentials at all. */
  public List<Account> accounts(List<Account> accounts) {
    if (profile == null) {
      return accounts;
    }
    if (profile.authSchemes().isEmpty()) {
      return List.of();
    }
    List<Account> out = new ArrayList<>();
    for (Account a : accounts) {
      Set<Credentials.Scheme> keep = EnumSet.noneOf(Credentials.Scheme.class);
      for (Credentials.Scheme s : a.schemes()) {
        if (profile.authSchemes().contains(Profile.AuthScheme.valueOf(s.name()))) {
          keep.add(s);
        }
      }
      if (!keep.isEmpty()) {
        out.add(a.withSchemes(keep.toArray(new Credentials.Scheme[0])));
      }
    }
    if (out.isEmpty() && !accounts.isEmpty()) {
      throw new IllegalArgumentException("no account can authenticate with the schemes the profile " + profile.name()
          + " takes (" + profile.authSchemes() + ")");
    }
    return out;
  }

  public String realm() {
    return profile == null ? Authenticator.REALM : profile.authRealm();
  }

  /** Whether missing or wrong credentials get an MM7 fault 4001 rather than a 401. */
  boolean refusesCredentialsWith4001() {
    return profile != null && profile.authFailure() == Profile.AuthFailure.STATUS_4001;
  }

  /**
   * What a relay of this dialect refuses of a request it could read, checked in this order:
   * the release (its refusal status), the operation (4003), the number of recipients (3003), the
   * number format (2002), a SubmitReq without SMIL (2004); null when it takes the request.
   */
  Refusal refusal(Mm7Message m, Mm7Release release) {
    if (profile == null || profile.role() != Profile.Role.RELAY) {
      return null;
    }
    if (!profile.accepts(release)) {
      return new Refusal(Mm7Status.of(profile.versionRefusalStatus()), "Unsupported version: this relay takes "
          + profile.acceptedReleases().stream().map(Mm7Release::releaseName).toList() + ", not "
          + release.releaseName());
    }
    if (!profile.supports(m.operation())) {
      return new Refusal(Mm7Status.UNSUPPORTED_OPERATION, "Unsupported operation: this relay does not take "
          + m.operation().elementName());
    }
    if (m instanceof SubmitRequest s) {
      int count = s.recipients().all().size();
      if (profile.maxRecipients() > 0 && count > profile.maxRecipients()) {
        return new Refusal(Mm7Status.MULTIPLE_ADDRESSES_NOT_SUPPORTED, "Multiple addresses not supported: at most "
            + profile.maxRecipients() + " recipient(s) per SubmitReq, this one has " + count);
      }
      List<Address> numbered = new ArrayList<>(s.recipients().all());
      if (s.senderAddress() != null) {
        numbered.add(s.senderAddress());
      }
      for (Address a : numbered) {
        if (a instanceof Address.PhoneNumber n && !profile.numberFormat().matches(n.value())) {
          return new Refusal(Mm7Status.ADDRESS_ERROR, "Address error: " + n.value() + " is not written "
              + (profile.numberFormat() == Profile.NumberFormat.WITH_PLUS ? "with" : "without") + " a leading +");
        }
      }
      if (profile.smilRequired() && !Smil.presentIn(s.content())) {
        return new Refusal(Mm7Status.MULTIMEDIA_CONTENT_REFUSED,
            "Multimedia content refused: every SubmitReq needs a SMIL presentation");
      }
    }
    return null;
  }

  /** The release an answer to a request in {@code requestRelease} is written in. */
  Mm7Release answerRelease(Mm7Release requestRelease) {
    return profile != null && profile.answerNamespace() == Profile.AnswerNamespace.OWN ? profile.release()
        : requestRelease;
  }

  /** The MM7Version of an answer in {@code release}: the profile's when it is the profile's release, else the release's. */
  String answerVersion(Mm7Release release) {
    return profile != null && release == profile.release() ? profile.mm7Version() : release.defaultVersion();
  }

  /** The HTTP status of a fault. */
  int faultHttpStatus() {
    return profile == null ? 500 : profile.faultHttpStatus();
  }

  /** The answer as the dialect writes it: a faultcode of Server for every fault where the peer does so. */
  Mm7Response shape(Mm7Response answer) {
    if (profile != null && profile.faultCode() == Profile.FaultCode.ALWAYS_SERVER && answer instanceof ErrorResponse e) {
      return new ErrorResponse(e.operation(), e.status(), "env:Server", e.faultString());
    }
    return answer;
  }

}
