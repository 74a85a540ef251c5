package org.openmm7.client.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.SampleMessages;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.Mm7InboundServerTest.Answer;
import org.openmm7.client.inbound.Mm7InboundServerTest.Recorder;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/**
 * A retry is the same request again, not another request with the same TransactionID: relays'
 * real patterns of reports sharing one TransactionID reach the handler every one, while a retry
 * (byte-identical, or written differently but saying the same) is answered as before.
 */
class InboundDeduplicationTest {
  private static final String REL_5_1_0 = Mm7Release.REL_5_MM7_1_0.namespace();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Mm7InboundServer start(Recorder recorder) throws Exception {
    Mm7InboundServer s = Mm7InboundServer.builder(recorder).host("127.0.0.1").start();
    open.add(s);
    return s;
  }

  /**
   * A DeliveryReportReq as Mbuni writes it: SOAP-ENV prefix, REL-5-MM7-1-0 with 5.3.0, the
   * TransactionID being the MessageID, one report per recipient.
   */
  static String mbuniReport(String messageId, String recipient, String status) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
        + "<SOAP-ENV:Header><mm7:TransactionID xmlns:mm7=\"" + REL_5_1_0 + "\" SOAP-ENV:mustUnderstand=\"1\">"
        + messageId + "</mm7:TransactionID></SOAP-ENV:Header>\n"
        + "<SOAP-ENV:Body><DeliveryReportReq xmlns=\"" + REL_5_1_0 + "\">"
        + "<MM7Version>5.3.0</MM7Version><MMSRelayServerID>mbuni</MMSRelayServerID>"
        + "<MessageID>" + messageId + "</MessageID>"
        + "<Recipient><Number>" + recipient + "</Number></Recipient>"
        + "<Sender><ShortCode>12345</ShortCode></Sender>"
        + "<Date>2026-11-24T09:30:00Z</Date><MMStatus>" + status + "</MMStatus>"
        + "</DeliveryReportReq></SOAP-ENV:Body></SOAP-ENV:Envelope>\n";
  }

  private static Answer post(Mm7InboundServer server, String xml) throws Exception {
    return Mm7InboundServerTest.post(server.endpoint(), "text/xml; charset=utf-8",
        xml.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean reused(Recorder r, int i) {
    return r.contexts.get(i).findings().stream()
        .anyMatch(f -> f.code().equals(Mm7InboundServlet.REUSED_TRANSACTION_ID));
  }

  @Test
  void mbuniSendsOneReportPerRecipientUnderTheMessageIdAndEveryOneReachesTheHandler() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    List<String> recipients = List.of("+447000000001", "+447000000002", "+447000000003");
    List<Answer> answers = new ArrayList<>();
    for (String to : recipients) {
      answers.add(post(server, mbuniReport("mbuni-0042", to, "Retrieved")));
    }
    for (Answer a : answers) {
      assertEquals(200, a.status(), a.text());
      assertTrue(a.text().contains(">mbuni-0042<"), "the answer echoes the TransactionID");
    }
    assertEquals(3, recorder.seen.size(), "one report per recipient, none lost");
    for (int i = 0; i < 3; i++) {
      DeliveryReportRequest r = (DeliveryReportRequest) recorder.seen.get(i);
      assertEquals(recipients.get(i), r.recipient().value());
    }
    assertFalse(reused(recorder, 0), "the first is an ordinary request");
    assertTrue(reused(recorder, 1) && reused(recorder, 2), "the others are flagged, not refused");

    // Mbuni retries a report whose answer it did not get: the same bytes again
    Answer retry = post(server, mbuniReport("mbuni-0042", "+447000000002", "Retrieved"));
    assertEquals(3, recorder.seen.size(), "a retry is not handed over again");
    assertArrayEquals(answers.get(1).body(), retry.body(), "the retry gets the first answer");
  }

  @Test
  void skycoreSendsForwardedThenTheFinalStateAndBothReachTheHandler() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Release rel = Mm7Release.REL_6_MM7_1_4;
    DeliveryReportRequest forwarded = ((DeliveryReportRequest) SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ,
        rel)).toBuilder().mmStatus(MessageStatus.FORWARDED).mmStatusExtension(null).build();
    DeliveryReportRequest delivered = forwarded.toBuilder().mmStatus(MessageStatus.RETRIEVED).build();
    DeliveryReportRequest rejected = forwarded.toBuilder().mmStatus(MessageStatus.REJECTED).build();
    assertEquals(200, Mm7InboundServerTest.push(server.endpoint(), "sky-1", rel, forwarded).status());
    assertEquals(200, Mm7InboundServerTest.push(server.endpoint(), "sky-1", rel, delivered).status());
    // Skycore retries five times when its answer did not come in time
    for (int i = 0; i < 4; i++) {
      assertEquals(200, Mm7InboundServerTest.push(server.endpoint(), "sky-1", rel, delivered).status());
    }
    assertEquals(2, recorder.seen.size());
    assertEquals(MessageStatus.FORWARDED, ((DeliveryReportRequest) recorder.seen.get(0)).mmStatus());
    assertEquals(MessageStatus.RETRIEVED, ((DeliveryReportRequest) recorder.seen.get(1)).mmStatus());
    assertTrue(reused(recorder, 1));

    // another message's report with its own TransactionID is not flagged
    Mm7InboundServerTest.push(server.endpoint(), "sky-2", rel, rejected);
    assertEquals(3, recorder.seen.size());
    assertFalse(reused(recorder, 2));
  }

  @Test
  void aRetryWrittenDifferentlyButSayingTheSameIsStillARetry() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    String first = mbuniReport("tx-7", "+447000000001", "Retrieved");
    Answer a = post(server, first);
    // other prefixes, white space between elements, the namespace declared on the envelope
    String rewritten = first.replace("SOAP-ENV:", "soapenv:").replace("xmlns:SOAP-ENV", "xmlns:soapenv")
        .replace("<MMSRelayServerID>", "\n   <MMSRelayServerID>");
    assertNotEquals(first, rewritten);
    Answer b = post(server, rewritten);
    assertEquals(200, b.status(), b.text());
    assertEquals(1, recorder.seen.size(), "decoded the same: a retry");
    assertArrayEquals(a.body(), b.body());

    // but a changed field is another request
    post(server, first.replace("Retrieved", "Rejected"));
    assertEquals(2, recorder.seen.size());
    assertTrue(reused(recorder, 1));
  }

  @Test
  void aDeliverReqRetriedWithAnotherMimeBoundaryIsARetryAndOtherContentIsNot() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Release rel = Mm7Release.latest();
    DeliverRequest m = (DeliverRequest) SampleMessages.of(Mm7Operation.DELIVER_REQ, rel);
    EncodedMessage first = Mm7InboundServerTest.CODEC.encode(Mm7Envelope.of("mo-1", rel, m));
    byte[] one = bytes(first);
    EncodedMessage again = Mm7InboundServerTest.CODEC.encode(Mm7Envelope.of("mo-1", rel, m));
    byte[] two = bytes(again);
    assertFalse(new String(one, StandardCharsets.ISO_8859_1).equals(new String(two, StandardCharsets.ISO_8859_1)),
        "two encodings differ (random boundaries)");

    Mm7InboundServerTest.post(server.endpoint(), first.contentType(), one);
    Mm7InboundServerTest.post(server.endpoint(), again.contentType(), two);
    assertEquals(1, recorder.seen.size(), "the same MO message, packaged anew: a retry");

    // the same TransactionID with a different picture: a new message, handed over
    DeliverRequest other = m.toBuilder().content(Multipart.related(
        TextPart.of("<smil/>", "application/smil", StandardCharsets.UTF_8).withContentId("smil@openmm7"),
        BinaryPart.ofBytes(new byte[] {1, 2, 3}, "image/gif").withContentId("img1@openmm7"))).build();
    Answer c = Mm7InboundServerTest.push(server.endpoint(), "mo-1", rel, other);
    assertEquals(200, c.status());
    assertEquals(2, recorder.seen.size());
    assertTrue(reused(recorder, 1));
  }

  @Test
  void theSameContentUnderAnotherTransactionIdIsAnotherRequest() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    post(server, mbuniReport("tx-a", "+447000000001", "Retrieved"));
    post(server, mbuniReport("tx-b", "+447000000001", "Retrieved").replace(">tx-b</MessageID>", ">tx-a</MessageID>"));
    assertEquals(2, recorder.seen.size());
    assertFalse(reused(recorder, 1));
  }

  private static byte[] bytes(EncodedMessage e) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }
}
