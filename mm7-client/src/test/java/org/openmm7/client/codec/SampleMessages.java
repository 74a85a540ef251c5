package org.openmm7.client.codec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
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
import org.openmm7.schema.Mm7Release;

/**
 * One message per operation, with every field the given release has filled in: the shared
 * test data of the codec tests and of the golden corpus.
 */
public final class SampleMessages {
  public static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 24, 9, 30, 0, 0, ZoneOffset.UTC);
  /** A small GIF, so that content is real binary data. */
  public static final byte[] GIF = base64("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

  private SampleMessages() {}

  /** Every operation the release has, with a sample message. */
  public static List<Mm7Message> all(Mm7Release release) {
    List<Mm7Message> out = new ArrayList<>();
    for (Mm7Operation op : Mm7Operation.values()) {
      if (op != Mm7Operation.FAULT && release.hasOperation(op.elementName())) {
        out.add(of(op, release));
      }
    }
    return out;
  }

  /** A SMIL presentation with an image and a text, with fixed IDs so that golden files are stable. */
  public static MimePart content() {
    String smil = "<smil><head><layout><root-layout width=\"160\" height=\"160\"/>"
        + "<region id=\"Image\" top=\"0\" left=\"0\" height=\"80%\" width=\"100%\"/>"
        + "<region id=\"Text\" top=\"80%\" left=\"0\" height=\"20%\" width=\"100%\"/></layout></head>"
        + "<body><par dur=\"5000ms\"><img src=\"cid:img1@openmm7\" region=\"Image\"/>"
        + "<text src=\"cid:text1@openmm7\" region=\"Text\"/></par></body></smil>";
    return Multipart.related(
            TextPart.of(smil, "application/smil", StandardCharsets.UTF_8).withContentId("smil@openmm7")
                .withContentLocation("presentation.smil"),
            BinaryPart.ofBytes(GIF, "image/gif").withContentId("img1@openmm7").withContentLocation("img1.gif"),
            TextPart.of("Hello from OpenMM7. Grüße, 你好.").withContentId("text1@openmm7").withContentLocation("text1.txt"))
        .withContentId("content@openmm7");
  }

  /** The same content built by the library's SMIL helper (random IDs). */
  public static MimePart smilHelperContent() {
    return Smil.presentation(
        BinaryPart.ofBytes(GIF, "image/gif").withContentLocation("img1.gif"),
        TextPart.of("Hello from OpenMM7").withContentLocation("text1.txt"));
  }

  public static Mm7Message of(Mm7Operation op, Mm7Release r) {
    ResponseStatus ok = new ResponseStatus(Mm7Status.SUCCESS, "Success", null);
    switch (op) {
      case SUBMIT_REQ: {
        String p = "SubmitReq/";
        SubmitRequest.Builder b = SubmitRequest.builder()
            .vaspId("acme").vasId("news").senderAddress(Address.shortCode("12345"))
            .recipients(Recipients.builder()
                .to(Address.number("+447000000001"), Address.email("alice@example.org"))
                .cc(Address.number("+447000000002"))
                .bcc(Address.shortCode("54321"))
                .build())
            .serviceCode("gold-1").linkedId("linked-1").messageClass(MessageClass.INFORMATIONAL)
            .timeStamp(T0).replyCharging(new ReplyCharging(2048L, RelativeOrAbsoluteTime.after(Period.ofDays(2))))
            .earliestDeliveryTime(RelativeOrAbsoluteTime.at(T0.plusHours(1)))
            .expiryDate(RelativeOrAbsoluteTime.after(Duration.ofHours(36)))
            .deliveryReport(true).readReply(false).priority(Priority.HIGH).subject("Today's news")
            .chargedParty(ChargedParty.SENDER)
            .distributionIndicator(true)
            .content(content(), true);
        if (r.has(p + "ChargedPartyID")) {
          b.chargedParty(ChargedParty.THIRD_PARTY).chargedPartyId("acct-7");
        }
        if (r.has(p + "DeliveryCondition")) {
          b.deliveryConditions(List.of(1, 2));
        }
        if (r.has(p + "ApplicID")) {
          b.applicId("com.example.app").replyApplicId("com.example.reply").auxApplicInfo("aux");
        }
        if (r.has(p + "ContentClass")) {
          b.contentClass(ContentClass.IMAGE_BASIC);
        }
        if (r.has(p + "DRMContent")) {
          b.drmContent(false);
        }
        if (r.has(p + "Recipients/To/Number@addressCoding")) {
          b.recipients(Recipients.builder()
              .to(Address.number("+447000000001").withId("r1"), Address.email("alice@example.org"))
              .cc(Address.number("+447000000002").withDisplayOnly(true))
              .bcc(Address.shortCode("54321").withCoding(Address.AddressCoding.OBFUSCATED))
              .build());
        }
        return b.build();
      }
      case SUBMIT_RSP:
        return new SubmitResponse(ok, "msg-0001");
      case CANCEL_REQ:
        return CancelRequest.builder().vaspId("acme").vasId("news").senderAddress(Address.number("+447000000009"))
            .messageId("msg-0001").build();
      case CANCEL_RSP:
        return StatusResponse.cancel(ok);
      case REPLACE_REQ: {
        ReplaceRequest.Builder b = ReplaceRequest.builder().vaspId("acme").vasId("news").messageId("msg-0001")
            .serviceCode("gold-2").timeStamp(T0).readReply(true)
            .earliestDeliveryTime(RelativeOrAbsoluteTime.after(Duration.ofMinutes(30)))
            .distributionIndicator(false).content(content(), false);
        if (r.has("ReplaceReq/ContentClass")) {
          b.contentClass(ContentClass.CONTENT_BASIC);
        }
        if (r.has("ReplaceReq/DRMContent")) {
          b.drmContent(true);
        }
        return b.build();
      }
      case REPLACE_RSP:
        return StatusResponse.replace(ok);
      case EXTENDED_CANCEL_REQ:
        return ExtendedCancelRequest.builder().vaspId("acme").vasId("news").cancelId("msg-0001").build();
      case EXTENDED_CANCEL_RSP:
        return StatusResponse.extendedCancel(ok);
      case EXTENDED_REPLACE_REQ:
        return ExtendedReplaceRequest.builder().vaspId("acme").vasId("news").replaceId("msg-0001")
            .serviceCode("gold-3").timeStamp(T0)
            .earliestDeliveryTime(RelativeOrAbsoluteTime.at(T0.plusMinutes(5)))
            .expiryDate(RelativeOrAbsoluteTime.after(Period.ofDays(7)))
            .readReply(false).deliveryReport(true).priority(Priority.NORMAL).subject("Corrected news")
            .distributionIndicator(true).contentClass(ContentClass.TEXT).drmContent(false)
            .content(TextPart.of("Corrected text").withContentId("text2@openmm7"), true).build();
      case EXTENDED_REPLACE_RSP:
        return new ExtendedReplaceResponse("msg-0002", ok);
      case DELIVER_REQ: {
        String p = "DeliverReq/";
        DeliverRequest.Builder b = DeliverRequest.builder().relayServerId("mmsc.example.net")
            .linkedId("mo-77").sender(Address.number("+447000000003"))
            .recipients(Recipients.to(Address.shortCode("12345")))
            .timeStamp(T0).replyChargingId("rc-1").priority(Priority.LOW).subject("Photo")
            .content(content());
        if (r.has(p + "VASPID")) {
          b.vaspId("acme").vasId("news");
        }
        if (r.has(p + "Previouslysentby")) {
          b.previouslySentBy(List.of(Address.number("+447000000004")))
              .previouslySentDates(List.of(T0.minusDays(1)));
        }
        if (r.has(p + "SenderSPI")) {
          b.senderSpi("spi-a").recipientSpi("spi-b");
        }
        if (r.has(p + "ApplicID")) {
          b.applicId("com.example.app").replyApplicId("com.example.reply").auxApplicInfo("aux");
        }
        if (r.has(p + "UACapabilities")) {
          b.uaCapabilities(new UaCapabilities("http://example.net/uaprof.xml", T0));
        }
        return b.build();
      }
      case DELIVER_RSP:
        return new DeliverResponse(ok, "svc-9");
      case DELIVERY_REPORT_REQ: {
        String p = "DeliveryReportReq/";
        DeliveryReportRequest.Builder b = DeliveryReportRequest.builder().relayServerId("mmsc.example.net")
            .messageId("msg-0001").recipient(Address.number("+447000000001")).sender(Address.shortCode("12345"))
            .date(T0).mmStatus(MessageStatus.RETRIEVED).statusText("Retrieved by handset");
        if (r.has(p + "MMStatusExtension")) {
          b.mmStatus(MessageStatus.REJECTED).mmStatusExtension("RejectionByMMSRecipient");
        }
        if (r.has(p + "ApplicID")) {
          b.applicId("com.example.app").replyApplicId("com.example.reply").auxApplicInfo("aux");
        }
        if (r.has(p + "UACapabilities")) {
          b.uaCapabilities(new UaCapabilities("http://example.net/uaprof.xml", null));
        }
        return b.build();
      }
      case DELIVERY_REPORT_RSP:
        return StatusResponse.deliveryReport(ok);
      case READ_REPLY_REQ: {
        ReadReplyRequest.Builder b = ReadReplyRequest.builder().relayServerId("mmsc.example.net")
            .messageId("msg-0001").recipient(Address.number("+447000000001")).sender(Address.shortCode("12345"))
            .timeStamp(T0).mmStatus(MessageStatus.READ).statusText("Read");
        if (r.has("ReadReplyReq/ApplicID")) {
          b.applicId("com.example.app").replyApplicId("com.example.reply").auxApplicInfo("aux");
        }
        return b.build();
      }
      case READ_REPLY_RSP:
        return StatusResponse.readReply(ok);
      case RS_ERROR_RSP:
        return new ErrorResponse(Mm7Operation.RS_ERROR_RSP,
            new ResponseStatus(Mm7Status.ADDRESS_ERROR, "Address Error", "recipient +447000000001 unknown"),
            "env:Client", "Address Error");
      case VASP_ERROR_RSP:
        return new ErrorResponse(Mm7Operation.VASP_ERROR_RSP,
            new ResponseStatus(Mm7Status.SERVICE_UNAVAILABLE, "Service unavailable", null),
            "env:Server", "Service unavailable");
      default:
        throw new IllegalArgumentException(op.toString());
    }
  }

  private static byte[] base64(String s) {
    return java.util.Base64.getDecoder().decode(s.getBytes(StandardCharsets.US_ASCII));
  }
}
