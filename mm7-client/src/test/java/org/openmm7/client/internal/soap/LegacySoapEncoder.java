package org.openmm7.client.internal.soap;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * The SOAP encoder as it was before it wrote bytes directly from a compiled schema (issue 15),
 * kept unchanged as the oracle of {@code SoapEncoderEquivalenceTest}: the new encoder must write
 * the same bytes, or refuse with the same message. Its original comment:
 *
 * <p>Writes the SOAP envelope of an MM7 message, strictly: elements in the release's schema order,
 * and an {@link Mm7EncodeException} naming the element and the release for anything the release
 * does not have. The model is release-neutral; the release's registry decides.
 */
public final class LegacySoapEncoder {
  public static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

  /** The versionType pattern of every release schema. */

  private LegacySoapEncoder() {}

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
    LegacyOutElement root = fault ? errorElement((ErrorResponse) message, envelope.mm7Version())
        : operationElement(message, envelope.mm7Version(), contentId);
    if (root != null) {
      order(root, root.name, release);
    }
    // written directly: every name is the encoder's own, only texts and attribute values need
    // escaping; the JDK's XMLStreamWriter (namespace bookkeeping, symbol interning) was a third of
    // encoding a small message. The output is what that writer produced, except that CR, and tab
    // and LF in attribute values, are written as references (the JDK's writer lost them).
    StringBuilder out = new StringBuilder(2048);
    String ns = release.namespace();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<env:Envelope xmlns:env=\"").append(SOAP_ENV).append("\" xmlns:mm7=\"");
    escape(out, ns, true);
    out.append("\"><env:Header><mm7:TransactionID env:mustUnderstand=\"1\">");
    escape(out, envelope.transactionId(), false);
    out.append("</mm7:TransactionID></env:Header><env:Body>");
    if (fault) {
      writeFault(out, (ErrorResponse) message, root);
    } else {
      write(out, root);
    }
    out.append("</env:Body></env:Envelope>");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * XML escaping: &amp; &lt; &gt; always, &quot; in attribute values, CR always and tab and LF in
   * attribute values as character references, so that a parser reads back exactly the text sent.
   * A character XML 1.0 cannot carry at all (controls other than tab, CR and LF; U+FFFE, U+FFFF)
   * is refused here rather than sent for the peer to refuse the whole message.
   */
  private static void escape(StringBuilder out, String text, boolean attribute) throws Mm7EncodeException {
    int n = text.length();
    int from = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean loneSurrogate = Character.isHighSurrogate(c) ? i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))
          : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
      if (loneSurrogate) {
        // UTF-8 cannot encode half a pair: String.getBytes would send '?' in its place
        throw new Mm7EncodeException(String.format("the text '%s' holds a lone surrogate U+%04X, which is no "
            + "character", text.length() > 64 ? text.substring(0, 64) + "..." : text, (int) c));
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF') {
        throw new Mm7EncodeException(String.format("the text '%s' holds the character U+%04X, which XML 1.0 "
            + "cannot carry", text.length() > 64 ? text.substring(0, 64) + "..." : text, (int) c));
      }
      String entity = switch (c) {
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '&' -> "&amp;";
        case '"' -> attribute ? "&quot;" : null;
        // a parser turns a literal CR (and CR LF) into LF, and tab, CR and LF in an attribute
        // value into spaces (XML 1.0 2.11, 3.3.3): as references they arrive as sent
        case '\r' -> "&#13;";
        case '\t' -> attribute ? "&#9;" : null;
        case '\n' -> attribute ? "&#10;" : null;
        default -> null;
      };
      if (entity != null) {
        out.append(text, from, i).append(entity);
        from = i + 1;
      }
    }
    out.append(text, from, n);
  }

  private static void writeFault(StringBuilder out, ErrorResponse error, LegacyOutElement detail)
      throws Mm7EncodeException {
    out.append("<env:Fault><faultcode>");
    String code = error.faultCode();
    if (code == null) {
      code = error.status().mm7Status().isServerError() ? "env:Server" : "env:Client";
    }
    escape(out, code, false);
    out.append("</faultcode><faultstring>");
    escape(out, error.faultString() != null ? error.faultString() : error.status().text(), false);
    out.append("</faultstring>");
    if (detail != null) {
      out.append("<detail>");
      write(out, detail);
      out.append("</detail>");
    }
    out.append("</env:Fault>");
  }

  private static void write(StringBuilder out, LegacyOutElement e) throws Mm7EncodeException {
    out.append("<mm7:").append(e.name);
    for (String[] a : e.attributes) {
      out.append(' ').append(a[0]).append("=\"");
      escape(out, a[1], true);
      out.append('"');
    }
    out.append('>');
    if (e.text != null) {
      escape(out, e.text, false);
    }
    for (LegacyOutElement c : e.children) {
      write(out, c);
    }
    out.append("</mm7:").append(e.name).append('>');
  }

  /**
   * The three kinds of address are one choice: in a list (To, Cc, Bcc) it repeats, and the
   * order of the addresses is the caller's, never the schema's order of the three names.
   */
  private static final Set<String> ADDRESS_CHOICE = Set.of("Number", "RFC2822Address", "ShortCode");

  /**
   * Checks every element, attribute and enumerated value against the release, and sorts children
   * into schema order; the items of a repeated choice keep their order (EncoderVsJaxbTest found
   * To: ShortCode, Number written as Number, ShortCode).
   */
  private static void order(LegacyOutElement e, String path, Mm7Release release) throws Mm7EncodeException {
    for (String[] a : e.attributes) {
      if (!release.has(path + "@" + a[0])) {
        throw notInRelease("attribute " + a[0] + " of " + path, release);
      }
      if (POSITIVE_INTEGERS.contains(a[0])) {
        requirePositive(a[1], path + "@" + a[0]);
      }
    }
    if (e.text != null && POSITIVE_INTEGERS.contains(e.name)) {
      requirePositive(e.text, path);
    }
    if (e.text != null && hasEnumeration(release, path) && !release.has(path + "#" + e.text)) {
      throw new Mm7EncodeException("value '" + e.text + "' of " + path + " does not exist in release "
          + release.releaseName());
    }
    if (e.children.isEmpty()) {
      return;
    }
    List<String> order = release.childElements(path);
    boolean choiceList = true;
    for (LegacyOutElement c : e.children) {
      if (!order.contains(c.name)) {
        throw notInRelease("element " + c.name + " of " + path, release);
      }
      choiceList &= ADDRESS_CHOICE.contains(c.name);
      order(c, path + "/" + c.name, release);
    }
    if (choiceList) {
      return;
    }
    // schema order, stable among repeated elements (no comparator lambda: one class less to spin
    // on a JVM's first message); every child is in order, checked above
    List<LegacyOutElement> sorted = new ArrayList<>(e.children.size());
    for (String name : order) {
      for (LegacyOutElement c : e.children) {
        if (c.name.equals(name)) {
          sorted.add(c);
        }
      }
    }
    e.children.clear();
    e.children.addAll(sorted);
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

  /** Elements and attributes whose schema type is xs:positiveInteger in every release. */
  private static final Set<String> POSITIVE_INTEGERS = Set.of("StatusCode", "DC", "replyChargingSize", "sequence");

  private static void requirePositive(String value, String path) throws Mm7EncodeException {
    if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '+' || value.chars().allMatch(ch -> ch == '0')) {
      throw new Mm7EncodeException(path + " is " + value + "; the schema allows only positive integers (1, 2, ...)");
    }
  }

  private static boolean hasEnumeration(Mm7Release release, String path) {
    return ENUMERATED.computeIfAbsent(release, LegacySoapEncoder::enumeratedPaths).contains(path);
  }

  /** Per release, the paths of the elements whose values are enumerated (computed once, not per element). */
  private static final Map<Mm7Release, Set<String>> ENUMERATED = new ConcurrentHashMap<>();

  private static Set<String> enumeratedPaths(Mm7Release release) {
    Set<String> out = new HashSet<>();
    for (String p : release.paths()) {
      int hash = p.indexOf('#');
      if (hash > 0) {
        out.add(p.substring(0, hash));
      }
    }
    return Set.copyOf(out);
  }

  private static Mm7EncodeException notInRelease(String what, Mm7Release release) {
    return new Mm7EncodeException(what + " does not exist in release " + release.releaseName()
        + " (" + release.namespace() + ")");
  }

  // ---- model to elements, in the union order of all releases ----

  private static LegacyOutElement errorElement(ErrorResponse error, String version) {
    if (error.operation() == Mm7Operation.FAULT) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement(error.operation().elementName());
    e.add("MM7Version", version);
    e.add(status(error.status()));
    return e;
  }

  private static LegacyOutElement operationElement(Mm7Message m, String version, String contentId) {
    LegacyOutElement e = new LegacyOutElement(m.operation().elementName());
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
        LegacyOutElement dc = new LegacyOutElement("DeliveryCondition");
        r.deliveryConditions().forEach(v -> dc.add("DC", v));
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
        LegacyOutElement by = new LegacyOutElement("Previouslysentby");
        int sequence = 1;
        for (Address a : r.previouslySentBy()) {
          by.add(addressHolder("UserAgent", a).attribute("sequence", sequence++));
        }
        e.add(by);
      }
      if (!r.previouslySentDates().isEmpty()) {
        LegacyOutElement dates = new LegacyOutElement("Previouslysentdateandtime");
        int sequence = 1;
        for (OffsetDateTime t : r.previouslySentDates()) {
          dates.add(new LegacyOutElement("DateTime", dateTime(t)).attribute("sequence", sequence++));
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

  private static void applicationAddressing(LegacyOutElement e, String applicId, String replyApplicId, String aux) {
    e.add("ApplicID", applicId);
    e.add("ReplyApplicID", replyApplicId);
    e.add("AuxApplicInfo", aux);
  }

  private static LegacyOutElement status(ResponseStatus s) {
    LegacyOutElement e = new LegacyOutElement("Status");
    e.add("StatusCode", s.code());
    e.add("StatusText", s.text());
    e.add("Details", s.details());
    return e;
  }

  private static LegacyOutElement senderIdentification(String vaspId, String vasId, Address sender) {
    LegacyOutElement e = new LegacyOutElement("SenderIdentification");
    e.add("VASPID", vaspId);
    e.add("VASID", vasId);
    e.add(addressHolder("SenderAddress", sender));
    return e;
  }

  private static LegacyOutElement recipients(String name, Recipients r) {
    if (r == null) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement(name);
    addList(e, "To", r.to());
    addList(e, "Cc", r.cc());
    addList(e, "Bcc", r.bcc());
    return e;
  }

  private static void addList(LegacyOutElement parent, String name, List<Address> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    LegacyOutElement e = new LegacyOutElement(name);
    addresses.forEach(a -> e.add(address(a)));
    parent.add(e);
  }

  private static LegacyOutElement addressHolder(String name, Address a) {
    if (a == null) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement(name);
    e.add(address(a));
    return e;
  }

  private static LegacyOutElement address(Address a) {
    String name = addressElementName(a);
    LegacyOutElement e = new LegacyOutElement(name, a.value());
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

  private static LegacyOutElement replyCharging(ReplyCharging rc) {
    if (rc == null) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement("ReplyCharging");
    e.attribute("replyChargingSize", rc.replyChargingSize());
    e.attribute("replyDeadline", time(rc.replyDeadline()));
    return e;
  }

  private static LegacyOutElement uaCapabilities(UaCapabilities ua) {
    if (ua == null) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement("UACapabilities");
    e.attribute("UAProf", ua.uaProf());
    e.attribute("TimeStamp", dateTime(ua.timeStamp()));
    return e;
  }

  private static LegacyOutElement content(String contentId, Boolean allowAdaptations) {
    if (contentId == null) {
      return null;
    }
    LegacyOutElement e = new LegacyOutElement("Content");
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
