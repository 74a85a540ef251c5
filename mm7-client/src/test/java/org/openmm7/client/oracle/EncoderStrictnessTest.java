package org.openmm7.client.oracle;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReplyCharging;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * The encoder writes strictly: given values the schema cannot carry (a status code of 0, a
 * delivery condition below 1, a reply charging size of 0, an MM7Version that is not n.n.n, text
 * with a lone surrogate), it either refuses with an {@link Mm7EncodeException} or writes
 * something JAXB reads, valid, with the same meaning; never an invalid or changed message.
 */
class EncoderStrictnessTest {
  private static final Mm7Codec CODEC = Mm7Codec.lenient();

  @Test
  void valuesTheSchemaCannotCarryAreRefusedNeverWrittenWrong() {
    OracleRun.run("EncoderStrictness", 150, EncoderStrictnessTest::check);
  }

  static void check(Random r) throws Exception {
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    String version = release.defaultVersion();
    String transactionId = Gen.nonBlank(r);
    Mm7Message m;
    switch (r.nextInt(6)) {
      case 0 -> m = SubmitResponse.builder()
          .status(new ResponseStatus(Mm7Status.of(Gen.pick(r, 0, -1, Integer.MIN_VALUE)), "x", null)).build();
      case 1 -> {
        m = ModelGen.message(r, release, Mm7Operation.SUBMIT_REQ);
        if (release.has("SubmitReq/DeliveryCondition")) {
          m = ((SubmitRequest) m).toBuilder().deliveryConditions(List.of(Gen.pick(r, 0, -1, Integer.MIN_VALUE))).build();
        }
      }
      case 2 -> m = ((SubmitRequest) ModelGen.message(r, release, Mm7Operation.SUBMIT_REQ)).toBuilder()
          .replyCharging(new ReplyCharging(Gen.pick(r, 0L, -1L, Long.MIN_VALUE), null)).build();
      case 3 -> {
        m = ModelGen.message(r, release, Gen.pick(r, EncoderVsJaxbTest.operations(release)));
        version = Gen.pick(r, "", "6.8", "x.y.z", " 6.8.0", "6.8.0\n", "6.8.0.1", "-1.0.0");
      }
      case 4 -> {
        String lone = Gen.pick(r, "\uD800", "\uDC00", "a\uD83Db", "\uDE00\uD83D");
        m = DeliverRequest.builder().sender(Address.number("+1" + lone)).subject(Gen.text(r) + lone)
            .timeStamp(Gen.dateTime(r)).build();
      }
      default -> {
        transactionId = Gen.pick(r, "\uD800", "tx\uDFFF");
        m = ModelGen.message(r, release, Gen.pick(r, EncoderVsJaxbTest.operations(release)));
      }
    }
    Mm7Envelope envelope = new Mm7Envelope(transactionId, release, version, m);
    EncodedMessage encoded;
    try {
      encoded = CODEC.encode(envelope);
    } catch (Mm7EncodeException refused) {
      return; // refused, naming what: what a strict writer does
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoded.writeTo(out);
    // written: then it must be valid and mean what was given
    EncoderVsJaxbTest.verify(envelope, encoded, out.toByteArray());
  }
}
