package org.openmm7.stub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openmm7.client.Profile;
import org.openmm7.client.SoapActionStyle;
import org.openmm7.client.content.Smil;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.SubmitRequest;

/**
 * Which relay profile a VASP's traffic fits best, and where it departs from it: for each request,
 * what the relay of the profile would see differently from what it speaks or takes (the release,
 * SOAPAction, chunked bodies, the number of recipients, the number format, SMIL, the credentials'
 * scheme, an operation it does not take). The best profile has the fewest kinds of departure,
 * then the fewest departures, then comes first in the list of candidates (the specification
 * first among the built-in ones).
 *
 * @param profile    the name of the best-fitting profile
 * @param departures where the traffic departs from it, each with the number of requests, e.g.
 *                   {@code soapAction "" where the profile sends the namespace (3 requests)}
 */
public record ProfileMatch(String profile, List<String> departures) {
  public ProfileMatch {
    departures = List.copyOf(departures);
  }

  /** The best of the built-in relay profiles for these requests (of one VASP). */
  public static ProfileMatch best(Collection<RecordedRequest> requests) {
    return best(requests, Profile.builtIns());
  }

  /** The best of the candidates' relay profiles for these requests. */
  public static ProfileMatch best(Collection<RecordedRequest> requests, List<Profile> candidates) {
    ProfileMatch best = null;
    int bestKinds = Integer.MAX_VALUE;
    int bestTotal = Integer.MAX_VALUE;
    for (Profile p : candidates) {
      if (p.role() != Profile.Role.RELAY) {
        continue;
      }
      Map<String, Integer> found = new LinkedHashMap<>();
      for (RecordedRequest r : requests) {
        for (String d : departures(p, r)) {
          found.merge(d, 1, Integer::sum);
        }
      }
      int total = found.values().stream().mapToInt(Integer::intValue).sum();
      if (found.size() < bestKinds || (found.size() == bestKinds && total < bestTotal)) {
        List<String> list = new ArrayList<>();
        found.forEach((d, n) -> list.add(d + " (" + n + (n == 1 ? " request)" : " requests)")));
        best = new ProfileMatch(p.name(), list);
        bestKinds = found.size();
        bestTotal = total;
      }
    }
    return best == null ? new ProfileMatch(Profile.specification().name(), List.of()) : best;
  }

  /** Where one request departs from what the relay of this profile speaks or takes. */
  static List<String> departures(Profile p, RecordedRequest r) {
    List<String> out = new ArrayList<>();
    if (r.release() != null && r.namespace() != null && r.release() != p.release()) {
      out.add("release " + r.release().releaseName() + " where the profile speaks " + p.release().releaseName());
    }
    String soapAction = r.header("SOAPAction").map(String::strip).orElse(null);
    if (soapAction != null) {
      boolean empty = soapAction.equals("\"\"") || soapAction.isEmpty();
      if (p.soapAction() == SoapActionStyle.EMPTY && !empty) {
        out.add("SOAPAction " + soapAction + " where the profile sends \"\"");
      } else if (p.soapAction() == SoapActionStyle.NAMESPACE && empty) {
        out.add("SOAPAction \"\" where the profile sends the namespace");
      }
    }
    String coding = r.header("Transfer-Encoding").orElse("");
    if (!p.chunked() && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
      out.add("a chunked body, which the profile's relay refuses");
    }
    String authorization = r.header("Authorization").orElse(null);
    if (authorization != null && !p.authSchemes().isEmpty()) {
      String scheme = authorization.strip().split(" ", 2)[0].toUpperCase(Locale.ROOT);
      if (p.authSchemes().stream().noneMatch(s -> s.name().equals(scheme))) {
        out.add(scheme.toLowerCase(Locale.ROOT) + " credentials where the profile takes " + p.authSchemes());
      }
    }
    Mm7Message m = r.message();
    if (m == null) {
      return out;
    }
    if (!p.supports(m.operation())) {
      out.add(m.operation().elementName() + ", which the profile's relay does not take");
    }
    if (m instanceof SubmitRequest s) {
      int count = s.recipients().all().size();
      if (p.maxRecipients() > 0 && count > p.maxRecipients()) {
        out.add("more than " + p.maxRecipients() + " recipient(s) in a SubmitReq");
      }
      List<Address> addresses = new ArrayList<>(s.recipients().all());
      if (s.senderAddress() != null) {
        addresses.add(s.senderAddress());
      }
      for (Address a : addresses) {
        if (a instanceof Address.PhoneNumber n && !p.numberFormat().matches(n.value())) {
          out.add("numbers not in the format " + p.numberFormat().text());
          break;
        }
      }
      if (p.smilRequired() && !Smil.presentIn(s.content())) {
        out.add("a SubmitReq without SMIL, which the profile's relay requires");
      }
    }
    return out;
  }

}
