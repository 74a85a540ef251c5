package org.openmm7.client.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.SubmitRequest;

/**
 * Children are checked against the schema's content models, not a flattened order: repeated
 * choices (recipient lists, To/Cc/Bcc) in any order are fine; every misplaced child, every
 * occurrence with no room left and every missing required element is reported.
 */
class ContentOrderTest {
  private static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";
  private static final String NS5 = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2";

  private static SoapDecoder.Result decode(String ns, String body, Findings f) throws Mm7DecodeException {
    String xml = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header>"
        + "<TransactionID xmlns=\"" + ns + "\" env:mustUnderstand=\"1\">t1</TransactionID></env:Header><env:Body>"
        + body.replace("$NS", ns).replace("6.8.0", ns.equals(NS5) ? "5.3.0" : "6.8.0") + "</env:Body></env:Envelope>";
    return SoapDecoder.decode(xml.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, f, ContentResolver.NONE);
  }

  private static String submit(String recipients, String rest) {
    return "<SubmitReq xmlns=\"$NS\"><MM7Version>6.8.0</MM7Version><SenderIdentification><VASPID>v</VASPID>"
        + "</SenderIdentification><Recipients>" + recipients + "</Recipients>" + rest + "</SubmitReq>";
  }

  private static List<String> codes(Findings f) {
    return f.toList().stream().map(Finding::code).toList();
  }

  @Test
  void aRecipientListMixingAddressKindsIsInOrder() throws Exception {
    for (String ns : List.of(NS, NS5)) {
      Findings f = new Findings();
      SubmitRequest s = (SubmitRequest) decode(ns, submit("<To><Number>+1</Number><RFC2822Address>a@b.example"
          + "</RFC2822Address><Number>+2</Number><ShortCode>123</ShortCode></To>", "<Subject>s</Subject>"), f).message();
      assertEquals(List.of(), f.toList(), ns);
      assertEquals(List.of(Address.number("+1"), Address.email("a@b.example"), Address.number("+2"),
          Address.shortCode("123")), s.recipients().to());
    }
  }

  @Test
  void toCcAndBccListsMayComeInAnyOrderAndRepeat() throws Exception {
    Findings f = new Findings();
    SubmitRequest s = (SubmitRequest) decode(NS, submit("<Bcc><ShortCode>9</ShortCode></Bcc><Cc><Number>+3</Number></Cc>"
        + "<To><Number>+1</Number></To><Cc><RFC2822Address>c@d.example</RFC2822Address></Cc>", ""), f).message();
    assertEquals(List.of(), f.toList());
    assertEquals(List.of(Address.number("+1")), s.recipients().to());
    assertEquals(List.of(Address.number("+3"), Address.email("c@d.example")), s.recipients().cc());
    assertEquals(List.of(Address.shortCode("9")), s.recipients().bcc());
  }

  @Test
  void everyMisplacedElementIsReported() throws Exception {
    Findings f = new Findings();
    // Subject before Recipients' follower ServiceCode, TimeStamp after Priority, LinkedID last
    decode(NS, submit("<To><Number>+1</Number></To>", "<Subject>s</Subject><ServiceCode>c</ServiceCode>"
        + "<Priority>High</Priority><TimeStamp>2026-01-01T00:00:00Z</TimeStamp><LinkedID>l</LinkedID>"), f);
    List<String> where = f.toList().stream().filter(x -> x.code().equals("elements-out-of-order"))
        .map(Finding::where).toList();
    assertEquals(List.of("SubmitReq/Subject", "SubmitReq/TimeStamp", "SubmitReq/LinkedID"), where, f.toList().toString());
    assertEquals(List.of("elements-out-of-order"), codes(f).stream().distinct().toList());
  }

  @Test
  void misplacedElementsAreReportedAtEveryLevel() throws Exception {
    Findings f = new Findings();
    String deliver = "<DeliverReq xmlns=\"$NS\"><MM7Version>6.8.0</MM7Version><Sender><Number>+1</Number></Sender>"
        + "<Previouslysentby><UserAgent><Number>+2</Number></UserAgent></Previouslysentby>"
        + "<Recipients><To><Number>+3</Number></To></Recipients><TimeStamp>2026-01-01T00:00:00Z</TimeStamp>"
        + "<Subject>s</Subject><Priority>Low</Priority></DeliverReq>";
    DeliverRequest d = (DeliverRequest) decode(NS, deliver, f).message();
    assertEquals(List.of(Address.number("+3")), d.recipients().to(), "read all the same");
    assertEquals(2, f.toList().size(), f.toList().toString());
    assertTrue(f.toList().stream().allMatch(x -> x.code().equals("elements-out-of-order")), f.toList().toString());
  }

  @Test
  void aSecondOccurrenceIsTooMany() throws Exception {
    Findings f = new Findings();
    decode(NS, submit("<To><Number>+1</Number></To>", "<Subject>a</Subject><Subject>b</Subject>"), f);
    assertEquals(List.of("too-many-occurrences"), codes(f));
    assertEquals("SubmitReq/Subject", f.toList().get(0).where());
    Findings two = new Findings();
    String deliver = "<DeliverReq xmlns=\"$NS\"><MM7Version>6.8.0</MM7Version><Sender><Number>+1</Number>"
        + "<ShortCode>2</ShortCode></Sender><TimeStamp>2026-01-01T00:00:00Z</TimeStamp></DeliverReq>";
    decode(NS, deliver, two);
    assertEquals(List.of("too-many-occurrences"), codes(two), "Sender is one address, not a list");
    assertEquals("DeliverReq/Sender/ShortCode", two.toList().get(0).where());
  }

  @Test
  void aMissingRequiredElementIsReported() throws Exception {
    Findings f = new Findings();
    decode(NS, "<SubmitRsp xmlns=\"$NS\"><Status><StatusCode>1000</StatusCode></Status></SubmitRsp>", f);
    assertEquals(List.of("missing-element", "missing-element"), codes(f), f.toList().toString());
    assertEquals(List.of("SubmitRsp/MM7Version", "SubmitRsp/Status/StatusText"),
        f.toList().stream().map(Finding::where).toList());
    Findings empty = new Findings();
    decode(NS, submit("<To><Number>+1</Number></To><Cc/>", ""), empty);
    assertEquals(List.of("missing-element"), codes(empty), "an empty Cc list: " + empty.toList());
  }

  @Test
  void aMisplacedRequiredElementIsNotAlsoMissing() throws Exception {
    Findings f = new Findings();
    decode(NS, "<SubmitRsp xmlns=\"$NS\"><Status><StatusText>ok</StatusText><StatusCode>1000</StatusCode></Status>"
        + "<MM7Version>6.8.0</MM7Version></SubmitRsp>", f);
    assertEquals(List.of("elements-out-of-order", "elements-out-of-order"), codes(f), f.toList().toString());
  }

  @Test
  void elementsOfALaterReleaseAreUnknownNotMisplaced() throws Exception {
    Findings f = new Findings();
    decode(NS5, submit("<To><Number>+1</Number></To>", "<ApplicID>a</ApplicID><Subject>s</Subject>"), f);
    assertEquals(List.of("unknown-element"), codes(f));
  }
}
