package org.openmm7.client.internal.soap;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.RelativeOrAbsoluteTime;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ReplyCharging;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.client.message.UaCapabilities;
import org.openmm7.client.message.VaspRequest;
import org.openmm7.schema.Mm7Release;

/**
 * Writes the SOAP envelope of an MM7 message, strictly: elements in the release's schema order,
 * and an {@link Mm7EncodeException} naming the element and the release for anything the release
 * does not have. The model is release-neutral; the release's registry decides.
 */
public final class SoapEncoder {
  public static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

  private SoapEncoder() {}

  /**
   * The SOAP envelope as UTF-8 bytes.
   *
   * @param contentId the Content-ID (without angle brackets) the Content element refers to, or
   *                  null when the message has no content
   */
  public static byte[] encode(Mm7Envelope envelope, String contentId) throws Mm7EncodeException {
    Mm7Release release = envelope.release();
    Mm7Message message = envelope.message();
    Mm7Operation op = message.operation();
    if (!isVersionNumber(envelope.mm7Version())) {
      throw new Mm7EncodeException("MM7Version '" + envelope.mm7Version() + "' is not of the form the schema "
          + "requires (digits.digits.digits, e.g. 6.8.0)");
    }
    boolean fault = message instanceof ErrorResponse;
    String bodyElement = fault ? null : op.elementName();
    if (bodyElement != null && !release.hasOperation(bodyElement)) {
      throw new Mm7EncodeException(bodyElement + " does not exist in release " + release.releaseName()
          + "; it first appears in a later release");
    }
    OutElement root = fault ? errorElement((ErrorResponse) message, envelope.mm7Version())
        : operationElement(message, envelope.mm7Version(), contentId);
    EncodeSchema schema = EncodeSchema.of(release);
    if (root != null) {
      order(root, schema.root(root.name), release);
    }
    // written directly as UTF-8: every name is the encoder's own, only texts and attribute values
    // need escaping; the JDK's XMLStreamWriter (namespace bookkeeping, symbol interning) was a
    // third of encoding a small message, and a String of the document then its bytes a tenth of
    // what the encoder allocated. The output is what that writer produced, except that CR, and
    // tab and LF in attribute values, are written as references (the JDK's writer lost them).
    XmlBytes out = XmlBytes.scratch();
    try {
      out.raw(schema.envelopeStart());
      out.escaped(envelope.transactionId(), false);
      out.raw(HEADER_END);
      if (fault) {
        writeFault(out, (ErrorResponse) message, root);
      } else {
        write(out, root);
      }
      out.raw(ENVELOPE_END);
      return out.toArray();
    } finally {
      out.release();
    }
  }

  private static final byte[] HEADER_END = ascii("</mm7:TransactionID></env:Header><env:Body>");
  private static final byte[] ENVELOPE_END = ascii("</env:Body></env:Envelope>");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeFault(XmlBytes out, ErrorResponse error, OutElement detail)
      throws Mm7EncodeException {
    out.ascii("<env:Fault><faultcode>");
    String code = error.faultCode();
    if (code == null) {
      code = error.status().mm7Status().isServerError() ? "env:Server" : "env:Client";
    }
    out.escaped(code, false);
    out.ascii("</faultcode><faultstring>");
    out.escaped(error.faultString() != null ? error.faultString() : error.status().text(), false);
    out.ascii("</faultstring>");
    if (detail != null) {
      out.ascii("<detail>");
      write(out, detail);
      out.ascii("</detail>");
    }
    out.ascii("</env:Fault>");
  }

  private static void write(XmlBytes out, OutElement e) throws Mm7EncodeException {
    out.raw(e.node.startTag);
    // indexed loops: an iterator per element (most have no attributes, many no children) was a
    // tenth of what an encode allocated
    List<String[]> attributes = e.attributes;
    for (int i = 0, n = attributes.size(); i < n; i++) {
      String[] a = attributes.get(i);
      out.ascii(' ').ascii(a[0]).ascii("=\"");
      out.escaped(a[1], true);
      out.ascii('"');
    }
    out.ascii('>');
    if (e.text != null) {
      out.escaped(e.text, false);
    }
    List<OutElement> children = e.children;
    for (int i = 0, n = children.size(); i < n; i++) {
      write(out, children.get(i));
    }
    out.raw(e.node.endTag);
  }

  /**
   * The three kinds of address are one choice: in a list (To, Cc, Bcc) it repeats, and the
   * order of the addresses is the caller's, never the schema's order of the three names.
   */
  private static final Set<String> ADDRESS_CHOICE = Set.of("Number", "RFC2822Address", "ShortCode");

  /** Attributes whose schema type is xs:positiveInteger in every release. */
  private static final Set<String> POSITIVE_ATTRIBUTES = Set.of("replyChargingSize", "sequence");

  /**
   * Checks every element, attribute and enumerated value against the release, and sorts children
   * into schema order; the items of a repeated choice keep their order (EncoderVsJaxbTest found
   * To: ShortCode, Number written as Number, ShortCode). Each element gets its node of the
   * compiled schema, which the writing takes its tags from.
   */
  private static void order(OutElement e, EncodeSchema.Node node, Mm7Release release) throws Mm7EncodeException {
    e.node = node;
    for (int i = 0, n = e.attributes.size(); i < n; i++) {
      String[] a = e.attributes.get(i);
      if (!node.hasAttribute(a[0])) {
        throw notInRelease("attribute " + a[0] + " of " + node.path, release);
      }
      if (POSITIVE_ATTRIBUTES.contains(a[0])) {
        requirePositive(a[1], node.path + "@" + a[0]);
      }
    }
    if (e.text != null && node.positiveInteger) {
      requirePositive(e.text, node.path);
    }
    if (e.text != null && node.enumeration != null && !node.enumeration.contains(e.text)) {
      throw new Mm7EncodeException("value '" + e.text + "' of " + node.path + " does not exist in release "
          + release.releaseName());
    }
    int n = e.children.size();
    if (n == 0) {
      return;
    }
    boolean choiceList = true;
    boolean inOrder = true;
    int previous = -1;
    for (int i = 0; i < n; i++) {
      OutElement c = e.children.get(i);
      int rank = node.rank(c.name);
      if (rank < 0) {
        throw notInRelease("element " + c.name + " of " + node.path, release);
      }
      choiceList &= ADDRESS_CHOICE.contains(c.name);
      order(c, node.child(rank), release);
      c.rank = rank;
      inOrder &= rank >= previous;
      previous = rank;
    }
    if (choiceList || inOrder) {
      return;
    }
    // schema order, stable among repeated elements: an insertion sort of a few children, usually
    // almost in order already (the model is added in the union order of all releases)
    List<OutElement> children = e.children;
    for (int i = 1; i < n; i++) {
      OutElement c = children.get(i);
      int j = i - 1;
      while (j >= 0 && children.get(j).rank > c.rank) {
        children.set(j + 1, children.get(j));
        j--;
      }
      children.set(j + 1, c);
    }
  }

  /** Whether {@code v} is digits.digits.digits (ASCII), as the schema's MM7Version: by hand, it is checked per message. */
  static boolean isVersionNumber(String v) {
    int dots = 0;
    boolean digitBefore = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        digitBefore = true;
      } else if (c == '.' && digitBefore && dots < 2) {
        dots++;
        digitBefore = false;
      } else {
        return false;
      }
    }
    return dots == 2 && digitBefore;
  }

  private static void requirePositive(String value, String path) throws Mm7EncodeException {
    if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '+' || allZeros(value)) {
      throw new Mm7EncodeException(path + " is " + value + "; the schema allows only positive integers (1, 2, ...)");
    }
  }

  // a loop, not chars().allMatch: a stream and a class per lambda are paid at a stub's start
  private static boolean allZeros(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static Mm7EncodeException notInRelease(String what, Mm7Release release) {
    return new Mm7EncodeException(what + " does not exist in release " + release.releaseName()
        + " (" + release.namespace() + ")");
  }

  // ---- model to elements, in the union order of all releases ----

  private static OutElement errorElement(ErrorResponse error, String version) {
    if (error.operation() == Mm7Operation.FAULT) {
      return null;
    }
    OutElement e = new OutElement(error.operation().elementName());
    e.add("MM7Version", version);
    e.add(status(error.status()));
    return e;
  }

  private static OutElement operationElement(Mm7Message m, String version, String contentId) {
    OutElement e = new OutElement(m.operation().elementName());
    e.add("MM7Version", version);
    if (m instanceof VaspRequest v) {
      e.add(senderIdentification(v.vaspId(), v.vasId(), v.senderAddress()));
    }
    if (m instanceof SubmitRequest r) {
      e.add(recipients("Recipients", r.recipients()));
      e.add("ServiceCode", r.serviceCode());
      e.add("LinkedID", r.linkedId());
      e.add("MessageClass", r.messageClass() == null ? null : r.messageClass().wireName());
      e.add("TimeStamp", dateTime(r.timeStamp()));
      e.add(replyCharging(r.replyCharging()));
      e.add("EarliestDeliveryTime", time(r.earliestDeliveryTime()));
      e.add("ExpiryDate", time(r.expiryDate()));
      e.add("DeliveryReport", r.deliveryReport());
      e.add("ReadReply", r.readReply());
      e.add("Priority", r.priority() == null ? null : r.priority().wireName());
      e.add("Subject", r.subject());
      e.add("ChargedParty", r.chargedParty() == null ? null : r.chargedParty().wireName());
      e.add("ChargedPartyID", r.chargedPartyId());
      e.add("DistributionIndicator", r.distributionIndicator());
      if (!r.deliveryConditions().isEmpty()) {
        OutElement dc = new OutElement("DeliveryCondition");
        for (Integer v : r.deliveryConditions()) {
          dc.add("DC", v);
        }
        e.add(dc);
      }
      applicationAddressing(e, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      e.add("ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      e.add("DRMContent", r.drmContent());
      e.add(content(contentId, r.allowAdaptations()));
    } else if (m instanceof CancelRequest r) {
      e.add("MessageID", r.messageId());
    } else if (m instanceof ReplaceRequest r) {
      e.add("MessageID", r.messageId());
      e.add("ServiceCode", r.serviceCode());
      e.add("TimeStamp", dateTime(r.timeStamp()));
      e.add("ReadReply", r.readReply());
      e.add("EarliestDeliveryTime", time(r.earliestDeliveryTime()));
      e.add("DistributionIndicator", r.distributionIndicator());
      e.add("ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      e.add("DRMContent", r.drmContent());
      e.add(content(contentId, r.allowAdaptations()));
    } else if (m instanceof ExtendedCancelRequest r) {
      e.add("CancelID", r.cancelId());
    } else if (m instanceof ExtendedReplaceRequest r) {
      e.add("ReplaceID", r.replaceId());
      e.add("ServiceCode", r.serviceCode());
      e.add("TimeStamp", dateTime(r.timeStamp()));
      e.add("EarliestDeliveryTime", time(r.earliestDeliveryTime()));
      e.add("ExpiryDate", time(r.expiryDate()));
      e.add("ReadReply", r.readReply());
      e.add("DeliveryReport", r.deliveryReport());
      e.add("Priority", r.priority() == null ? null : r.priority().wireName());
      e.add("Subject", r.subject());
      e.add("DistributionIndicator", r.distributionIndicator());
      e.add("ContentClass", r.contentClass() == null ? null : r.contentClass().wireName());
      e.add("DRMContent", r.drmContent());
      e.add(content(contentId, r.allowAdaptations()));
    } else if (m instanceof DeliverRequest r) {
      e.add("MMSRelayServerID", r.relayServerId());
      e.add("VASPID", r.vaspId());
      e.add("VASID", r.vasId());
      e.add("LinkedID", r.linkedId());
      e.add(addressHolder("Sender", r.sender()));
      e.add(recipients("Recipients", r.recipients()));
      if (!r.previouslySentBy().isEmpty()) {
        OutElement by = new OutElement("Previouslysentby");
        int sequence = 1;
        for (Address a : r.previouslySentBy()) {
          by.add(addressHolder("UserAgent", a).attribute("sequence", sequence++));
        }
        e.add(by);
      }
      if (!r.previouslySentDates().isEmpty()) {
        OutElement dates = new OutElement("Previouslysentdateandtime");
        int sequence = 1;
        for (OffsetDateTime t : r.previouslySentDates()) {
          dates.add(new OutElement("DateTime", dateTime(t)).attribute("sequence", sequence++));
        }
        e.add(dates);
      }
      e.add("SenderSPI", r.senderSpi());
      e.add("RecipientSPI", r.recipientSpi());
      e.add("TimeStamp", dateTime(orNow(r.timeStamp())));
      e.add("ReplyChargingID", r.replyChargingId());
      e.add("Priority", r.priority() == null ? null : r.priority().wireName());
      e.add("Subject", r.subject());
      applicationAddressing(e, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      e.add(uaCapabilities(r.uaCapabilities()));
      e.add(content(contentId, r.allowAdaptations()));
    } else if (m instanceof DeliveryReportRequest r) {
      e.add("MMSRelayServerID", r.relayServerId());
      e.add("MessageID", r.messageId());
      e.add(addressHolder("Recipient", r.recipient()));
      e.add(addressHolder("Sender", r.sender()));
      e.add("Date", dateTime(orNow(r.date())));
      e.add("MMStatus", r.mmStatus().wireName());
      e.add("MMStatusExtension", r.mmStatusExtension());
      e.add("StatusText", r.statusText());
      applicationAddressing(e, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
      e.add(uaCapabilities(r.uaCapabilities()));
    } else if (m instanceof ReadReplyRequest r) {
      e.add("MMSRelayServerID", r.relayServerId());
      e.add("MessageID", r.messageId());
      e.add(addressHolder("Recipient", r.recipient()));
      e.add(addressHolder("Sender", r.sender()));
      e.add("TimeStamp", dateTime(orNow(r.timeStamp())));
      e.add("MMStatus", r.mmStatus().wireName());
      e.add("StatusText", r.statusText());
      applicationAddressing(e, r.applicId(), r.replyApplicId(), r.auxApplicInfo());
    } else if (m instanceof SubmitResponse r) {
      e.add(status(r.status()));
      e.add("MessageID", r.messageId());
    } else if (m instanceof ExtendedReplaceResponse r) {
      e.add("MessageID", r.messageId());
      e.add(status(r.status()));
    } else if (m instanceof DeliverResponse r) {
      e.add(status(r.status()));
      e.add("ServiceCode", r.serviceCode());
    } else if (m instanceof StatusResponse r) {
      e.add(status(r.status()));
    } else {
      throw new IllegalStateException("not an operation: " + m.operation());
    }

    return e;
  }

  private static void applicationAddressing(OutElement e, String applicId, String replyApplicId, String aux) {
    e.add("ApplicID", applicId);
    e.add("ReplyApplicID", replyApplicId);
    e.add("AuxApplicInfo", aux);
  }

  private static OutElement status(ResponseStatus s) {
    OutElement e = new OutElement("Status");
    e.add("StatusCode", s.code());
    e.add("StatusText", s.text());
    e.add("Details", s.details());
    return e;
  }

  private static OutElement senderIdentification(String vaspId, String vasId, Address sender) {
    OutElement e = new OutElement("SenderIdentification");
    e.add("VASPID", vaspId);
    e.add("VASID", vasId);
    e.add(addressHolder("SenderAddress", sender));
    return e;
  }

  private static OutElement recipients(String name, Recipients r) {
    if (r == null) {
      return null;
    }
    OutElement e = new OutElement(name);
    addList(e, "To", r.to());
    addList(e, "Cc", r.cc());
    addList(e, "Bcc", r.bcc());
    return e;
  }

  private static void addList(OutElement parent, String name, List<Address> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    OutElement e = new OutElement(name);
    for (Address a : addresses) { // a loop, not a lambda: nothing linked at a JVM's first encode
      e.add(address(a));
    }
    parent.add(e);
  }

  private static OutElement addressHolder(String name, Address a) {
    if (a == null) {
      return null;
    }
    OutElement e = new OutElement(name);
    e.add(address(a));
    return e;
  }

  private static OutElement address(Address a) {
    String name = addressElementName(a);
    OutElement e = new OutElement(name, a.value());
    if (a.displayOnly()) {
      e.attribute("displayOnly", "true");
    }
    if (a.coding() != null) {
      e.attribute("addressCoding", a.coding().wireName());
    }
    e.attribute("id", a.id());
    return e;
  }

  static String addressElementName(Address a) {
    if (a instanceof Address.PhoneNumber) {
      return "Number";
    }
    return a instanceof Address.EmailAddress ? "RFC2822Address" : "ShortCode";
  }

  private static OutElement replyCharging(ReplyCharging rc) {
    if (rc == null) {
      return null;
    }
    OutElement e = new OutElement("ReplyCharging");
    e.attribute("replyChargingSize", rc.replyChargingSize());
    e.attribute("replyDeadline", time(rc.replyDeadline()));
    return e;
  }

  private static OutElement uaCapabilities(UaCapabilities ua) {
    if (ua == null) {
      return null;
    }
    OutElement e = new OutElement("UACapabilities");
    e.attribute("UAProf", ua.uaProf());
    e.attribute("TimeStamp", dateTime(ua.timeStamp()));
    return e;
  }

  private static OutElement content(String contentId, Boolean allowAdaptations) {
    if (contentId == null) {
      return null;
    }
    OutElement e = new OutElement("Content");
    e.attribute("href", "cid:" + contentId);
    e.attribute("allowAdaptations", allowAdaptations);
    return e;
  }

  /** The schema requires some time stamps a caller may leave out: a relay stamps them with the current time. */
  private static OffsetDateTime orNow(OffsetDateTime t) {
    return t != null ? t : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  }

  static String dateTime(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  static String time(RelativeOrAbsoluteTime t) {
    if (t == null) {
      return null;
    }
    if (t instanceof RelativeOrAbsoluteTime.Absolute a) {
      return dateTime(a.time());
    }
    RelativeOrAbsoluteTime.Relative r = (RelativeOrAbsoluteTime.Relative) t;
    return Durations.format(r.period(), r.duration());
  }
}
