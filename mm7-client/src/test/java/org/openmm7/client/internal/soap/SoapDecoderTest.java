package org.openmm7.client.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;

/** Safety and leniency of the SOAP reader beyond the corpus. */
class SoapDecoderTest {
  private static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";

  private static String envelope(String header, String body) {
    return "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header>" + header
        + "</env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
  }

  private static final String REPORT = "<mm7:DeliveryReportReq xmlns:mm7=\"" + NS + "\"><mm7:MM7Version>6.8.0</mm7:MM7Version>"
      + "<mm7:MMSRelayServerID>r</mm7:MMSRelayServerID><mm7:MessageID>m1</mm7:MessageID>"
      + "<mm7:Recipient><mm7:Number>+1</mm7:Number></mm7:Recipient><mm7:Sender><mm7:ShortCode>1</mm7:ShortCode></mm7:Sender>"
      + "<mm7:Date>2026-01-01T00:00:00</mm7:Date><mm7:MMStatus>Retrieved</mm7:MMStatus></mm7:DeliveryReportReq>";

  private static SoapDecoder.Result decode(String xml, Findings f) throws Mm7DecodeException {
    return SoapDecoder.decode(xml.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, f, ContentResolver.NONE);
  }

  @Test
  void decodesAndReportsADateWithoutTimeZone() throws Exception {
    Findings f = new Findings();
    SoapDecoder.Result r = decode(envelope("<mm7:TransactionID xmlns:mm7=\"" + NS + "\">t1</mm7:TransactionID>", REPORT), f);
    DeliveryReportRequest d = (DeliveryReportRequest) r.message();
    assertEquals(MessageStatus.RETRIEVED, d.mmStatus());
    assertEquals("t1", r.transactionId());
    assertEquals("date-without-timezone", f.toList().get(0).code());
  }

  @Test
  void refusesADoctypeSoNoEntityIsExpandedAndNoFileRead() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + envelope("", "<x>&e;</x>");
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> decode(xxe, new Findings()));
    assertEquals("doctype-forbidden", e.reason());
    assertFalse(e.getMessage().contains("root:"), "no file content leaks into the error");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> decode(envelope("", deep), new Findings()));
    assertEquals("nesting-too-deep", e.reason());
  }

  @Test
  void refusesSoap12AndUnknownMandatoryHeaders() {
    String soap12 = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>";
    assertEquals("soap-1.2", assertThrows(Mm7DecodeException.class, () -> decode(soap12, new Findings())).reason());
    String mu = envelope("<x:Sec xmlns:x=\"urn:x\" env:mustUnderstand=\"1\"/>", REPORT);
    assertEquals("must-understand", assertThrows(Mm7DecodeException.class, () -> decode(mu, new Findings())).reason());
  }

  @Test
  void aMissingRequiredElementIsAValidationError() {
    String noStatus = REPORT.replace("<mm7:MMStatus>Retrieved</mm7:MMStatus>", "");
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> decode(envelope("", noStatus), new Findings()));
    assertEquals("validation-error", e.reason());
    assertTrue(e.getMessage().contains("MMStatus"), e.getMessage());
  }

  @Test
  void durationsRoundTrip() {
    assertEquals("P1Y2M3DT4H5M6.5S", Durations.format(Period.of(1, 2, 3), Duration.parse("PT4H5M6.5S")));
    Object[] parsed = Durations.parse("P2DT36H");
    assertEquals(Period.ofDays(2), parsed[0]);
    assertEquals(Duration.ofHours(36), parsed[1]);
    assertEquals(null, Durations.parse("P"));
    assertEquals(null, Durations.parse("PT"));
  }

  @Test
  void dateTimesKeepTheirFirstNineFractionDigits() {
    // xs:dateTime has no limit on fraction digits; the JDK's parser takes nine
    assertEquals("2139-04-02T00:49:51.568000000Z", SoapDecoder.toNanoseconds("2139-04-02T00:49:51.5680000003Z"));
    assertEquals("2026-12-06T12:00:00.123456789+05:30", SoapDecoder.toNanoseconds("2026-12-06T12:00:00.123456789012+05:30"));
    assertEquals("2026-12-06T12:00:00.123456789", SoapDecoder.toNanoseconds("2026-12-06T12:00:00.1234567891"));
    assertEquals("2026-12-06T12:00:00.123456789Z", SoapDecoder.toNanoseconds("2026-12-06T12:00:00.123456789Z"));
    assertEquals("2026-12-06T12:00:00.5-01:00", SoapDecoder.toNanoseconds("2026-12-06T12:00:00.5-01:00"));
    assertEquals("2026-12-06T12:00:00Z", SoapDecoder.toNanoseconds("2026-12-06T12:00:00Z"));
    assertEquals("not a date", SoapDecoder.toNanoseconds("not a date"));
  }
}
