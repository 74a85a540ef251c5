package org.openmm7.client.oracle;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
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
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ReplyCharging;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.client.message.UaCapabilities;
import org.openmm7.schema.Mm7Release;

/**
 * Random messages of the neutral model, for one operation in one release: each optional field
 * the release has is filled or left out at random (all filled and all empty are among the
 * cases), with boundary values, non-ASCII text and relative and absolute times.
 */
final class ModelGen {
  private final Random r;
  private final Mm7Release release;
  private final String op;
  /** Percent of optional fields that are filled: 0 (all empty), 100 (all filled) or in between. */
  private final int fill;

  /** In a full message (-1: a random one), the kind of the next address: variant, variant + 1, ... modulo 3. */
  private int nextKind = -1;

  private ModelGen(Random r, Mm7Release release, Mm7Operation op, int fill) {
    this.r = r;
    this.release = release;
    this.op = op.elementName();
    this.fill = fill;
  }

  /**
   * A message with every optional field the release has filled, displayOnly set, and the
   * addresses' kinds taken in turn from {@code variant}: variants 0, 1 and 2 give every address
   * element each kind once.
   */
  static Mm7Message full(Random r, Mm7Release release, Mm7Operation op, int variant) {
    ModelGen g = new ModelGen(r, release, op, 100);
    g.nextKind = variant;
    return g.build(op);
  }

  /** A message of {@code op} (which the release must have; FAULT: a bare fault). */
  static Mm7Message message(Random r, Mm7Release release, Mm7Operation op) {
    int fill = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 100;
      default -> r.nextInt(101);
    };
    return new ModelGen(r, release, op, fill).build(op);
  }

  /** Whether to fill the optional field at {@code path} (relative to the operation). */
  private boolean opt(String path) {
    return release.has(op + "/" + path) && Gen.chance(r, fill);
  }

  private String text(String path) {
    return opt(path) ? Gen.text(r) : null;
  }

  private Boolean bool(String path) {
    return opt(path) ? r.nextBoolean() : null;
  }

  private OffsetDateTime dateTime(String path) {
    return opt(path) ? Gen.dateTime(r) : null;
  }

  private <E> E pick(String path, List<E> values) {
    if (!opt(path)) {
      return null;
    }
    List<E> allowed = new ArrayList<>();
    for (E v : values) {
      if (release.has(op + "/" + path + "#" + wireName(v))) {
        allowed.add(v);
      }
    }
    return allowed.isEmpty() ? null : Gen.pick(r, allowed);
  }

  private static String wireName(Object e) {
    if (e instanceof MessageClass m) {
      return m.wireName();
    } else if (e instanceof Priority p) {
      return p.wireName();
    } else if (e instanceof ChargedParty c) {
      return c.wireName();
    } else if (e instanceof ContentClass c) {
      return c.wireName();
    } else if (e instanceof MessageStatus s) {
      return s.wireName();
    }
    throw new IllegalArgumentException(String.valueOf(e));
  }

  /** An address of any kind, with the attributes the release has at {@code path}. */
  Address address(String path) {
    String value = Gen.nonBlank(r);
    int kind = nextKind < 0 ? r.nextInt(3) : nextKind++ % 3;
    Address a = switch (kind) {
      case 0 -> Address.number(value);
      case 1 -> Address.email(value);
      default -> Address.shortCode(value);
    };
    String at = op + "/" + path + "/" + elementOf(a);
    if (release.has(at + "@displayOnly") && Gen.chance(r, fill)) {
      a = a.withDisplayOnly(nextKind >= 0 || r.nextBoolean());
    }
    if (release.has(at + "@addressCoding") && Gen.chance(r, fill)) {
      a = a.withCoding(Gen.pick(r, List.of(Address.AddressCoding.ENCRYPTED, Address.AddressCoding.OBFUSCATED)));
    }
    if (release.has(at + "@id") && Gen.chance(r, fill)) {
      a = a.withId(Gen.text(r));
    }
    return a;
  }

  static String elementOf(Address a) {
    if (a instanceof Address.PhoneNumber) {
      return "Number";
    }
    return a instanceof Address.EmailAddress ? "RFC2822Address" : "ShortCode";
  }

  private Address optAddress(String path) {
    return opt(path) ? address(path) : null;
  }

  private List<Address> addresses(String path, int min) {
    int n = min + r.nextInt(4);
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(address(path));
    }
    return out;
  }

  private Recipients recipients(String path, boolean required) {
    if (!required && !opt(path)) {
      return null;
    }
    List<Address> to = opt(path + "/To") ? addresses(path + "/To", 1) : List.of();
    List<Address> cc = opt(path + "/Cc") ? addresses(path + "/Cc", 1) : List.of();
    List<Address> bcc = opt(path + "/Bcc") ? addresses(path + "/Bcc", 1) : List.of();
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
      to = addresses(path + "/To", 1);
    }
    return new Recipients(to, cc, bcc);
  }

  private ResponseStatus status() {
    int code = switch (r.nextInt(6)) {
      case 0 -> 1;
      case 1 -> 1000;
      case 2 -> Gen.pick(r, 1100, 2000, 2001, 2002, 2007, 3000, 3001, 4000, 4004, 4008, 2500, 3599, 6102);
      case 3 -> Integer.MAX_VALUE;
      default -> 1 + r.nextInt(9999);
    };
    String text = Gen.chance(r, 80) ? Gen.text(r) : null;
    String details = opt("Status/Details") ? Gen.text(r) : null;
    return new ResponseStatus(Mm7Status.of(code), text, details);
  }

  private ReplyCharging replyCharging() {
    if (!opt("ReplyCharging")) {
      return null;
    }
    return new ReplyCharging(opt("ReplyCharging@replyChargingSize") ? Gen.positiveLong(r) : null,
        opt("ReplyCharging@replyDeadline") ? Gen.time(r) : null);
  }

  private UaCapabilities uaCapabilities() {
    if (!opt("UACapabilities")) {
      return null;
    }
    return new UaCapabilities(text("UACapabilities@UAProf"), dateTime("UACapabilities@TimeStamp"));
  }

  /** Content of every shape: a text, a binary, a multipart/related or mixed, nested. */
  MimePart content() {
    return ContentGen.content(r, 2);
  }

  private Mm7Message build(Mm7Operation operation) {
    return switch (operation) {
      case SUBMIT_REQ -> {
        SubmitRequest.Builder b = SubmitRequest.builder()
            .vaspId(text("SenderIdentification/VASPID"))
            .vasId(text("SenderIdentification/VASID"))
            .senderAddress(optAddress("SenderIdentification/SenderAddress"))
            .recipients(recipients("Recipients", true))
            .serviceCode(text("ServiceCode"))
            .linkedId(text("LinkedID"))
            .messageClass(pick("MessageClass", MessageClass.values()))
            .timeStamp(dateTime("TimeStamp"))
            .replyCharging(replyCharging())
            .earliestDeliveryTime(opt("EarliestDeliveryTime") ? Gen.time(r) : null)
            .expiryDate(opt("ExpiryDate") ? Gen.time(r) : null)
            .deliveryReport(bool("DeliveryReport"))
            .readReply(bool("ReadReply"))
            .priority(pick("Priority", Priority.values()))
            .subject(text("Subject"))
            .chargedParty(pick("ChargedParty", ChargedParty.values()))
            .chargedPartyId(text("ChargedPartyID"))
            .distributionIndicator(bool("DistributionIndicator"))
            .applicId(text("ApplicID"))
            .replyApplicId(text("ReplyApplicID"))
            .auxApplicInfo(text("AuxApplicInfo"))
            .contentClass(pick("ContentClass", ContentClass.values()))
            .drmContent(bool("DRMContent"));
        if (opt("DeliveryCondition")) {
          int n = 1 + r.nextInt(4);
          for (int i = 0; i < n; i++) {
            b.addDeliveryCondition(Gen.positiveInt(r));
          }
        }
        if (opt("Content")) {
          b.content(content()).allowAdaptations(bool("Content@allowAdaptations"));
        }
        yield b.build();
      }
      case CANCEL_REQ -> CancelRequest.builder()
          .vaspId(text("SenderIdentification/VASPID"))
          .vasId(text("SenderIdentification/VASID"))
          .senderAddress(optAddress("SenderIdentification/SenderAddress"))
          .messageId(Gen.text(r))
          .build();
      case EXTENDED_CANCEL_REQ -> ExtendedCancelRequest.builder()
          .vaspId(text("SenderIdentification/VASPID"))
          .vasId(text("SenderIdentification/VASID"))
          .senderAddress(optAddress("SenderIdentification/SenderAddress"))
          .cancelId(Gen.text(r))
          .build();
      case REPLACE_REQ -> {
        ReplaceRequest.Builder b = ReplaceRequest.builder()
            .vaspId(text("SenderIdentification/VASPID"))
            .vasId(text("SenderIdentification/VASID"))
            .senderAddress(optAddress("SenderIdentification/SenderAddress"))
            .messageId(Gen.text(r))
            .serviceCode(text("ServiceCode"))
            .timeStamp(dateTime("TimeStamp"))
            .readReply(bool("ReadReply"))
            .earliestDeliveryTime(opt("EarliestDeliveryTime") ? Gen.time(r) : null)
            .distributionIndicator(bool("DistributionIndicator"))
            .contentClass(pick("ContentClass", ContentClass.values()))
            .drmContent(bool("DRMContent"));
        if (opt("Content")) {
          b.content(content()).allowAdaptations(bool("Content@allowAdaptations"));
        }
        yield b.build();
      }
      case EXTENDED_REPLACE_REQ -> {
        ExtendedReplaceRequest.Builder b = ExtendedReplaceRequest.builder()
            .vaspId(text("SenderIdentification/VASPID"))
            .vasId(text("SenderIdentification/VASID"))
            .senderAddress(optAddress("SenderIdentification/SenderAddress"))
            .replaceId(Gen.text(r))
            .serviceCode(text("ServiceCode"))
            .timeStamp(dateTime("TimeStamp"))
            .earliestDeliveryTime(opt("EarliestDeliveryTime") ? Gen.time(r) : null)
            .expiryDate(opt("ExpiryDate") ? Gen.time(r) : null)
            .readReply(bool("ReadReply"))
            .deliveryReport(bool("DeliveryReport"))
            .priority(pick("Priority", Priority.values()))
            .subject(text("Subject"))
            .distributionIndicator(bool("DistributionIndicator"))
            .contentClass(pick("ContentClass", ContentClass.values()))
            .drmContent(bool("DRMContent"));
        if (opt("Content")) {
          b.content(content()).allowAdaptations(bool("Content@allowAdaptations"));
        }
        yield b.build();
      }
      case DELIVER_REQ -> {
        DeliverRequest.Builder b = DeliverRequest.builder()
            .relayServerId(text("MMSRelayServerID"))
            .vaspId(text("VASPID"))
            .vasId(text("VASID"))
            .linkedId(text("LinkedID"))
            .sender(address("Sender"))
            .recipients(recipients("Recipients", false))
            .senderSpi(text("SenderSPI"))
            .recipientSpi(text("RecipientSPI"))
            .timeStamp(Gen.dateTime(r))
            .replyChargingId(text("ReplyChargingID"))
            .priority(pick("Priority", Priority.values()))
            .subject(text("Subject"))
            .applicId(text("ApplicID"))
            .replyApplicId(text("ReplyApplicID"))
            .auxApplicInfo(text("AuxApplicInfo"))
            .uaCapabilities(uaCapabilities());
        if (opt("Previouslysentby")) {
          int n = 1 + r.nextInt(3);
          for (int i = 0; i < n; i++) {
            b.addPreviouslySentBy(address("Previouslysentby/UserAgent"));
          }
        }
        if (opt("Previouslysentdateandtime")) {
          int n = 1 + r.nextInt(3);
          for (int i = 0; i < n; i++) {
            b.addPreviouslySentDate(Gen.dateTime(r));
          }
        }
        if (opt("Content")) {
          b.content(content()).allowAdaptations(bool("Content@allowAdaptations"));
        }
        yield b.build();
      }
      case DELIVERY_REPORT_REQ -> DeliveryReportRequest.builder()
          .relayServerId(text("MMSRelayServerID"))
          .messageId(Gen.text(r))
          .recipient(address("Recipient"))
          .sender(address("Sender"))
          .date(Gen.dateTime(r))
          .mmStatus(requiredStatus("MMStatus"))
          .mmStatusExtension(opt("MMStatusExtension")
              ? Gen.pick(r, "RejectionByMMSRecipient", "RejectionByOtherRS") : null)
          .statusText(text("StatusText"))
          .applicId(text("ApplicID"))
          .replyApplicId(text("ReplyApplicID"))
          .auxApplicInfo(text("AuxApplicInfo"))
          .uaCapabilities(uaCapabilities())
          .build();
      case READ_REPLY_REQ -> ReadReplyRequest.builder()
          .relayServerId(text("MMSRelayServerID"))
          .messageId(Gen.text(r))
          .recipient(address("Recipient"))
          .sender(address("Sender"))
          .timeStamp(Gen.dateTime(r))
          .mmStatus(requiredStatus("MMStatus"))
          .statusText(text("StatusText"))
          .applicId(text("ApplicID"))
          .replyApplicId(text("ReplyApplicID"))
          .auxApplicInfo(text("AuxApplicInfo"))
          .build();
      case SUBMIT_RSP -> SubmitResponse.builder().status(status()).messageId(text("MessageID")).build();
      case EXTENDED_REPLACE_RSP -> ExtendedReplaceResponse.builder().status(status())
          .messageId(text("MessageID")).build();
      case DELIVER_RSP -> DeliverResponse.builder().status(status()).serviceCode(text("ServiceCode")).build();
      case CANCEL_RSP -> StatusResponse.cancel(status());
      case REPLACE_RSP -> StatusResponse.replace(status());
      case EXTENDED_CANCEL_RSP -> StatusResponse.extendedCancel(status());
      case DELIVERY_REPORT_RSP -> StatusResponse.deliveryReport(status());
      case READ_REPLY_RSP -> StatusResponse.readReply(status());
      case RS_ERROR_RSP, VASP_ERROR_RSP, FAULT -> new ErrorResponse(operation, status(),
          Gen.chance(r, 50) ? Gen.pick(r, "env:Client", "env:Server") : null,
          Gen.chance(r, 50) ? Gen.text(r) : null);
    };
  }

  private MessageStatus requiredStatus(String path) {
    List<MessageStatus> allowed = new ArrayList<>();
    for (MessageStatus s : MessageStatus.values()) {
      if (release.has(op + "/" + path + "#" + s.wireName())) {
        allowed.add(s);
      }
    }
    return Gen.pick(r, allowed);
  }

  /** Random MIME content for messages and MIME trees. */
  static final class ContentGen {
    private ContentGen() {}

    static MimePart content(Random r, int depth) {
      int kind = depth == 0 ? r.nextInt(2) : r.nextInt(4);
      MimePart part = switch (kind) {
        case 0 -> text(r);
        case 1 -> binary(r);
        case 2 -> {
          List<MimePart> parts = children(r, depth);
          yield Multipart.related(parts.get(0), parts.subList(1, parts.size()).toArray(new MimePart[0]));
        }
        default -> Multipart.mixed(children(r, depth));
      };
      if (Gen.chance(r, 50)) {
        part = part.withContentId(Gen.word(r) + "@" + Gen.word(r));
      }
      if (Gen.chance(r, 30)) {
        part = part.withContentLocation(Gen.word(r) + ".bin");
      }
      return part;
    }

    private static List<MimePart> children(Random r, int depth) {
      int n = 1 + r.nextInt(3);
      List<MimePart> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parts.add(content(r, depth - 1));
      }
      return parts;
    }

    static TextPart text(Random r) {
      String s = Gen.text(r);
      return switch (r.nextInt(3)) {
        case 0 -> TextPart.of(s);
        case 1 -> TextPart.of(s, "text/plain", StandardCharsets.UTF_8);
        default -> TextPart.of(s, "application/smil", StandardCharsets.UTF_8);
      };
    }

    static BinaryPart binary(Random r) {
      return BinaryPart.ofBytes(bytes(r), Gen.pick(r, "image/gif", "image/jpeg", "application/octet-stream",
          "audio/amr", "video/3gpp"));
    }

    /** Bytes of every kind: empty, all values, long lines, CR/LF runs, what looks like a boundary. */
    static byte[] bytes(Random r) {
      int n = switch (r.nextInt(5)) {
        case 0 -> 0;
        case 1 -> 1 + r.nextInt(4);
        case 2 -> 2000 + r.nextInt(20000);
        default -> r.nextInt(600);
      };
      byte[] b = new byte[n];
      switch (r.nextInt(3)) {
        case 0 -> r.nextBytes(b);
        case 1 -> {
          String alphabet = "\r\n-=_ab";
          for (int i = 0; i < n; i++) {
            b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            b[i] = (byte) (32 + r.nextInt(95));
          }
        }
      }
      return b;
    }
  }
}
