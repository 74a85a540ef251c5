package org.openmm7.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.content.Smil;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/**
 * A SubmitReq made fit for a relay's {@link Profile}: its numbers in the relay's format, the
 * optional elements the relay does not take removed (and named), its recipients split into the
 * groups the relay takes in one SubmitReq, and refused before sending when it lacks a SMIL
 * presentation the relay requires.
 *
 * @param parts    the SubmitReqs to send, in order (one unless split)
 * @param stripped the element names removed
 */
record ProfiledSubmit(List<SubmitRequest> parts, List<String> stripped) {

  static ProfiledSubmit of(Profile profile, SubmitRequest request) throws Mm7EncodeException {
    if (profile.smilRequired() && !Smil.presentIn(request.content())) {
      throw new Mm7EncodeException("the profile " + profile.name() + " requires a SMIL presentation in every SubmitReq"
          + " and this one has " + (request.content() == null ? "no content" : "none")
          + " (Smil.presentation(...) makes one)");
    }
    SubmitRequest.Builder b = request.toBuilder();
    List<String> stripped = new ArrayList<>();
    for (String element : profile.strippedElements()) {
      if (strip(element, request, b)) {
        stripped.add(element);
      }
    }
    Profile.NumberFormat format = profile.numberFormat();
    if (format != Profile.NumberFormat.AS_GIVEN) {
      b.senderAddress(renumber(request.senderAddress(), format));
      b.recipients(map(request.recipients(), a -> renumber(a, format)));
    }
    SubmitRequest shaped = b.build();
    int max = profile.maxRecipients();
    int count = shaped.recipients().all().size();
    if (max == 0 || count <= max) {
      return new ProfiledSubmit(List.of(shaped), stripped);
    }
    List<SubmitRequest> parts = new ArrayList<>();
    for (Recipients group : split(shaped.recipients(), max)) {
      parts.add(shaped.toBuilder().recipients(group).build());
    }
    return new ProfiledSubmit(parts, stripped);
  }


  /** Groups of at most {@code max} recipients, To before Cc before Bcc, each keeping its kind. */
  static List<Recipients> split(Recipients all, int max) {
    List<Recipients> out = new ArrayList<>();
    List<List<Address>> kinds = List.of(all.to(), all.cc(), all.bcc());
    List<List<Address>> current = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int n = 0;
    for (int k = 0; k < 3; k++) {
      for (Address a : kinds.get(k)) {
        current.get(k).add(a);
        if (++n == max) {
          out.add(new Recipients(current.get(0), current.get(1), current.get(2)));
          current.forEach(List::clear);
          n = 0;
        }
      }
    }
    if (n > 0) {
      out.add(new Recipients(current.get(0), current.get(1), current.get(2)));
    }
    return out;
  }

  private static Recipients map(Recipients r, UnaryOperator<Address> f) {
    Function<List<Address>, List<Address>> each = list -> list.stream().map(f).toList();
    return new Recipients(each.apply(r.to()), each.apply(r.cc()), each.apply(r.bcc()));
  }

  private static Address renumber(Address a, Profile.NumberFormat format) {
    if (a instanceof Address.PhoneNumber n && !format.matches(n.value())) {
      return new Address.PhoneNumber(format.apply(n.value()), n.displayOnly(), n.coding(), n.id());
    }
    return a;
  }

  /** Removes one element; whether the request had it. */
  private static boolean strip(String element, SubmitRequest r, SubmitRequest.Builder b) {
    switch (element) {
      case "ServiceCode": b.serviceCode(null); return r.serviceCode() != null;
      case "LinkedID": b.linkedId(null); return r.linkedId() != null;
      case "MessageClass": b.messageClass(null); return r.messageClass() != null;
      case "TimeStamp": b.timeStamp(null); return r.timeStamp() != null;
      case "ReplyCharging": b.replyCharging(null); return r.replyCharging() != null;
      case "EarliestDeliveryTime": b.earliestDeliveryTime(null); return r.earliestDeliveryTime() != null;
      case "ExpiryDate": b.expiryDate(null); return r.expiryDate() != null;
      case "DeliveryReport": b.deliveryReport(null); return r.deliveryReport() != null;
      case "ReadReply": b.readReply(null); return r.readReply() != null;
      case "Priority": b.priority(null); return r.priority() != null;
      case "Subject": b.subject(null); return r.subject() != null;
      case "ChargedParty": b.chargedParty(null); return r.chargedParty() != null;
      case "ChargedPartyID": b.chargedPartyId(null); return r.chargedPartyId() != null;
      case "DistributionIndicator": b.distributionIndicator(null); return r.distributionIndicator() != null;
      case "DeliveryCondition": b.deliveryConditions(List.of()); return !r.deliveryConditions().isEmpty();
      case "ApplicID": b.applicId(null); return r.applicId() != null;
      case "ReplyApplicID": b.replyApplicId(null); return r.replyApplicId() != null;
      case "AuxApplicInfo": b.auxApplicInfo(null); return r.auxApplicInfo() != null;
      case "ContentClass": b.contentClass(null); return r.contentClass() != null;
      case "DRMContent": b.drmContent(null); return r.drmContent() != null;
      default: throw new IllegalArgumentException("not a strippable element: " + element);
    }
  }
}
