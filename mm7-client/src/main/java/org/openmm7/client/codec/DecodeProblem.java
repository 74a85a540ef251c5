package org.openmm7.client.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openmm7.client.message.Mm7Status;

/**
 * What the decoder found wrong, or worth knowing, in a message: the code of a {@link Finding}
 * (tolerated) and the reason of a {@link Mm7DecodeException} (refused). The one table of the
 * project's fault policy: each named constant carries its {@link Severity}, the rule it concerns
 * and the MM7 status a server answers when it refuses a message for it. The stub, the inbound
 * endpoint and {@code mm7 inspect} all read it from here (through {@link FaultPolicy}); the
 * human-readable table is src/docs/findings.md.
 *
 * <p>Open, like {@link Mm7Status}: {@link #of(String)} accepts any code, so that a code from
 * elsewhere (a newer decoder, a tool of one's own) is a value too; such a code is a
 * {@link Severity#DEVIATION} with status 4004 and is never refused by strict mode. Compare with
 * {@code equals} or on {@link #code()} (the constants' codes are the wire names in JSON, the
 * corpus files and fault texts, and never change).
 */
public final class DecodeProblem {
  private static final Map<String, DecodeProblem> KNOWN = new LinkedHashMap<>();

  private static final Mm7Status FORMAT = Mm7Status.MESSAGE_FORMAT_CORRUPT;
  private static final Mm7Status VALIDATION = Mm7Status.VALIDATION_ERROR;
  private static final Mm7Status CONTENT = Mm7Status.MULTIMEDIA_CONTENT_REFUSED;
  private static final Mm7Status VERSION = Mm7Status.UNSUPPORTED_VERSION;

  // ---- HTTP ----

  public static final DecodeProblem INVALID_HTTP_START_LINE = known("invalid-http-start-line", Severity.VIOLATION,
      FORMAT, "RFC 9112 §3, §4: an HTTP message starts with a request line or a status line",
      "the capture does not start with an HTTP request or status line");
  public static final DecodeProblem INVALID_CHUNKED_ENCODING = known("invalid-chunked-encoding", Severity.VIOLATION,
      FORMAT, "RFC 9112 §7.1: chunked transfer coding syntax", "the chunked body is malformed");
  public static final DecodeProblem CONTENT_LENGTH_MISMATCH = known("content-length-mismatch", Severity.VIOLATION,
      FORMAT, "RFC 9112 §6.3: Content-Length is the body's length in octets",
      "the HTTP Content-Length differs from the body's length, or is not a number");
  public static final DecodeProblem AMBIGUOUS_CONTENT_TYPE = known("ambiguous-content-type", Severity.VIOLATION,
      FORMAT, "RFC 9110 §5.3, §8.3: Content-Type is a singleton field",
      "several Content-Type headers that disagree");
  public static final DecodeProblem HEADER_TOO_LONG = known("header-too-long", Severity.UNSUPPORTED, FORMAT,
      "this reader's bounds (maxHeaderLineLength, maxHeaderCount)", "a header line, or the number of headers, over a bound");
  public static final DecodeProblem SIZE_LIMIT_EXCEEDED = known("size-limit-exceeded", Severity.UNSUPPORTED, CONTENT,
      "this reader's bound (maxMessageSize); TS 23.140 2004: content size unacceptable",
      "the body is larger than the size limit");
  public static final DecodeProblem FAULT_WITH_HTTP_200 = known("fault-with-http-200", Severity.VIOLATION, FORMAT,
      "SOAP 1.1 §6.2: a SOAP fault MUST be sent with HTTP 500", "a SOAP Fault in an HTTP 200 response");

  // ---- MIME ----

  public static final DecodeProblem INVALID_CONTENT_TYPE = known("invalid-content-type", Severity.VIOLATION, FORMAT,
      "RFC 2045 §5.1: Content-Type syntax", "a Content-Type that is not a media type");
  public static final DecodeProblem BOUNDARY_INFERRED = known("boundary-inferred", Severity.INFORMATIONAL, FORMAT,
      "RFC 2046 §5.1.1: a delimiter line is -- and the boundary (trailing blanks allowed)",
      "a capture of a multipart body without its HTTP head: the boundary was taken from the first delimiter line");
  public static final DecodeProblem MULTIPART_WITHOUT_BOUNDARY = known("multipart-without-boundary",
      Severity.VIOLATION, FORMAT, "RFC 2046 §5.1.1: the boundary parameter is required for multipart",
      "multipart declared without a boundary (a bare body is read as the root part)");
  public static final DecodeProblem EMPTY_MULTIPART = known("empty-multipart", Severity.VIOLATION, FORMAT,
      "RFC 2046 §5.1.1: a multipart has at least one body part", "a multipart with no part");
  public static final DecodeProblem UNTERMINATED_MULTIPART = known("unterminated-multipart", Severity.VIOLATION,
      FORMAT, "RFC 2046 §5.1.1: a multipart ends with its close delimiter",
      "the input ends before the multipart's close delimiter");
  public static final DecodeProblem BARE_LF_LINE_ENDINGS = known("bare-lf-line-endings", Severity.VIOLATION, FORMAT,
      "RFC 2046 §5.1.1: delimiter lines and header lines end in CRLF", "MIME lines end in LF alone");
  public static final DecodeProblem NESTING_TOO_DEEP = known("nesting-too-deep", Severity.UNSUPPORTED, FORMAT,
      "this reader's bound (maxDepth)", "multiparts or XML elements nested deeper than a bound");
  public static final DecodeProblem TOO_MANY_PARTS = known("too-many-parts", Severity.UNSUPPORTED, CONTENT,
      "this reader's bound (maxParts); TS 23.140 2004: content unacceptable", "more MIME parts than a bound");
  public static final DecodeProblem DUPLICATE_CONTENT_ID = known("duplicate-content-id", Severity.VIOLATION, FORMAT,
      "RFC 2045 §7: Content-ID values are world-unique", "two parts with the same Content-ID");
  public static final DecodeProblem CONTENT_ID_WITHOUT_ANGLE_BRACKETS = known("content-id-without-angle-brackets",
      Severity.VIOLATION, FORMAT, "RFC 2045 §7, RFC 5322 §3.6.4: a Content-ID is a msg-id, <id-left@id-right>",
      "Content-ID: abc instead of <abc>");
  public static final DecodeProblem MISSING_START_PARAMETER = known("missing-start-parameter",
      Severity.INFORMATIONAL, FORMAT, "RFC 2387 §3.2: start is optional; the root is then the first part",
      "multipart/related without start: the first part is the root");
  public static final DecodeProblem START_UNRESOLVED = known("start-unresolved", Severity.VIOLATION, FORMAT,
      "RFC 2387 §3.2: start is the Content-ID of the root part", "the start parameter names no part");
  public static final DecodeProblem SOAP_PART_WITHOUT_CONTENT_ID = known("soap-part-without-content-id",
      Severity.INFORMATIONAL, FORMAT, "RFC 2387 §3.2: the root needs a Content-ID only when start names it",
      "the SOAP (root) part has no Content-ID");
  public static final DecodeProblem NO_ROOT_PART = known("no-root-part", Severity.VIOLATION, FORMAT,
      "SOAP Messages with Attachments §3: the root part of multipart/related is the SOAP envelope",
      "no part can be the SOAP envelope");
  public static final DecodeProblem RAW_8BIT_TEXT = known("raw-8bit-text", Severity.INFORMATIONAL, FORMAT,
      "RFC 7231 appendix A.5: HTTP is 8-bit clean and does not use Content-Transfer-Encoding",
      "8-bit text (UTF-8, GB2312, ...) in a part with no Content-Transfer-Encoding or 7bit");
  public static final DecodeProblem RAW_8BIT_BINARY = known("raw-8bit-binary", Severity.INFORMATIONAL, FORMAT,
      "RFC 7231 appendix A.5: HTTP is 8-bit clean and does not use Content-Transfer-Encoding",
      "binary bytes in a part with no Content-Transfer-Encoding or 7bit");
  public static final DecodeProblem UNSUPPORTED_TRANSFER_ENCODING = known("unsupported-transfer-encoding",
      Severity.VIOLATION, FORMAT, "RFC 2045 §6.1: 7bit, 8bit, binary, base64, quoted-printable (x-tokens need agreement)",
      "a Content-Transfer-Encoding this reader does not know");
  public static final DecodeProblem INVALID_BASE64 = known("invalid-base64", Severity.VIOLATION, FORMAT,
      "RFC 2045 §6.8: the base64 alphabet and padding", "a base64 part with characters or padding base64 does not allow");
  public static final DecodeProblem SOAP_CONTENT_TYPE_APPLICATION_XML = known("soap-content-type-application-xml",
      Severity.VIOLATION, FORMAT, "SOAP 1.1 §6: HTTP applications MUST use text/xml for SOAP entity bodies",
      "the SOAP envelope labelled application/xml");

  // ---- XML ----

  public static final DecodeProblem NOT_WELL_FORMED = known("not-well-formed", Severity.VIOLATION, FORMAT,
      "XML 1.0 §2.1: a document is well-formed", "the SOAP part is not well-formed XML (or not in its encoding)");
  public static final DecodeProblem WHITESPACE_BEFORE_XML_DECLARATION = known("whitespace-before-xml-declaration",
      Severity.VIOLATION, FORMAT, "XML 1.0 §2.8: the XML declaration, if present, comes first (nothing before it)",
      "blanks or blank lines before <?xml in the SOAP part; skipped");
  public static final DecodeProblem DOCTYPE_FORBIDDEN = known("doctype-forbidden", Severity.VIOLATION, FORMAT,
      "SOAP 1.1 §3: a SOAP message MUST NOT contain a Document Type Declaration", "a DOCTYPE in the SOAP part");
  public static final DecodeProblem PROCESSING_INSTRUCTION_FORBIDDEN = known("processing-instruction-forbidden",
      Severity.VIOLATION, FORMAT, "SOAP 1.1 §3: a SOAP message MUST NOT contain Processing Instructions",
      "a processing instruction in the SOAP part");
  public static final DecodeProblem XML_ENCODING_MISMATCH = known("xml-encoding-mismatch", Severity.DEVIATION,
      FORMAT, "RFC 7303 §3.2, §8.1 (charset wins); XML 1.0 §4.3.3 (the declaration should agree)",
      "the XML declaration's encoding disagrees with the charset label or the bytes");
  public static final DecodeProblem TOO_MANY_ELEMENTS = known("too-many-elements", Severity.UNSUPPORTED, FORMAT,
      "this reader's bound on XML elements", "more XML elements than a bound");
  public static final DecodeProblem TOO_MANY_ATTRIBUTES = known("too-many-attributes", Severity.UNSUPPORTED, FORMAT,
      "this reader's bound on XML attributes", "more XML attributes than a bound");
  public static final DecodeProblem TOO_MANY_NAMESPACE_DECLARATIONS = known("too-many-namespace-declarations",
      Severity.UNSUPPORTED, FORMAT, "this reader's bound on namespace declarations",
      "more namespace declarations than a bound");
  public static final DecodeProblem VALUE_TOO_LONG = known("value-too-long", Severity.UNSUPPORTED, FORMAT,
      "this reader's bound on text and attribute values", "a text or attribute value longer than a bound");

  // ---- SOAP ----

  public static final DecodeProblem NOT_SOAP = known("not-soap", Severity.VIOLATION, FORMAT,
      "SOAP 1.1 §4: the root is env:Envelope with an env:Body", "the XML is not a SOAP 1.1 envelope");
  public static final DecodeProblem SOAP_1_2 = known("soap-1.2", Severity.VIOLATION, VERSION,
      "TS 23.140 MM7 binding: SOAP 1.1", "a SOAP 1.2 envelope");
  public static final DecodeProblem MUST_UNDERSTAND = known("must-understand", Severity.UNSUPPORTED,
      VALIDATION, "SOAP 1.1 §4.2.3: a mustUnderstand header the receiver does not know is a MustUnderstand fault",
      "a header marked mustUnderstand that is not an MM7 header", "env:MustUnderstand");
  public static final DecodeProblem EMPTY_BODY = known("empty-body", Severity.VIOLATION, FORMAT,
      "TS 23.140 MM7 binding: the SOAP Body holds one MM7 operation", "an empty SOAP Body");
  public static final DecodeProblem FAULTCODE_UNPREFIXED = known("faultcode-unprefixed", Severity.DEVIATION,
      VALIDATION, "SOAP 1.1 §4.4.1: SOAP's fault codes are in the envelope namespace (env:Client); an unprefixed "
      + "Client is a valid xs:QName in no namespace, read as SOAP's", "faultcode written without a prefix");
  public static final DecodeProblem FAULT_CHILDREN_QUALIFIED = known("fault-children-qualified", Severity.VIOLATION,
      VALIDATION, "SOAP 1.1 §4.4 and its envelope schema: faultcode, faultstring and detail are unqualified",
      "Fault children in a namespace");
  public static final DecodeProblem FAULTCODE_IN_MM7_NAMESPACE = known("faultcode-in-mm7-namespace",
      Severity.VIOLATION, VALIDATION, "SOAP 1.1 §4.4 and its envelope schema: Fault children are unqualified",
      "Fault children pulled into the MM7 namespace by a default xmlns");
  public static final DecodeProblem STATUS_ONLY_IN_FAULTSTRING = known("status-only-in-faultstring",
      Severity.DEVIATION, VALIDATION, "TS 23.140 MM7 binding: an error's Status travels in RSErrorRsp/VASPErrorRsp in the fault detail",
      "no error detail; the status read from the faultstring");
  public static final DecodeProblem FAULT_WITHOUT_STATUS = known("fault-without-status", Severity.DEVIATION,
      VALIDATION, "TS 23.140 MM7 binding: an error's Status travels in RSErrorRsp/VASPErrorRsp in the fault detail",
      "a fault with no MM7 status at all; 2000 or 3000 taken from the faultcode");

  // ---- MM7 ----

  public static final DecodeProblem PRE_3GPP_DIALECT = known("pre-3gpp-dialect", Severity.VIOLATION, VERSION,
      "TS 23.140: operations are document/literal elements in an MM7 namespace",
      "a pre-3GPP RPC/encoded dialect (urn:MM7Submit.Req, MM7SubmitReq)");
  public static final DecodeProblem UNKNOWN_OPERATION = known("unknown-operation", Severity.VIOLATION,
      Mm7Status.UNSUPPORTED_OPERATION, "TS 23.140: the Body holds one of the MM7 operations",
      "the body's element is no MM7 operation");
  public static final DecodeProblem UNKNOWN_NAMESPACE = known("unknown-namespace", Severity.VIOLATION, VERSION,
      "TS 23.140: the namespaces REL-5-MM7-1-0..1-5 and REL-6-MM7-1-0..1-4",
      "a namespace no MM7 release has (read as the latest release of its major)");
  public static final DecodeProblem VERSION_NAMESPACE_MISMATCH = known("version-namespace-mismatch",
      Severity.DEVIATION, VERSION, "TS 23.140: MM7Version names the version of the interface the sender implements",
      "an MM7Version that does not belong to the namespace's release");
  public static final DecodeProblem MISSING_TRANSACTION_ID = known("missing-transaction-id", Severity.VIOLATION,
      VALIDATION, "TS 23.140 MM7 binding: every request and response has a TransactionID header",
      "no TransactionID in the SOAP Header");
  public static final DecodeProblem BODY_NO_NAMESPACE = known("body-no-namespace", Severity.VIOLATION, VALIDATION,
      "TS 23.140 MM7 schema: elements are in the release's namespace (elementFormDefault qualified)",
      "the operation element in no namespace");
  public static final DecodeProblem UNQUALIFIED_CHILDREN = known("unqualified-children", Severity.VIOLATION,
      VALIDATION, "TS 23.140 MM7 schema: elements are in the release's namespace (elementFormDefault qualified)",
      "children of the operation element in no namespace");
  public static final DecodeProblem UNKNOWN_ELEMENT = known("unknown-element", Severity.VIOLATION, VALIDATION,
      "TS 23.140 MM7 schema of the message's release: no such element here", "an element the release does not have; ignored");
  public static final DecodeProblem ELEMENTS_OUT_OF_ORDER = known("elements-out-of-order", Severity.VIOLATION,
      VALIDATION, "TS 23.140 MM7 schema: the content model of the parent (sequences, repeated choices such as Recipients)",
      "a child where the content model has no place for it; each misplaced child is reported");
  public static final DecodeProblem TOO_MANY_OCCURRENCES = known("too-many-occurrences", Severity.VIOLATION,
      VALIDATION, "TS 23.140 MM7 schema: maxOccurs of the element, or a choice taken once",
      "an element once more than the schema allows (a second Subject, two addresses in Sender); read all the same");
  public static final DecodeProblem MISSING_ELEMENT = known("missing-element", Severity.VIOLATION, VALIDATION,
      "TS 23.140 MM7 schema: minOccurs of the element",
      "a required element is absent (one the decoder cannot do without is a validation-error instead)");
  public static final DecodeProblem VALIDATION_ERROR = known("validation-error", Severity.VIOLATION, VALIDATION,
      "TS 23.140 MM7 schema: a mandatory element missing or a value its type does not allow",
      "the message cannot be read as its operation");
  public static final DecodeProblem UNKNOWN_VALUE = known("unknown-value", Severity.DEVIATION, VALIDATION,
      "TS 23.140 MM7 schema enumerations (MMStatus, MessageClass, Priority, ...); a peer's newer value is kept as it is",
      "a value of an enumerated element that no release lists; kept as an open value");
  public static final DecodeProblem ADDRESS_BARE_TEXT = known("address-bare-text", Severity.VIOLATION, VALIDATION,
      "TS 23.140 MM7 schema: an address is a Number, RFC2822Address or ShortCode element",
      "an address as bare text in its parent");
  public static final DecodeProblem NUMBER_TYPE_SUFFIX = known("number-type-suffix", Severity.DEVIATION, FORMAT,
      "TS 23.140: Number holds an MSISDN; /TYPE=PLMN belongs to the MMS encapsulation (MM1)",
      "a /TYPE=PLMN suffix on a number; removed");
  public static final DecodeProblem BOOLEAN_CAPITALISED = known("boolean-capitalised", Severity.VIOLATION, FORMAT,
      "XML Schema Part 2 §3.2.2: xs:boolean is true, false, 1 or 0", "True/False");
  public static final DecodeProblem DATE_WITHOUT_TIMEZONE = known("date-without-timezone", Severity.INFORMATIONAL,
      FORMAT, "XML Schema Part 2 §3.2.7: the time zone of an xs:dateTime is optional", "a dateTime without a time zone; read as UTC");
  public static final DecodeProblem WHITESPACE_IN_VALUES = known("whitespace-in-values", Severity.DEVIATION,
      VALIDATION, "TS 23.140 MM7 schema: TransactionID is an xs:string (its blanks are part of it); an href is an "
      + "xs:anyURI (blanks collapsed)", "whitespace around the TransactionID or the Content href; ignored");
  public static final DecodeProblem TEXT_IN_EMPTY_ELEMENT = known("text-in-empty-element", Severity.VIOLATION,
      VALIDATION, "XML Schema Part 1 cvc-complex-type.2.1: an element of empty content (Content) has no text, "
      + "not even blanks", "text or blanks inside the Content element; ignored");

  // ---- the exchange ----

  public static final DecodeProblem REUSED_TRANSACTION_ID = known("reused-transaction-id", Severity.INFORMATIONAL,
      VALIDATION, "TS 23.140: a TransactionID pairs a request with its response; a relay may reuse one (several reports "
      + "of one message)", "a different request with the TransactionID of an earlier one; handed over again, not de-duplicated");

  public static final DecodeProblem VASPID_MISMATCH = known("vaspid-mismatch", Severity.VIOLATION,
      Mm7Status.IMPROPER_IDENTIFICATION, "TS 23.140 4001 Improper identification: the VASP a request names is the one"
      + " its credentials authenticate", "SenderIdentification/VASPID is not the account the request authenticated as");

  // ---- content references ----

  public static final DecodeProblem HREF_WITHOUT_CID = known("href-without-cid", Severity.VIOLATION, FORMAT,
      "TS 23.140 Content@href and RFC 2392: a part is referenced by a cid: URL", "href=\"part1\" instead of cid:part1");
  public static final DecodeProblem HREF_SPACE_AFTER_CID = known("href-space-after-cid", Severity.VIOLATION, FORMAT,
      "RFC 2392 and RFC 3986 §2: a URL has no space", "href=\"cid: part1\"");
  public static final DecodeProblem HREF_NAMESPACE_QUALIFIED = known("href-namespace-qualified", Severity.VIOLATION,
      FORMAT, "TS 23.140 MM7 schema: attributes are unqualified (attributeFormDefault unqualified)", "mm7:href");
  public static final DecodeProblem HREF_UNRESOLVED = known("href-unresolved", Severity.VIOLATION, FORMAT,
      "TS 23.140 Content@href: the reference names a part of the message",
      "href names no part; the only attachment taken");
  public static final DecodeProblem CONTENT_NOT_CAPTURED = known("content-not-captured", Severity.INFORMATIONAL,
      CONTENT, "a capture, not a message: Content@href names a part the capture does not hold",
      "mm7 inspect of a capture without the attachments (a bare SOAP envelope): decoded without its content");
  public static final DecodeProblem UNRESOLVED_CONTENT_REFERENCE = known("unresolved-content-reference",
      Severity.VIOLATION, FORMAT, "TS 23.140 Content@href: the reference names a part of the message",
      "the Content reference names no part and cannot be guessed");
  public static final DecodeProblem CONTENT_ELEMENT_MISSING = known("content-element-missing", Severity.DEVIATION,
      FORMAT, "TS 23.140: the content is the part Content@href references",
      "attachments but no Content element; the attachments taken as the content");

  private final String code;
  private final Severity severity;
  private final Mm7Status status;
  private final String rule;
  private final String summary;
  private final String faultCode;

  private DecodeProblem(String code, Severity severity, Mm7Status status, String rule, String summary, String faultCode) {
    this.code = code;
    this.severity = severity;
    this.status = status;
    this.rule = rule;
    this.summary = summary;
    this.faultCode = faultCode;
  }

  private static DecodeProblem known(String code, Severity severity, Mm7Status status, String rule, String summary) {
    return known(code, severity, status, rule, summary, null);
  }

  private static DecodeProblem known(String code, Severity severity, Mm7Status status, String rule, String summary,
      String faultCode) {
    DecodeProblem p = new DecodeProblem(code, severity, status, rule, summary, faultCode);
    KNOWN.put(code, p);
    return p;
  }

  /** The problem named {@code code}: the constant when the table has it, else an open value (a deviation). */
  public static DecodeProblem of(String code) {
    Objects.requireNonNull(code, "code");
    DecodeProblem p = KNOWN.get(code);
    return p != null ? p : new DecodeProblem(code, Severity.DEVIATION, VALIDATION,
        "not in OpenMM7's table", "a problem named elsewhere", null);
  }

  /** Every named constant, in the table's order (the order of src/docs/findings.md). */
  public static List<DecodeProblem> known() {
    return Collections.unmodifiableList(new ArrayList<>(KNOWN.values()));
  }

  /** The stable kebab-case name, e.g. {@code missing-start-parameter}: the wire name in JSON and faults. */
  public String code() {
    return code;
  }

  public Severity severity() {
    return severity;
  }

  /** Whether strict mode refuses a message for it. */
  public boolean isViolation() {
    return severity == Severity.VIOLATION;
  }

  /**
   * The MM7 status a server answers when it refuses a message for this problem: always when it is
   * the reason of a {@link Mm7DecodeException}, in strict mode when it is a violation.
   */
  public Mm7Status status() {
    return status;
  }

  /** The rule concerned, cited: {@code RFC 2387 §3.2: ...}, {@code SOAP 1.1 §3: ...}. */
  public String rule() {
    return rule;
  }

  /** What the problem is, in a few words. */
  public String summary() {
    return summary;
  }

  /** The SOAP faultcode a refusal for it carries, when not the usual {@code env:Client}; or null. */
  public String faultCode() {
    return faultCode;
  }

  /** Whether the table names this code. */
  public boolean isKnown() {
    return KNOWN.get(code) == this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodeProblem other && other.code.equals(code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }

  @Override
  public String toString() {
    return code;
  }
}
