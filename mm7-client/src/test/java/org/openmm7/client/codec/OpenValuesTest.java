package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.openmm7.client.hostile.HostileCorpus;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.ChargedParty;
import org.openmm7.client.message.ContentClass;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageClass;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Priority;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 11: an enumerated element's value that no release lists (a peer's newer MMStatus, a vendor's
 * Priority) is decoded as an open value with an unknown-value finding (a deviation, not refused in
 * strict mode), never a refusal of the whole message: a relay retries a refused delivery report for
 * hours. The XSDs' enumerations are the oracle for what is known.
 */
class OpenValuesTest {
  private static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/";

  /** A golden message's content type and body, with one value replaced. */
  record Message(String contentType, byte[] body) {
    static Message golden(String release, String operation) throws Exception {
      byte[] all = Files.readAllBytes(HostileCorpus.corpus().resolve("golden").resolve(release).resolve(operation + ".http"));
      String s = new String(all, StandardCharsets.ISO_8859_1);
      int end = s.indexOf("\r\n\r\n");
      String ct = null;
      for (String line : s.substring(0, end).split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          ct = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return new Message(ct, s.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
    }

    Message replace(String from, String to) {
      String s = new String(body, StandardCharsets.ISO_8859_1);
      assertTrue(s.contains(from), "the golden message has " + from);
      return new Message(contentType, s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
    }

    Message replaceAll(String regex, String to) {
      String s = new String(body, StandardCharsets.ISO_8859_1);
      return new Message(contentType, s.replaceAll(regex, to).getBytes(StandardCharsets.ISO_8859_1));
    }

    DecodedMessage decode() throws Exception {
      return Mm7Codec.lenient().decode(contentType, body);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {4}")
  @CsvSource({
      "REL-6-MM7-1-4, DeliveryReportReq, MMStatus, Rejected, Bounced",
      "REL-5-MM7-1-0, DeliveryReportReq, MMStatus, Retrieved, DeliveredToHandset",
      "REL-6-MM7-1-4, ReadReplyReq, MMStatus, Read, Opened",
      "REL-5-MM7-1-2, ReadReplyReq, MMStatus, Read, Seen",
      "REL-6-MM7-1-4, SubmitReq, MessageClass, Informational, Transactional",
      "REL-6-MM7-1-4, SubmitReq, Priority, High, Urgent",
      "REL-5-MM7-1-2, SubmitReq, Priority, High, Critical",
      "REL-6-MM7-1-4, SubmitReq, ChargedParty, ThirdParty, Operator",
      "REL-6-MM7-1-4, SubmitReq, ContentClass, image-basic, video-ultra",
      "REL-6-MM7-1-4, DeliverReq, Priority, Low, Urgent",
  })
  void anUnlistedValueIsKeptWithAFinding(String release, String operation, String element, String listed,
      String unlisted) throws Exception {
    Message m = Message.golden(release, operation)
        .replace("<mm7:" + element + ">" + listed + "</mm7:" + element + ">",
            "<mm7:" + element + ">" + unlisted + "</mm7:" + element + ">");
    try (DecodedMessage d = m.decode()) {
      Finding f = d.findings().stream().filter(x -> x.problem().equals(DecodeProblem.UNKNOWN_VALUE)).findFirst()
          .orElseThrow(() -> new AssertionError("no unknown-value finding: " + d.findings()));
      assertTrue(f.where().endsWith("/" + element), f.where());
      assertEquals(Severity.DEVIATION, f.severity());
      assertFalse(FaultPolicy.strict().judge(d.findings()).isPresent(), "strict mode does not refuse it");
      String kept = valueOf(d.message(), element);
      assertEquals(unlisted, kept, "the value is kept as sent");
    }
  }

  @Test
  void anUnlistedAddressCodingIsKeptWithAFinding() throws Exception {
    Message m = Message.golden("REL-6-MM7-1-4", "SubmitReq")
        .replace("addressCoding=\"obfuscated\"", "addressCoding=\"hashed\"");
    try (DecodedMessage d = m.decode()) {
      assertEquals(List.of("unknown-value"), d.findings().stream().map(Finding::code).collect(Collectors.toList()));
      Address bcc = ((SubmitRequest) d.message()).recipients().bcc().get(0);
      assertEquals("hashed", bcc.coding().wireName());
      assertFalse(bcc.coding().isKnown());
    }
  }

  @Test
  void anEmptyValueIsStillAValidationError() throws Exception {
    Message m = Message.golden("REL-6-MM7-1-4", "DeliveryReportReq")
        .replace("<mm7:MMStatus>Rejected</mm7:MMStatus>", "<mm7:MMStatus> </mm7:MMStatus>");
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class, m::decode);
    assertEquals(DecodeProblem.VALIDATION_ERROR, e.problem());
  }

  /** The oracle: every value an XSD enumeration lists is a known constant, and every constant is listed. */
  @Test
  void theConstantsAreExactlyTheSchemasEnumerations() throws Exception {
    Map<String, TreeSet<String>> listed = new TreeMap<>();
    for (Mm7Release r : Mm7Release.values()) {
      try (InputStream in = Mm7Schemas.class.getResourceAsStream("/org/openmm7/schema/xsd/" + r.releaseName() + ".xsd")) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        NodeList types = f.newDocumentBuilder().parse(in).getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "simpleType");
        for (int i = 0; i < types.getLength(); i++) {
          Element t = (Element) types.item(i);
          NodeList e = t.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "enumeration");
          for (int j = 0; j < e.getLength(); j++) {
            listed.computeIfAbsent(t.getAttribute("name"), k -> new TreeSet<>()).add(((Element) e.item(j)).getAttribute("value"));
          }
        }
      }
    }
    check(listed.get("priorityType"), Priority::of, Priority::isKnown, names(Priority.values(), Priority::wireName));
    check(listed.get("messageClassType"), MessageClass::of, MessageClass::isKnown,
        names(MessageClass.values(), MessageClass::wireName));
    check(listed.get("chargedPartyType"), ChargedParty::of, ChargedParty::isKnown,
        names(ChargedParty.values(), ChargedParty::wireName));
    check(listed.get("contentClassType"), ContentClass::of, ContentClass::isKnown,
        names(ContentClass.values(), ContentClass::wireName));
    TreeSet<String> statuses = new TreeSet<>(listed.get("mmDeliveryStatusType"));
    statuses.addAll(listed.get("mmReadStatusType"));
    check(statuses, MessageStatus::of, MessageStatus::isKnown, names(MessageStatus.values(), MessageStatus::wireName));
    check(listed.get("addressCodingType"), Address.AddressCoding::of, Address.AddressCoding::isKnown,
        names(Address.AddressCoding.values(), Address.AddressCoding::wireName));
  }

  private static <T> TreeSet<String> names(List<T> values, Function<T, String> name) {
    return values.stream().map(name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static <T> void check(TreeSet<String> listed, Function<String, T> of, java.util.function.Predicate<T> known,
      TreeSet<String> constants) {
    for (String v : listed) {
      assertTrue(known.test(of.apply(v)), v + " is listed by a schema and must be known");
    }
    assertEquals(listed, constants, "the constants are the schemas' values");
  }

  /**
   * Every MMStatus a schema lists, put in the golden report of every release whose schema lists it:
   * valid for the XSD (the oracle), and decoded without an unknown-value finding.
   */
  @Test
  void everyListedStatusDecodesWithoutAFinding() throws Exception {
    int n = 0;
    for (Mm7Release r : Mm7Release.values()) {
      for (String op : List.of("DeliveryReportReq", "ReadReplyReq")) {
        for (MessageStatus s : MessageStatus.values()) {
          Message m = Message.golden(r.releaseName(), op).replaceAll("<mm7:MMStatus>[^<]*</mm7:MMStatus>",
              "<mm7:MMStatus>" + s.wireName() + "</mm7:MMStatus>");
          try (DecodedMessage d = m.decode()) {
            boolean valid = validates(r, d.soapPart());
            boolean unknown = d.findings().stream().anyMatch(f -> f.problem().equals(DecodeProblem.UNKNOWN_VALUE));
            if (valid) {
              n++;
              assertFalse(unknown, r + " " + op + " " + s + ": the XSD allows it, so no finding: " + d.findings());
            }
            assertSame(s, op.equals("ReadReplyReq") ? ((ReadReplyRequest) d.message()).mmStatus()
                : ((DeliveryReportRequest) d.message()).mmStatus());
          }
        }
      }
    }
    assertTrue(n > 11 * 8, "values the XSDs allow: " + n);
  }

  private static boolean validates(Mm7Release r, byte[] soap) {
    try {
      Mm7Schemas.schema(r).newValidator().validate(new StreamSource(new ByteArrayInputStream(soap)));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void openValuesCompareByValue() {
    assertSame(MessageStatus.RETRIEVED, MessageStatus.of(" retrieved "));
    assertEquals(MessageStatus.of("Bounced"), MessageStatus.of("Bounced"));
    assertNotEquals(MessageStatus.of("Bounced"), MessageStatus.of("Retrieved"));
    assertFalse(MessageStatus.of("Bounced").isKnown());
    assertTrue(Priority.of("HIGH").isKnown());
    assertEquals("Urgent", Priority.of("Urgent").wireName());
    assertEquals(null, Priority.fromWire("Urgent"));
    assertThrows(IllegalArgumentException.class, () -> MessageClass.of(" "));
    assertThrows(IllegalArgumentException.class, () -> Address.AddressCoding.of(""));
    List<ContentClass> all = new ArrayList<>(ContentClass.values());
    assertEquals(8, all.size());
  }

  private static String valueOf(Mm7Message m, String element) {
    if (m instanceof DeliveryReportRequest r) {
      return r.mmStatus().wireName();
    } else if (m instanceof ReadReplyRequest r) {
      return r.mmStatus().wireName();
    } else if (m instanceof DeliverRequest r) {
      return r.priority().wireName();
    }
    SubmitRequest s = (SubmitRequest) m;
    switch (element) {
      case "MessageClass":
        return s.messageClass().wireName();
      case "Priority":
        return s.priority().wireName();
      case "ChargedParty":
        return s.chargedParty().wireName();
      default:
        return s.contentClass().wireName();
    }
  }
}
