package org.openmm7.client.internal.soap;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.CancelResponse;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.DeliveryReportResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedCancelResponse;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReadReplyResponse;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.RelativeOrAbsoluteTime;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ReplaceResponse;
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
  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

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
    boolean fault = message instanceof ErrorResponse;
    String bodyElement = fault ? null : op.elementName();
    if (bodyElement != null && !release.hasOperation(bodyElement)) {
      throw new Mm7EncodeException(bodyElement + " does not exist in release " + release.releaseName()
          + "; it first appears in a later release");
    }
    OutElement root = fault ? errorElement((ErrorResponse) message, envelope.mm7Version())
        : operationElement(message, envelope.mm7Version(), contentId);
    if (root != null) {
      order(root, root.name, release);
    }
    // the writer gets a Writer, not an OutputStream: over a stream, the JDK's writer encodes one
    // character at a time into write(int) calls, which were 40% of encoding a small message
    TextSink out = new TextSink(2048);
    try {
      // the declaration as the writer wrote it over a UTF-8 stream (given a Writer, it cannot know the encoding)
      out.text.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
      XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
      w.writeStartElement("env", "Envelope", SOAP_ENV);
      w.writeNamespace("env", SOAP_ENV);
      w.writeNamespace("mm7", release.namespace());
      w.writeStartElement("env", "Header", SOAP_ENV);
      w.writeStartElement("mm7", "TransactionID", release.namespace());
      w.writeAttribute("env", SOAP_ENV, "mustUnderstand", "1");
      w.writeCharacters(envelope.transactionId());
      w.writeEndElement();
      w.writeEndElement();
      w.writeStartElement("env", "Body", SOAP_ENV);
      if (fault) {
        writeFault(w, (ErrorResponse) message, root, release);
      } else {
        write(w, root, release.namespace());
      }
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("XML writer failed on an in-memory stream", e);
    }
    return out.text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An unsynchronised in-memory Writer (StringWriter locks a StringBuffer on every call). */
  private static final class TextSink extends Writer {
    final StringBuilder text;

    TextSink(int capacity) {
      text = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void write(char[] b, int off, int len) {
      text.append(b, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      text.append(str, off, off + len);
    }

    @Override
    public Writer append(CharSequence csq) {
      text.append(csq);
      return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static void writeFault(XMLStreamWriter w, ErrorResponse error, OutElement detail, Mm7Release release)
      throws XMLStreamException {
    w.writeStartElement("env", "Fault", SOAP_ENV);
    w.writeStartElement("faultcode");
    String code = error.faultCode();
    if (code == null) {
      code = error.status().code().isServerError() ? "env:Server" : "env:Client";
    }
    w.writeCharacters(code);
    w.writeEndElement();
    w.writeStartElement("faultstring");
    w.writeCharacters(error.faultString() != null ? error.faultString() : error.status().text());
    w.writeEndElement();
    if (detail != null) {
      w.writeStartElement("detail");
      write(w, detail, release.namespace());
      w.writeEndElement();
    }
    w.writeEndElement();
  }

  private static void write(XMLStreamWriter w, OutElement e, String ns) throws XMLStreamException {
    w.writeStartElement("mm7", e.name, ns);
    for (String[] a : e.attributes) {
      w.writeAttribute(a[0], a[1]);
    }
    if (e.text != null) {
      w.writeCharacters(e.text);
    }
    for (OutElement c : e.children) {
      write(w, c, ns);
    }
    w.writeEndElement();
  }

  /** Checks every element, attribute and enumerated value against the release, and sorts children into schema order. */
  private static void order(OutElement e, String path, Mm7Release release) throws Mm7EncodeException {
    for (String[] a : e.attributes) {
      if (!release.has(path + "@" + a[0])) {
        throw notInRelease("attribute " + a[0] + " of " + path, release);
      }
    }
    if (e.text != null && hasEnumeration(release, path) && !release.has(path + "#" + e.text)) {
      throw new Mm7EncodeException("value '" + e.text + "' of " + path + " does not exist in release "
          + release.releaseName());
    }
    if (e.children.isEmpty()) {
      return;
    }
    List<String> order = release.childElements(path);
    for (OutElement c : e.children) {
      if (!order.contains(c.name)) {
        throw notInRelease("element " + c.name + " of " + path, release);
      }
      order(c, path + "/" + c.name, release);
    }
    // schema order, stable among repeated elements (no comparator lambda: one class less to spin
    // on a JVM's first message); every child is in order, checked above
    List<OutElement> sorted = new ArrayList<>(e.children.size());
    for (String name : order) {
      for (OutElement c : e.children) {
        if (c.name.equals(name)) {
          sorted.add(c);
        }
      }
    }
    e.children.clear();
    e.children.addAll(sorted);
  }

  private static boolean hasEnumeration(Mm7Release release, String path) {
    return !release.paths().subSet(path + "#", path + "#\uffff").isEmpty();
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
    } else if (m instanceof CancelResponse r) {
      e.add(status(r.status()));
    } else if (m instanceof ReplaceResponse r) {
      e.add(status(r.status()));
    } else if (m instanceof ExtendedCancelResponse r) {
      e.add(status(r.status()));
    } else if (m instanceof DeliveryReportResponse r) {
      e.add(status(r.status()));
    } else if (m instanceof ReadReplyResponse r) {
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
    e.add("StatusCode", s.code().code());
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
    addresses.forEach(a -> e.add(address(a)));
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
