package org.openmm7.client.internal.soap;

import org.openmm7.client.codec.DecodeProblem;
import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ChargedParty;
import org.openmm7.client.message.ContentClass;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.MessageClass;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Priority;
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
import org.openmm7.schema.ContentCheck;
import org.openmm7.schema.ContentModel;
import org.openmm7.schema.Mm7Release;

/**
 * Reads an MM7 SOAP envelope leniently: whatever real peers send that can be understood without
 * guessing is accepted and reported as a {@link org.openmm7.client.codec.Finding}; the rest is a
 * {@link Mm7DecodeException} naming the problem.
 */
public final class SoapDecoder {
  static final String SOAP_ENV = SoapEncoder.SOAP_ENV;
  static final String SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope";
  private static final Pattern STATUS_IN_TEXT = Pattern.compile("(?<!\\d)([1-9]\\d{3})(?!\\d)");
  private static final Pattern PRE_3GPP = Pattern.compile("(?i)^MM7\\w*(\\.(Req|Res|Rsp))?$|^\\w+\\.(Req|Res)$");

  /** What the envelope said. */
  public record Result(String transactionId, String namespace, Mm7Release release, String mm7Version,
      Mm7Message message) {}

  private final Findings findings;
  private final ContentResolver contents;
  private Mm7Release release;
  private boolean reportedUnqualified;

  private SoapDecoder(Findings findings, ContentResolver contents) {
    this.findings = findings;
    this.contents = contents;
  }

  /** Decodes the SOAP part's bytes; {@code charset} is the part's labelled charset or null. */
  public static Result decode(byte[] soapPart, Charset charset, Findings findings, ContentResolver contents)
      throws Mm7DecodeException {
    return decode(soapPart, 0, soapPart.length, charset, findings, contents);
  }

  /**
   * Decodes the SOAP part at bytes [offset, offset + length) of the array, read in place (the
   * part where it lies in the received body); {@code charset} is the part's labelled charset or null.
   */
  public static Result decode(byte[] array, int offset, int length, Charset charset, Findings findings,
      ContentResolver contents) throws Mm7DecodeException {
    XmlNode root = XmlTreeReader.parse(array, offset, length, charset, findings, true);
    return new SoapDecoder(findings, contents).envelope(root, array, offset, length);
  }

  private Result envelope(XmlNode env, byte[] raw, int offset, int length) throws Mm7DecodeException {
    if (!env.localName.equals("Envelope")) {
      throw new Mm7DecodeException(DecodeProblem.NOT_SOAP, "the XML root is <" + env.qualifiedName()
          + ">, not a SOAP Envelope", XmlTreeReader.excerpt(raw, offset, length), null);
    }
    if (env.namespace.equals(SOAP12_ENV)) {
      throw new Mm7DecodeException(DecodeProblem.SOAP_1_2, "the message is SOAP 1.2; MM7 uses SOAP 1.1 (" + SOAP_ENV + ")");
    }
    if (!env.namespace.equals(SOAP_ENV)) {
      throw new Mm7DecodeException(DecodeProblem.NOT_SOAP, "the Envelope is in namespace '" + env.namespace
          + "', not SOAP 1.1's " + SOAP_ENV);
    }
    XmlNode header = env.child("Header");
    XmlNode body = env.child("Body");
    if (body == null) {
      throw new Mm7DecodeException(DecodeProblem.NOT_SOAP, "the SOAP Envelope has no Body");
    }
    XmlNode tx = null;
    if (header != null) {
      for (XmlNode h = header.firstChild; h != null; h = h.nextSibling) {
        if (h.localName.equals("TransactionID")) {
          tx = h;
        } else if (isMustUnderstand(h)) {
          throw new Mm7DecodeException(DecodeProblem.MUST_UNDERSTAND, "header " + h.qualifiedName()
              + " is marked mustUnderstand and is not an MM7 header");
        }
      }
    }
    String transactionId = "";
    if (tx == null) {
      findings.add(DecodeProblem.MISSING_TRANSACTION_ID, "SOAP Header", "no TransactionID header");
    } else {
      transactionId = tx.text();
      if (!transactionId.equals(tx.rawText())) {
        findings.add(DecodeProblem.WHITESPACE_IN_VALUES, "TransactionID", "whitespace around the TransactionID was removed");
      }
    }
    XmlNode op = null;
    for (XmlNode c = body.firstChild; c != null; c = c.nextSibling) {
      op = c;
      break;
    }
    if (op == null) {
      throw new Mm7DecodeException(DecodeProblem.EMPTY_BODY, "the SOAP Body is empty");
    }
    if (op.localName.equals("Fault")) {
      return fault(op, tx, transactionId);
    }
    Mm7Operation operation = Mm7Operation.fromElementName(op.localName).orElse(null);
    if (operation == null || operation == Mm7Operation.FAULT) {
      if (PRE_3GPP.matcher(op.localName).find() || op.namespace.startsWith("urn:")) {
        throw new Mm7DecodeException(DecodeProblem.PRE_3GPP_DIALECT, "<" + op.qualifiedName() + "> in '" + op.namespace
            + "' is a pre-3GPP RPC/encoded MM7 dialect, not MM7 as TS 23.140 specifies it");
      }
      throw new Mm7DecodeException(DecodeProblem.UNKNOWN_OPERATION, "<" + op.qualifiedName() + "> is not an MM7 operation");
    }
    String namespace = resolveRelease(op, tx);
    String version = text(op, "MM7Version");
    checkVersion(version, op.localName);
    checkChildren(op, SchemaPaths.root(release, op.localName), op.namespace);
    Mm7Message message = operation(operation, op);
    XmlNode sid = op.child("SenderIdentification");
    // a SubmitReq takes it in its builder (operation): withSenderIdentification builds the message twice
    if (message instanceof VaspRequest v && !(message instanceof SubmitRequest) && sid != null) {
      message = v.withSenderIdentification(text(sid, "VASPID"), text(sid, "VASID"),
          addressIn(sid.child("SenderAddress"), op.localName + "/SenderIdentification/SenderAddress"));
    }
    return new Result(transactionId, namespace, release, version == null ? "" : version, message);
  }

  private static boolean isMustUnderstand(XmlNode h) {
    for (XmlNode.Attr a : h.attributes) {
      if (a.localName().equals("mustUnderstand") && (a.value().trim().equals("1") || a.value().trim().equals("true"))) {
        return true;
      }
    }
    return false;
  }

  /** Decides the release from the operation's namespace (or the TransactionID's, or the version) and returns the namespace as written. */
  private String resolveRelease(XmlNode op, XmlNode tx) throws Mm7DecodeException {
    String ns = op.namespace;
    if (ns.isEmpty()) {
      findings.add(DecodeProblem.BODY_NO_NAMESPACE, op.localName, "the operation element is in no namespace");
      String txNs = tx == null ? "" : tx.namespace;
      Optional<Mm7Release> fromTx = Mm7Release.fromNamespace(txNs);
      if (fromTx.isPresent()) {
        release = fromTx.get();
        return txNs; // the namespace the peer meant, as it wrote it on the TransactionID
      }
      release = fromVersion(text(op, "MM7Version"));
      return "";
    }
    Optional<Mm7Release> known = Mm7Release.fromNamespace(ns);
    if (known.isPresent()) {
      release = known.get();
      return ns;
    }
    if (ns.startsWith(Mm7Release.NAMESPACE_PREFIX)) {
      String name = ns.substring(Mm7Release.NAMESPACE_PREFIX.length());
      release = name.startsWith("REL-5") ? Mm7Release.REL_5_MM7_1_5 : Mm7Release.latest();
      findings.add(DecodeProblem.UNKNOWN_NAMESPACE, op.localName, "namespace " + ns + " is not an MM7 release; read as "
          + release.releaseName());
      return ns;
    }
    throw new Mm7DecodeException(DecodeProblem.UNKNOWN_NAMESPACE, "<" + op.localName + "> is in namespace '" + ns
        + "', which is not an MM7 namespace");
  }

  private static Mm7Release fromVersion(String version) {
    if (version != null) {
      for (Mm7Release r : Mm7Release.values()) {
        if (r.defaultVersion().equals(version)) {
          return r;
        }
      }
      if (version.startsWith("5.")) {
        return Mm7Release.REL_5_MM7_1_5;
      }
    }
    return Mm7Release.latest();
  }

  private void checkVersion(String version, String where) {
    if (version == null) {
      return;
    }
    int major;
    int minor;
    try {
      long plain = plainVersion(version);
      if (plain >= 0) {
        major = (int) (plain >>> 32);
        minor = (int) plain;
      } else {
        String[] parts = version.split("\\.");
        major = Integer.parseInt(parts[0]);
        minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      }
    } catch (NumberFormatException e) {
      findings.add(DecodeProblem.VERSION_NAMESPACE_MISMATCH, where + "/MM7Version", "MM7Version '" + version + "' is not a version number");
      return;
    }
    int releaseMajor = release.releaseName().startsWith("REL-5") ? 5 : 6;
    if (major != releaseMajor || (major == 5 && minor < 3)) {
      findings.add(DecodeProblem.VERSION_NAMESPACE_MISMATCH, where + "/MM7Version", "MM7Version " + version
          + " does not belong to namespace release " + release.releaseName());
    }
  }

  /**
   * The major and minor numbers of a version written as ASCII digits (one to eight each) with dots
   * ({@code 6.8.0}), packed as major << 32 | minor; -1 for anything else, which the split and
   * parse then read (a sign, other digits, empty or long parts) as before.
   */
  static long plainVersion(String version) {
    long[] numbers = new long[2];
    int part = 0;
    int digits = 0;
    for (int i = 0, n = version.length(); i < n; i++) {
      char c = version.charAt(i);
      if (c == '.') {
        if (digits == 0) {
          return -1;
        }
        part++;
        digits = 0;
      } else if (c >= '0' && c <= '9' && ++digits <= 8) {
        if (part < 2) {
          numbers[part] = numbers[part] * 10 + (c - '0');
        }
      } else {
        return -1;
      }
    }
    return digits == 0 ? -1 : numbers[0] << 32 | numbers[1];
  }

  /**
   * Checks an element's children against the release's content model for it (a real matcher, not a
   * list order: choices repeat, optional groups come and go): every misplaced child is reported, as
   * are children with no room left, missing required elements and unknown or unqualified children;
   * then the children are checked in turn.
   */
  private void checkChildren(XmlNode node, SchemaPaths.Node schema, String expectedNs) {
    String path = schema.path;
    List<String> names = new ArrayList<>(node.childCount);
    for (XmlNode c = node.firstChild; c != null; c = c.nextSibling) {
      if (!reportedUnqualified && !expectedNs.isEmpty() && c.namespace.isEmpty()) {
        reportedUnqualified = true;
        findings.add(DecodeProblem.UNQUALIFIED_CHILDREN, path + "/" + c.localName,
            "children of a namespace-qualified MM7 element are in no namespace");
      }
      names.add(c.localName);
    }
    ContentModel model = schema.model;
    if (model == null) {
      if (!path.endsWith("Details")) { // Details is xs:anyType: anything goes
        for (XmlNode c = node.firstChild; c != null; c = c.nextSibling) {
          findings.add(DecodeProblem.UNKNOWN_ELEMENT, path + "/" + c.localName, "element " + c.localName
              + " does not exist here in " + release.releaseName() + "; ignored");
        }
      }
      return;
    }
    ContentCheck check = model.check(names);
    for (int i : check.unknown()) {
      String name = names.get(i);
      findings.add(DecodeProblem.UNKNOWN_ELEMENT, path + "/" + name, "element " + name + " does not exist here in "
          + release.releaseName() + "; ignored");
    }
    for (int i : check.misplaced()) {
      String name = names.get(i);
      findings.add(DecodeProblem.ELEMENTS_OUT_OF_ORDER, path + "/" + name, name + " (child " + (i + 1) + " of " + path
          + ") is not where the schema's content model puts it");
    }
    for (int i : check.surplus()) {
      String name = names.get(i);
      findings.add(DecodeProblem.TOO_MANY_OCCURRENCES, path + "/" + name, name + " (child " + (i + 1) + " of " + path
          + ") occurs once more than the schema allows here");
    }
    // a bare-text address (<Sender>+861...</Sender>) is reported by the address reader instead
    if (node.hasChildren() || !node.hasNonWhitespaceText()) {
      for (String name : check.missing()) {
        findings.add(DecodeProblem.MISSING_ELEMENT, path + "/" + name, path + " has no " + name + ", which the schema requires");
      }
    }
    for (XmlNode c = node.firstChild; c != null; c = c.nextSibling) {
      SchemaPaths.Node child = c.localName.equals("Details") ? null : schema.child(c.localName);
      if (child == null) {
        continue; // Details is open content; an unknown element's children are not checked
      }
      if (c.hasChildren() || (!c.hasNonWhitespaceText() && child.model != null)) {
        checkChildren(c, child, expectedNs);
      }
    }
  }

  // ---- faults ----

  private Result fault(XmlNode fault, XmlNode tx, String transactionId) throws Mm7DecodeException {
    XmlNode code = faultChild(fault, "faultcode");
    XmlNode string = faultChild(fault, "faultstring");
    XmlNode detail = faultChild(fault, "detail");
    String faultCode = code == null ? null : code.text();
    if (faultCode != null && !faultCode.contains(":")) {
      findings.add(DecodeProblem.FAULTCODE_UNPREFIXED, "Fault/faultcode", "faultcode '" + faultCode
          + "' has no namespace prefix (SOAP 1.1 wants env:" + faultCode + ")");
    }
    String faultString = string == null ? null : string.text();
    XmlNode error = null;
    if (detail != null) {
      for (XmlNode d = detail.firstChild; d != null; d = d.nextSibling) {
        if (d.localName.equals("RSErrorRsp") || d.localName.equals("VASPErrorRsp")) {
          error = d;
          break;
        }
      }
    }
    String namespace;
    String version = "";
    ResponseStatus status;
    Mm7Operation operation;
    if (error != null) {
      namespace = resolveRelease(error, tx);
      version = nullToEmpty(text(error, "MM7Version"));
      checkVersion(text(error, "MM7Version"), error.localName);
      checkChildren(error, SchemaPaths.root(release, error.localName), error.namespace);
      operation = Mm7Operation.fromElementName(error.localName).orElseThrow();
      status = status(error, error.localName);
    } else {
      Optional<Mm7Release> fromTx = tx == null ? Optional.empty() : Mm7Release.fromNamespace(tx.namespace);
      release = fromTx.orElse(Mm7Release.latest());
      namespace = fromTx.isPresent() ? tx.namespace : "";
      operation = Mm7Operation.FAULT;
      Matcher m = faultString == null ? null : STATUS_IN_TEXT.matcher(faultString);
      if (m != null && m.find()) {
        int c = Integer.parseInt(m.group(1));
        findings.add(DecodeProblem.STATUS_ONLY_IN_FAULTSTRING, "Fault/faultstring", "no RSErrorRsp/VASPErrorRsp detail; status "
            + c + " read from the faultstring");
        status = new ResponseStatus(Mm7Status.of(c), faultString, null);
      } else {
        boolean server = faultCode != null && faultCode.toLowerCase(Locale.ROOT).endsWith("server");
        Mm7Status s = server ? Mm7Status.SERVER_ERROR : Mm7Status.CLIENT_ERROR;
        findings.add(DecodeProblem.FAULT_WITHOUT_STATUS, "Fault", "no MM7 status in the fault; taken as " + s);
        status = new ResponseStatus(s, faultString, null);
      }
    }
    return new Result(transactionId, namespace, release, version,
        new ErrorResponse(operation, status, faultCode, faultString));
  }

  private XmlNode faultChild(XmlNode fault, String name) {
    XmlNode c = fault.child(name);
    if (c == null) {
      return null;
    }
    if (c.namespace.equals(SOAP_ENV)) {
      findings.add(DecodeProblem.FAULT_CHILDREN_QUALIFIED, "Fault/" + name, name + " is in the SOAP envelope namespace; SOAP 1.1 leaves it unqualified");
    } else if (c.namespace.startsWith(Mm7Release.NAMESPACE_PREFIX)) {
      findings.add(DecodeProblem.FAULTCODE_IN_MM7_NAMESPACE, "Fault/" + name, name + " is in the MM7 namespace (a default xmlns); SOAP 1.1 leaves it unqualified");
    } else if (!c.namespace.isEmpty()) {
      findings.add(DecodeProblem.FAULT_CHILDREN_QUALIFIED, "Fault/" + name, name + " is in namespace " + c.namespace);
    }
    return c;
  }

  // ---- operations ----

  private Mm7Message operation(Mm7Operation operation, XmlNode op) throws Mm7DecodeException {
    String p = op.localName;
    switch (operation) {
      case SUBMIT_REQ: {
        SubmitRequest.Builder b = SubmitRequest.builder();
        Recipients recipients = recipients(op.child("Recipients"), p + "/Recipients");
        if (recipients == null) {
          throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, "SubmitReq has no Recipients");
        }
        b.recipients(recipients)
            .serviceCode(text(op, "ServiceCode"))
            .linkedId(text(op, "LinkedID"))
            .messageClass(enumValue(op, "MessageClass", p, MessageClass.class))
            .timeStamp(dateTime(op, "TimeStamp", p))
            .replyCharging(replyCharging(op.child("ReplyCharging"), p))
            .earliestDeliveryTime(time(op, "EarliestDeliveryTime", p))
            .expiryDate(time(op, "ExpiryDate", p))
            .deliveryReport(bool(op, "DeliveryReport", p))
            .readReply(bool(op, "ReadReply", p))
            .priority(enumValue(op, "Priority", p, Priority.class))
            .subject(rawText(op, "Subject"))
            .chargedParty(enumValue(op, "ChargedParty", p, ChargedParty.class))
            .chargedPartyId(text(op, "ChargedPartyID"))
            .distributionIndicator(bool(op, "DistributionIndicator", p))
            .applicId(text(op, "ApplicID"))
            .replyApplicId(text(op, "ReplyApplicID"))
            .auxApplicInfo(text(op, "AuxApplicInfo"))
            .contentClass(enumValue(op, "ContentClass", p, ContentClass.class))
            .drmContent(bool(op, "DRMContent", p));
        XmlNode dc = op.child("DeliveryCondition");
        if (dc != null) {
          for (XmlNode v : dc.children("DC")) {
            b.addDeliveryCondition(integer(v, p, "/DeliveryCondition/DC"));
          }
        }
        XmlNode content = op.child("Content");
        b.content(content(content, p)).allowAdaptations(allowAdaptations(content, p));
        XmlNode sid = op.child("SenderIdentification");
        if (sid != null) { // after everything else, as for the other requests (the order of findings)
          b.vaspId(text(sid, "VASPID")).vasId(text(sid, "VASID"))
              .senderAddress(addressIn(sid.child("SenderAddress"), p + "/SenderIdentification/SenderAddress"));
        }
        return b.build();
      }
      case CANCEL_REQ: {
        CancelRequest.Builder b = CancelRequest.builder();
        return b.messageId(required(op, "MessageID", p)).build();
      }
      case REPLACE_REQ: {
        ReplaceRequest.Builder b = ReplaceRequest.builder();
        XmlNode content = op.child("Content");
        return b.messageId(required(op, "MessageID", p))
            .serviceCode(text(op, "ServiceCode"))
            .timeStamp(dateTime(op, "TimeStamp", p))
            .readReply(bool(op, "ReadReply", p))
            .earliestDeliveryTime(time(op, "EarliestDeliveryTime", p))
            .distributionIndicator(bool(op, "DistributionIndicator", p))
            .contentClass(enumValue(op, "ContentClass", p, ContentClass.class))
            .drmContent(bool(op, "DRMContent", p))
            .content(content(content, p)).allowAdaptations(allowAdaptations(content, p))
            .build();
      }
      case EXTENDED_CANCEL_REQ: {
        ExtendedCancelRequest.Builder b = ExtendedCancelRequest.builder();
        return b.cancelId(required(op, "CancelID", p)).build();
      }
      case EXTENDED_REPLACE_REQ: {
        ExtendedReplaceRequest.Builder b = ExtendedReplaceRequest.builder();
        XmlNode content = op.child("Content");
        return b.replaceId(required(op, "ReplaceID", p))
            .serviceCode(text(op, "ServiceCode"))
            .timeStamp(dateTime(op, "TimeStamp", p))
            .earliestDeliveryTime(time(op, "EarliestDeliveryTime", p))
            .expiryDate(time(op, "ExpiryDate", p))
            .readReply(bool(op, "ReadReply", p))
            .deliveryReport(bool(op, "DeliveryReport", p))
            .priority(enumValue(op, "Priority", p, Priority.class))
            .subject(rawText(op, "Subject"))
            .distributionIndicator(bool(op, "DistributionIndicator", p))
            .contentClass(enumValue(op, "ContentClass", p, ContentClass.class))
            .drmContent(bool(op, "DRMContent", p))
            .content(content(content, p)).allowAdaptations(allowAdaptations(content, p))
            .build();
      }
      case DELIVER_REQ: {
        DeliverRequest.Builder b = DeliverRequest.builder();
        Address sender = addressIn(op.child("Sender"), p + "/Sender");
        if (sender == null) {
          throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, "DeliverReq has no Sender");
        }
        for (XmlNode by : op.children("Previouslysentby")) {
          for (XmlNode ua : by.children("UserAgent")) {
            Address a = addressIn(ua, p + "/Previouslysentby/UserAgent");
            if (a != null) {
              b.addPreviouslySentBy(a);
            }
          }
        }
        for (XmlNode dates : op.children("Previouslysentdateandtime")) {
          for (XmlNode t : dates.children("DateTime")) {
            b.addPreviouslySentDate(parseDateTime(t.text(), p + "/Previouslysentdateandtime/DateTime"));
          }
        }
        XmlNode content = op.child("Content");
        return b.relayServerId(text(op, "MMSRelayServerID"))
            .vaspId(text(op, "VASPID")).vasId(text(op, "VASID"))
            .linkedId(text(op, "LinkedID"))
            .sender(sender)
            .recipients(recipients(op.child("Recipients"), p + "/Recipients"))
            .senderSpi(text(op, "SenderSPI")).recipientSpi(text(op, "RecipientSPI"))
            .timeStamp(dateTime(op, "TimeStamp", p))
            .replyChargingId(text(op, "ReplyChargingID"))
            .priority(enumValue(op, "Priority", p, Priority.class))
            .subject(rawText(op, "Subject"))
            .applicId(text(op, "ApplicID")).replyApplicId(text(op, "ReplyApplicID"))
            .auxApplicInfo(text(op, "AuxApplicInfo"))
            .uaCapabilities(uaCapabilities(op.child("UACapabilities"), p))
            .content(content(content, p)).allowAdaptations(allowAdaptations(content, p))
            .build();
      }
      case DELIVERY_REPORT_REQ:
        return DeliveryReportRequest.builder()
            .relayServerId(text(op, "MMSRelayServerID"))
            .messageId(required(op, "MessageID", p))
            .recipient(requiredAddress(op, "Recipient", p))
            .sender(requiredAddress(op, "Sender", p))
            .date(dateTime(op, "Date", p))
            .mmStatus(requiredEnum(op, "MMStatus", p, MessageStatus.class))
            .mmStatusExtension(text(op, "MMStatusExtension"))
            .statusText(rawText(op, "StatusText"))
            .applicId(text(op, "ApplicID")).replyApplicId(text(op, "ReplyApplicID"))
            .auxApplicInfo(text(op, "AuxApplicInfo"))
            .uaCapabilities(uaCapabilities(op.child("UACapabilities"), p))
            .build();
      case READ_REPLY_REQ:
        return ReadReplyRequest.builder()
            .relayServerId(text(op, "MMSRelayServerID"))
            .messageId(required(op, "MessageID", p))
            .recipient(requiredAddress(op, "Recipient", p))
            .sender(requiredAddress(op, "Sender", p))
            .timeStamp(dateTime(op, "TimeStamp", p))
            .mmStatus(requiredEnum(op, "MMStatus", p, MessageStatus.class))
            .statusText(rawText(op, "StatusText"))
            .applicId(text(op, "ApplicID")).replyApplicId(text(op, "ReplyApplicID"))
            .auxApplicInfo(text(op, "AuxApplicInfo"))
            .build();
      case CANCEL_RSP:
      case REPLACE_RSP:
      case EXTENDED_CANCEL_RSP:
      case DELIVERY_REPORT_RSP:
      case READ_REPLY_RSP:
        return new StatusResponse(operation, status(op, p));
      case SUBMIT_RSP:
        return new SubmitResponse(status(op, p), text(op, "MessageID"));
      case EXTENDED_REPLACE_RSP:
        return new ExtendedReplaceResponse(text(op, "MessageID"), status(op, p));
      case DELIVER_RSP:
        return new DeliverResponse(status(op, p), text(op, "ServiceCode"));
      case RS_ERROR_RSP:
      case VASP_ERROR_RSP:
        return new ErrorResponse(operation, status(op, p), null, null);
      default:
        throw new Mm7DecodeException(DecodeProblem.UNKNOWN_OPERATION, op.localName + " is not an MM7 operation");
    }
  }

  private ResponseStatus status(XmlNode op, String path) throws Mm7DecodeException {
    XmlNode s = op.child("Status");
    if (s == null) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + " has no Status");
    }
    XmlNode code = s.child("StatusCode");
    if (code == null) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + "/Status has no StatusCode");
    }
    int c = integer(code, path, "/Status/StatusCode");
    if (c < 0) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + "/Status/StatusCode " + c + " is negative");
    }
    XmlNode details = s.child("Details");
    String detailText = null;
    if (details != null) {
      detailText = allText(details).trim();
      if (detailText.isEmpty()) {
        detailText = null;
      }
    }
    return new ResponseStatus(Mm7Status.of(c), rawText(s, "StatusText"), detailText);
  }

  private static String allText(XmlNode n) {
    StringBuilder sb = new StringBuilder(n.rawText());
    for (XmlNode c = n.firstChild; c != null; c = c.nextSibling) {
      if (sb.length() > 0 && !Character.isWhitespace(sb.charAt(sb.length() - 1))) {
        sb.append(' ');
      }
      sb.append(allText(c));
    }
    return sb.toString();
  }

  private MimePart content(XmlNode content, String path) throws Mm7DecodeException {
    String where = path + "/Content";
    if (content == null) {
      return contents.unreferenced(where);
    }
    XmlNode.Attr href = content.attribute("href");
    if (href == null) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, where + " has no href attribute");
    }
    if (!href.namespace().isEmpty()) {
      findings.add(DecodeProblem.HREF_NAMESPACE_QUALIFIED, where + "@href", "href is namespace-qualified (" + href.namespace()
          + "); the schema has it unqualified");
    }
    String value = href.value();
    if (content.hasText()) {
      findings.add(DecodeProblem.TEXT_IN_EMPTY_ELEMENT, where, "text inside the Content element, whose content is empty; ignored");
    }
    if (!value.equals(value.trim())) {
      findings.add(DecodeProblem.WHITESPACE_IN_VALUES, where + "@href", "whitespace around the href was ignored");
    }
    value = value.trim();
    String cid;
    if (value.regionMatches(true, 0, "cid:", 0, 4)) {
      cid = value.substring(4);
      if (!cid.isEmpty() && Character.isWhitespace(cid.charAt(0))) {
        findings.add(DecodeProblem.HREF_SPACE_AFTER_CID, where + "@href", "a space follows 'cid:' in '" + value + "'");
        cid = cid.trim();
      }
    } else {
      findings.add(DecodeProblem.HREF_WITHOUT_CID, where + "@href", "href '" + value + "' lacks the cid: scheme");
      cid = value;
    }
    if (cid.startsWith("<") && cid.endsWith(">")) {
      cid = cid.substring(1, cid.length() - 1);
    }
    return contents.resolve(cid, where);
  }

  private Boolean allowAdaptations(XmlNode content, String path) throws Mm7DecodeException {
    if (content == null) {
      return null;
    }
    XmlNode.Attr a = content.attribute("allowAdaptations");
    return a == null ? null : parseBool(a.value(), path, "/Content@allowAdaptations");
  }

  private Recipients recipients(XmlNode node, String path) throws Mm7DecodeException {
    if (node == null) {
      return null;
    }
    Recipients.Builder b = Recipients.builder();
    for (XmlNode list = node.firstChild; list != null; list = list.nextSibling) {
      List<Address> addresses = addressList(list, path + "/" + list.localName);
      for (Address a : addresses) {
        switch (list.localName) {
          case "To" -> b.to(a);
          case "Cc" -> b.cc(a);
          case "Bcc" -> b.bcc(a);
          default -> { /* reported by checkChildren */ }
        }
      }
    }
    return b.build();
  }

  private List<Address> addressList(XmlNode list, String path) throws Mm7DecodeException {
    List<Address> out = new ArrayList<>();
    if (!list.hasChildren() && list.hasNonWhitespaceText()) {
      out.add(bareAddress(list, path));
      return out;
    }
    for (XmlNode a = list.firstChild; a != null; a = a.nextSibling) {
      Address address = address(a, path);
      if (address != null) {
        out.add(address);
      }
    }
    return out;
  }

  private Address requiredAddress(XmlNode op, String name, String path) throws Mm7DecodeException {
    Address a = addressIn(op.child(name), path + "/" + name);
    if (a == null) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + " has no " + name);
    }
    return a;
  }

  /** The single address inside a holder element such as Sender or SenderAddress. */
  private Address addressIn(XmlNode holder, String path) throws Mm7DecodeException {
    if (holder == null) {
      return null;
    }
    if (!holder.hasChildren()) {
      return holder.hasNonWhitespaceText() ? bareAddress(holder, path) : null;
    }
    for (XmlNode a = holder.firstChild; a != null; a = a.nextSibling) {
      Address address = address(a, path);
      if (address != null) {
        return address;
      }
    }
    return null;
  }

  private Address bareAddress(XmlNode holder, String path) {
    String v = holder.text();
    findings.add(DecodeProblem.ADDRESS_BARE_TEXT, path, "the address '" + v + "' is bare text, not in Number, RFC2822Address or ShortCode");
    v = stripTypeSuffix(v, path, "");
    return v.contains("@") ? Address.email(v) : Address.number(v);
  }

  private Address address(XmlNode a, String path) throws Mm7DecodeException {
    String v = a.text();
    Address address;
    switch (a.localName) {
      case "Number" -> address = Address.number(stripTypeSuffix(v, path, "/Number"));
      case "RFC2822Address" -> address = Address.email(v);
      case "ShortCode" -> address = Address.shortCode(stripTypeSuffix(v, path, "/ShortCode"));
      default -> {
        return null;
      }
    }
    XmlNode.Attr display = a.attribute("displayOnly");
    XmlNode.Attr coding = a.attribute("addressCoding");
    // the label is for findings and errors: made only when an attribute may need it
    String where = display != null || coding != null ? path + "/" + a.localName : null;
    if (display != null && parseBool(display.value(), where, "@displayOnly")) {
      address = address.withDisplayOnly(true);
    }
    if (coding != null) {
      String cv = coding.value().trim();
      if (cv.isEmpty()) {
        throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, where + "@addressCoding is empty");
      }
      Address.AddressCoding ac = Address.AddressCoding.of(cv);
      if (!ac.isKnown()) {
        findings.add(DecodeProblem.UNKNOWN_VALUE, where + "@addressCoding", "addressCoding '" + cv
            + "' is a value no MM7 release lists; kept as it is");
      }
      address = address.withCoding(ac);
    }
    XmlNode.Attr id = a.attribute("id");
    if (id != null) {
      address = address.withId(id.value().trim());
    }
    return address;
  }

  /** The value without an MMS type suffix; {@code path + suffix} names it in the finding (made only then). */
  private String stripTypeSuffix(String v, String path, String suffix) {
    int at = typeSuffixStart(v);
    if (at >= 0) {
      findings.add(DecodeProblem.NUMBER_TYPE_SUFFIX, path + suffix, "'" + v + "' carries an MMS-encapsulation type suffix; removed");
      return v.substring(0, at);
    }
    return v;
  }

  /**
   * Where a trailing "/TYPE=" followed by ASCII letters and digits only (any case) starts, or -1;
   * as the regex {@code (?i)/TYPE=[A-Z0-9]+$} did, a final line terminator may follow. By hand
   * rather than a regex search: every address of every message goes through it. Only the last '/'
   * can start it (the suffix holds none).
   */
  static int typeSuffixStart(String v) {
    int end = v.length();
    if (v.endsWith("\r\n")) {
      end -= 2;
    } else if (end > 0 && "\n\r\u0085\u2028\u2029".indexOf(v.charAt(end - 1)) >= 0) {
      end--;
    }
    int at = v.lastIndexOf('/', end - 1);
    if (at < 0 || at + 6 >= end || !v.regionMatches(true, at, "/TYPE=", 0, 6)) {
      return -1;
    }
    for (int i = at + 6; i < end; i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return -1;
      }
    }
    return at;
  }

  private ReplyCharging replyCharging(XmlNode rc, String path) throws Mm7DecodeException {
    if (rc == null) {
      return null;
    }
    XmlNode.Attr size = rc.attribute("replyChargingSize");
    XmlNode.Attr deadline = rc.attribute("replyDeadline");
    Long s = null;
    if (size != null) {
      try {
        s = Long.parseLong(size.value().trim());
      } catch (NumberFormatException e) {
        throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + "/ReplyCharging@replyChargingSize is not a number");
      }
    }
    return new ReplyCharging(s, deadline == null ? null : parseTime(deadline.value(), path + "/ReplyCharging@replyDeadline"));
  }

  private UaCapabilities uaCapabilities(XmlNode ua, String path) throws Mm7DecodeException {
    if (ua == null) {
      return null;
    }
    XmlNode.Attr prof = ua.attribute("UAProf");
    XmlNode.Attr ts = ua.attribute("TimeStamp");
    return new UaCapabilities(prof == null ? null : prof.value().trim(),
        ts == null ? null : parseDateTime(ts.value(), path + "/UACapabilities@TimeStamp"));
  }

  // ---- values ----

  private static String text(XmlNode parent, String name) {
    XmlNode c = parent.child(name);
    return c == null ? null : c.text();
  }

  /** Free text (Subject, StatusText): kept as sent. */
  private static String rawText(XmlNode parent, String name) {
    XmlNode c = parent.child(name);
    return c == null ? null : c.rawText();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String required(XmlNode parent, String name, String path) throws Mm7DecodeException {
    String v = text(parent, name);
    if (v == null || v.isEmpty()) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + " has no " + name);
    }
    return v;
  }

  /** An integer; {@code path + suffix} names it in the error (made only then). */
  private int integer(XmlNode n, String path, String suffix) throws Mm7DecodeException {
    try {
      return Integer.parseInt(n.text());
    } catch (NumberFormatException e) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + suffix + " '" + n.text() + "' is not an integer");
    }
  }

  private Boolean bool(XmlNode parent, String name, String path) throws Mm7DecodeException {
    XmlNode c = parent.child(name);
    return c == null ? null : parseBool(c.text(), path, "/" + name);
  }

  /**
   * An xs:boolean, leniently; {@code path + suffix} names it in a finding or an error (made only
   * then: canonical values, nearly all of them, need no label).
   */
  private boolean parseBool(String raw, String path, String suffix) throws Mm7DecodeException {
    String v = raw.trim();
    switch (v) {
      case "true", "1":
        return true;
      case "false", "0":
        return false;
      default:
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          findings.add(DecodeProblem.BOOLEAN_CAPITALISED, path + suffix, "boolean written '" + v + "'; xs:boolean is lower case");
          return v.equalsIgnoreCase("true");
        }
        throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + suffix + " '" + v + "' is not a boolean");
    }
  }

  /**
   * The open value of one of the model's enumerated types (a type test, not a method reference per
   * call site: each of those is a class spun at its first use, on every JVM's first message).
   */
  private static Object openValue(Class<?> type, String wire) {
    if (type == Priority.class) {
      return Priority.of(wire);
    } else if (type == MessageClass.class) {
      return MessageClass.of(wire);
    } else if (type == ChargedParty.class) {
      return ChargedParty.of(wire);
    } else if (type == ContentClass.class) {
      return ContentClass.of(wire);
    } else if (type == MessageStatus.class) {
      return MessageStatus.of(wire);
    }
    throw new IllegalArgumentException("not an enumerated type: " + type);
  }

  private static boolean isKnown(Object v) {
    if (v instanceof Priority p) {
      return p.isKnown();
    } else if (v instanceof MessageClass m) {
      return m.isKnown();
    } else if (v instanceof ChargedParty c) {
      return c.isKnown();
    } else if (v instanceof ContentClass c) {
      return c.isKnown();
    }
    return ((MessageStatus) v).isKnown();
  }

  /**
   * An enumerated element's value; one no release lists is kept as an open value with a finding,
   * never a refusal (a relay retries a refused delivery report for hours).
   */
  private <E> E enumValue(XmlNode parent, String name, String path, Class<E> type) throws Mm7DecodeException {
    XmlNode c = parent.child(name);
    if (c == null) {
      return null;
    }
    String v = c.text();
    if (v.isEmpty()) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + "/" + name + " is empty");
    }
    Object e = openValue(type, v);
    if (!isKnown(e)) {
      findings.add(DecodeProblem.UNKNOWN_VALUE, path + "/" + name, name + " '" + v
          + "' is a value no MM7 release lists; kept as it is");
    }
    return type.cast(e);
  }

  private <E> E requiredEnum(XmlNode parent, String name, String path, Class<E> type) throws Mm7DecodeException {
    E e = enumValue(parent, name, path, type);
    if (e == null) {
      throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, path + " has no " + name);
    }
    return e;
  }

  private OffsetDateTime dateTime(XmlNode parent, String name, String path) throws Mm7DecodeException {
    XmlNode c = parent.child(name);
    return c == null ? null : parseDateTime(c.text(), path + "/" + name);
  }

  private OffsetDateTime parseDateTime(String raw, String where) throws Mm7DecodeException {
    String v = toNanoseconds(raw.trim());
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      try {
        OffsetDateTime t = LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
        findings.add(DecodeProblem.DATE_WITHOUT_TIMEZONE, where, "'" + v + "' has no time zone; read as UTC");
        return t;
      } catch (DateTimeParseException e2) {
        throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, where + " '" + v + "' is not an xs:dateTime");
      }
    }
  }

  /**
   * The date-time with at most nine fraction digits: xs:dateTime allows any number of them, the
   * JDK's parser (and the model) nine; the digits beyond a nanosecond are dropped (found by
   * JaxbVsDecoderTest: a valid '...51.5680000003Z' was refused).
   */
  static String toNanoseconds(String v) {
    int dot = v.indexOf('.', v.indexOf('T') + 1);
    if (dot < 0 || v.indexOf('T') < 0) {
      return v;
    }
    int end = dot + 1;
    while (end < v.length() && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
      end++;
    }
    return end - dot - 1 > 9 ? v.substring(0, dot + 10) + v.substring(end) : v;
  }

  private RelativeOrAbsoluteTime time(XmlNode parent, String name, String path) throws Mm7DecodeException {
    XmlNode c = parent.child(name);
    return c == null ? null : parseTime(c.text(), path + "/" + name);
  }

  private RelativeOrAbsoluteTime parseTime(String raw, String where) throws Mm7DecodeException {
    String v = raw.trim();
    if (v.startsWith("P")) {
      Object[] d = Durations.parse(v);
      if (d == null) {
        throw new Mm7DecodeException(DecodeProblem.VALIDATION_ERROR, where + " '" + v + "' is not an xs:duration");
      }
      return new RelativeOrAbsoluteTime.Relative((Period) d[0], (Duration) d[1]);
    }
    return RelativeOrAbsoluteTime.at(parseDateTime(v, where));
  }
}
