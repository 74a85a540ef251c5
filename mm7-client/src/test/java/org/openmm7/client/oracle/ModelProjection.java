package org.openmm7.client.oracle;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.RelativeOrAbsoluteTime;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ReplyCharging;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.client.message.UaCapabilities;

/**
 * What a message of the neutral model means on the wire, as the lines {@link JaxbProjection}
 * makes of the same message read by JAXB: written here from TS 23.140's element names, apart
 * from the codec's encoder, so that the two are compared rather than one checked by itself.
 */
final class ModelProjection {
  private final List<String> lines = new ArrayList<>();

  private final String soapPrefix;

  private ModelProjection(String soapPrefix) {
    this.soapPrefix = soapPrefix;
  }

  /**
   * The lines of the envelope's header and body.
   *
   * @param href the Content element's href the message is expected to carry (null: none)
   */
  static List<String> of(Mm7Envelope envelope, String href) {
    return of(envelope, href, "env");
  }

  /** As {@link #of(Mm7Envelope, String)}, for a message whose SOAP envelope namespace had the prefix {@code soapPrefix}. */
  static List<String> of(Mm7Envelope envelope, String href, String soapPrefix) {
    ModelProjection p = new ModelProjection(soapPrefix);
    p.put("TransactionID", envelope.transactionId());
    p.put("TransactionID@mustUnderstand", "true");
    Mm7Message m = envelope.message();
    if (m instanceof ErrorResponse e) {
      p.fault(e, envelope.mm7Version());
    } else {
      p.operation(m, m.operation().elementName(), envelope.mm7Version(), href);
    }
    return JaxbProjection.sorted(p.lines);
  }

  private void put(String path, Object value) {
    if (value != null) {
      lines.add(path + "=" + JaxbProjection.canonical(path, value));
    }
  }

  private void fault(ErrorResponse e, String version) {
    String code = e.faultCode() != null ? e.faultCode()
        : e.status().mm7Status().isServerError() ? "env:Server" : "env:Client";
    put("Fault/faultcode", code.startsWith(soapPrefix + ":")
        ? "{http://schemas.xmlsoap.org/soap/envelope/}" + code.substring(soapPrefix.length() + 1) : code);
    put("Fault/faultstring", e.faultString() != null ? e.faultString() : e.status().text());
    if (e.operation() != Mm7Operation.FAULT) {
      String p = "Fault/detail/" + e.operation().elementName() + "[0]";
      put(p + "/MM7Version", version);
      status(p, e.status());
    }
  }

  private void status(String p, ResponseStatus s) {
    put(p + "/Status/StatusCode", s.code());
    put(p + "/Status/StatusText", s.text());
    put(p + "/Status/Details", s.details());
  }

  private void address(String p, Address a) {
    if (a == null) {
      return;
    }
    String at = p + "/" + ModelGen.elementOf(a);
    put(at, a.value());
    if (a.displayOnly()) {
      put(at + "@displayOnly", true);
    }
    put(at + "@addressCoding", a.coding() == null ? null : a.coding().wireName());
    put(at + "@id", a.id());
  }

  private void addresses(String p, List<Address> list) {
    for (int i = 0; i < list.size(); i++) {
      Address a = list.get(i);
      String at = p + "/" + ModelGen.elementOf(a) + "[" + i + "]";
      put(at, a.value());
      if (a.displayOnly()) {
        put(at + "@displayOnly", true);
      }
      put(at + "@addressCoding", a.coding() == null ? null : a.coding().wireName());
      put(at + "@id", a.id());
    }
  }

  private void recipients(String p, Recipients r) {
    if (r == null) {
      return;
    }
    // one list of each kind, as JaxbProjection.mergeRecipientLists gives a repeated choice
    addresses(p + "/To", r.to());
    addresses(p + "/Cc", r.cc());
    addresses(p + "/Bcc", r.bcc());
  }

  private void senderIdentification(String p, String vaspId, String vasId, Address sender) {
    put(p + "/SenderIdentification/VASPID", vaspId);
    put(p + "/SenderIdentification/VASID", vasId);
    address(p + "/SenderIdentification/SenderAddress", sender);
    presence(p + "/SenderIdentification");
  }

  /** An element with nothing in it is a line of its own, as in {@link JaxbProjection}. */
  private void presence(String path) {
    for (String l : lines) {
      if (l.startsWith(path + "/") || l.startsWith(path + "@") || l.startsWith(path + "=")) {
        return;
      }
    }
    lines.add(path);
  }

  private void content(String p, String href, Boolean allowAdaptations) {
    if (href != null) {
      put(p + "/Content@href", href);
      put(p + "/Content@allowAdaptations", allowAdaptations);
    }
  }

  private void time(String path, RelativeOrAbsoluteTime t) {
    put(path, t);
  }

  private void applic(String p, String applicId, String replyApplicId, String aux) {
    put(p + "/ApplicID", applicId);
    put(p + "/ReplyApplicID", replyApplicId);
    put(p + "/AuxApplicInfo", aux);
  }

  private void ua(String p, UaCapabilities ua) {
    if (ua != null) {
      put(p + "/UACapabilities@UAProf", ua.uaProf());
      put(p + "/UACapabilities@TimeStamp", ua.timeStamp());
      presence(p + "/UACapabilities");
    }
  }

  private void operation(Mm7Message m, String p, String version, String href) {
    put(p + "/MM7Version", version);
    if (m instanceof Mm7Response) {
      status(p, statusOf(m));
      if (m instanceof SubmitResponse r) {
        put(p + "/MessageID", r.messageId());
      } else if (m instanceof ExtendedReplaceResponse r) {
        put(p + "/MessageID", r.messageId());
      } else if (m instanceof DeliverResponse r) {
        put(p + "/ServiceCode", r.serviceCode());
      }
      return;
    }
    if (m instanceof SubmitRequest r) {
      senderIdentification(p, r.vaspId(), r.vasId(), r.senderAddress());
      recipients(p + "/Recipients", r.recipients());
      put(p + "/ServiceCode", r.serviceCode());
      put(p + "/LinkedID", r.linkedId());
      put(p + "/MessageClass", r.messageClass() == null ? null : r.messageClass().wireName());
      put(p + "/TimeStamp", r.timeStamp());
      replyCharging(p, r.replyCharging());
      time(p + "/EarliestDeliveryTime", r.earliestDeliveryTime());
      time(p + "/ExpiryDate", r.expiryDate());
      put(p + "/DeliveryReport", r.deliveryReport());
      put(p + "/ReadReply", r.readReply());
      put(p + "/Priority", r.priority() == null ? null : r.priority().wireName());
      put(p + "/Subject", r.subject());
      put(p + "/ChargedParty", r.chargedParty() == null ? null : r.chargedParty().wireName());
      put(p + "/ChargedPartyID", r.chargedPartyId());
      put(p + "/DistributionIndicator", r.distributionIndicator());
      for (int i = 0; i < r.deliveryConditions().size(); i++) {
        put(p + "/DeliveryCondition/DC[" + i + "]", r.deliveryConditions().get(i));
      }
      applic(p, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      put(p + "/ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      put(p + "/DRMContent", r.drmContent());
      content(p, href, r.allowAdaptations());
    } else if (m instanceof CancelRequest r) {
      senderIdentification(p, r.vaspId(), r.vasId(), r.senderAddress());
      put(p + "/MessageID", r.messageId());
    } else if (m instanceof ExtendedCancelRequest r) {
      senderIdentification(p, r.vaspId(), r.vasId(), r.senderAddress());
      put(p + "/CancelID", r.cancelId());
    } else if (m instanceof ReplaceRequest r) {
      senderIdentification(p, r.vaspId(), r.vasId(), r.senderAddress());
      put(p + "/MessageID", r.messageId());
      put(p + "/ServiceCode", r.serviceCode());
      put(p + "/TimeStamp", r.timeStamp());
      put(p + "/ReadReply", r.readReply());
      time(p + "/EarliestDeliveryTime", r.earliestDeliveryTime());
      put(p + "/DistributionIndicator", r.distributionIndicator());
      put(p + "/ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      put(p + "/DRMContent", r.drmContent());
      content(p, href, r.allowAdaptations());
    } else if (m instanceof ExtendedReplaceRequest r) {
      senderIdentification(p, r.vaspId(), r.vasId(), r.senderAddress());
      put(p + "/ReplaceID", r.replaceId());
      put(p + "/ServiceCode", r.serviceCode());
      put(p + "/TimeStamp", r.timeStamp());
      time(p + "/EarliestDeliveryTime", r.earliestDeliveryTime());
      time(p + "/ExpiryDate", r.expiryDate());
      put(p + "/ReadReply", r.readReply());
      put(p + "/DeliveryReport", r.deliveryReport());
      put(p + "/Priority", r.priority() == null ? null : r.priority().wireName());
      put(p + "/Subject", r.subject());
      put(p + "/DistributionIndicator", r.distributionIndicator());
      put(p + "/ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      put(p + "/DRMContent", r.drmContent());
      content(p, href, r.allowAdaptations());
    } else if (m instanceof DeliverRequest r) {
      put(p + "/MMSRelayServerID", r.relayServerId());
      put(p + "/VASPID", r.vaspId());
      put(p + "/VASID", r.vasId());
      put(p + "/LinkedID", r.linkedId());
      address(p + "/Sender", r.sender());
      recipients(p + "/Recipients", r.recipients());
      for (int i = 0; i < r.previouslySentBy().size(); i++) {
        String at = p + "/Previouslysentby/UserAgent[" + i + "]";
        address(at, r.previouslySentBy().get(i));
        put(at + "@sequence", i + 1);
      }
      for (int i = 0; i < r.previouslySentDates().size(); i++) {
        String at = p + "/Previouslysentdateandtime/DateTime[" + i + "]";
        put(at, r.previouslySentDates().get(i));
        put(at + "@sequence", i + 1);
      }
      put(p + "/SenderSPI", r.senderSpi());
      put(p + "/RecipientSPI", r.recipientSpi());
      put(p + "/TimeStamp", r.timeStamp());
      put(p + "/ReplyChargingID", r.replyChargingId());
      put(p + "/Priority", r.priority() == null ? null : r.priority().wireName());
      put(p + "/Subject", r.subject());
      applic(p, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      ua(p, r.uaCapabilities());
      content(p, href, r.allowAdaptations());
    } else if (m instanceof DeliveryReportRequest r) {
      put(p + "/MMSRelayServerID", r.relayServerId());
      put(p + "/MessageID", r.messageId());
      address(p + "/Recipient", r.recipient());
      address(p + "/Sender", r.sender());
      put(p + "/Date", r.date());
      put(p + "/MMStatus", r.mmStatus().wireName());
      put(p + "/MMStatusExtension", r.mmStatusExtension());
      put(p + "/StatusText", r.statusText());
      applic(p, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      ua(p, r.uaCapabilities());
    } else if (m instanceof ReadReplyRequest r) {
      put(p + "/MMSRelayServerID", r.relayServerId());
      put(p + "/MessageID", r.messageId());
      address(p + "/Recipient", r.recipient());
      address(p + "/Sender", r.sender());
      put(p + "/TimeStamp", r.timeStamp());
      put(p + "/MMStatus", r.mmStatus().wireName());
      put(p + "/StatusText", r.statusText());
      applic(p, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
    } else {
      throw new IllegalArgumentException("not a request: " + m);
    }
  }

  private void replyCharging(String p, ReplyCharging rc) {
    if (rc != null) {
      put(p + "/ReplyCharging@replyChargingSize", rc.replyChargingSize());
      time(p + "/ReplyCharging@replyDeadline", rc.replyDeadline());
      presence(p + "/ReplyCharging");
    }
  }

  private static ResponseStatus statusOf(Mm7Message m) {
    try {
      return (ResponseStatus) m.getClass().getMethod("status").invoke(m);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no status in " + m, e);
    }
  }

  static String dateTime(OffsetDateTime t) {
    return JaxbProjection.canonical("", t);
  }
}
