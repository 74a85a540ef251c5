package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.soap.LegacySoapEncoder;
import org.openmm7.client.internal.soap.SoapEncoder;
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
 * The SOAP encoder that writes bytes from a compiled schema against the encoder it replaced
 * ({@link LegacySoapEncoder}, kept unchanged in the tests): random messages of every operation,
 * encoded in their own release and in others (where elements, attributes and enumerated values
 * are missing), with texts of every kind of character, values the schema cannot carry and bad
 * MM7Versions. Both must write the same bytes, or both refuse with the same message.
 */
class SoapEncoderEquivalenceTest {
  private static final String[] HOSTILE = {"\uD800", "tx\uDFFF", "a\u0001b", "\uFFFE", "x\uFFFFy", "\u0000",
      "\uDE00\uD83D", "\uD83D\uDE00\uDE00", "ok\u0085\u2028", "\r\n\t \"'<&>"};

  @Test
  void writesWhatTheOldEncoderWroteOrRefusesAsItDid() {
    OracleRun.run("SoapEncoderEquivalence", 2000, SoapEncoderEquivalenceTest::check);
  }

  @Test
  void theCaseMixCoversWritingAndEveryKindOfRefusal() throws Exception {
    int written = 0;
    int notInRelease = 0;
    int badValue = 0;
    int badText = 0;
    Random r = new Random(15);
    for (int i = 0; i < 600; i++) {
      try {
        assertSame(generate(r));
        written++;
      } catch (Mm7EncodeException e) {
        String m = e.getMessage();
        if (m.contains("does not exist in release")) {
          notInRelease++;
        } else if (m.contains("cannot carry") || m.contains("surrogate")) {
          badText++;
        } else {
          badValue++;
        }
      }
    }
    // the comparison means something only if each kind of outcome happened often
    assertTrue(written > 200 && notInRelease > 20 && badValue > 10 && badText > 10,
        "written " + written + ", not in release " + notInRelease + ", bad value " + badValue + ", bad text " + badText);
  }

  private static void check(Random r) throws Exception {
    try {
      assertSame(generate(r));
    } catch (Mm7EncodeException expected) {
      // assertSame already compared the refusals
    }
  }

  private record Case(Mm7Envelope envelope, String contentId) {}

  private static Case generate(Random r) {
    Mm7Release made = Gen.pick(r, Mm7Release.values());
    // a message of one release encoded in another: elements, attributes, values it lacks
    Mm7Release encodedIn = Gen.chance(r, 70) ? made : Gen.pick(r, Mm7Release.values());
    Mm7Message m;
    String version = EncoderVsJaxbTest.version(r, encodedIn);
    String transactionId = Gen.nonBlank(r);
    switch (r.nextInt(14)) {
      case 0 -> m = SubmitResponse.builder()
          .status(new ResponseStatus(Mm7Status.of(Gen.pick(r, 0, -1, 1000, 4004)), Gen.text(r), null)).build();
      case 1 -> m = ((SubmitRequest) ModelGen.message(r, made, Mm7Operation.SUBMIT_REQ)).toBuilder()
          .deliveryConditions(List.of(Gen.pick(r, 0, -1, 1, 7))).build();
      case 2 -> m = ((SubmitRequest) ModelGen.message(r, made, Mm7Operation.SUBMIT_REQ)).toBuilder()
          .replyCharging(new ReplyCharging(Gen.pick(r, 0L, -1L, 5L), null)).build();
      case 3 -> {
        m = ModelGen.message(r, made, Gen.pick(r, EncoderVsJaxbTest.operations(made)));
        version = Gen.pick(r, "", "6.8", "x.y.z", " 6.8.0", "6.8.0\n", "6.8.0.1", "-1.0.0", "6.8.0");
      }
      case 4 -> m = DeliverRequest.builder().sender(Address.number("+1" + Gen.pick(r, HOSTILE)))
          .subject(Gen.text(r) + Gen.pick(r, HOSTILE)).timeStamp(Gen.dateTime(r)).build();
      case 5 -> {
        transactionId = Gen.text(r) + Gen.pick(r, HOSTILE);
        m = ModelGen.message(r, made, Gen.pick(r, EncoderVsJaxbTest.operations(made)));
      }
      default -> m = ModelGen.message(r, made, Gen.pick(r, EncoderVsJaxbTest.operations(made)));
    }
    String contentId = Gen.chance(r, 50) ? null : Gen.pick(r, "c1@x", "part\"1<&>@x", Gen.nonBlank(r));
    return new Case(new Mm7Envelope(transactionId, encodedIn, version, m), contentId);
  }

  /** Both write the same bytes, or both refuse with the same message (which is then rethrown). */
  private static void assertSame(Case c) throws Mm7EncodeException {
    byte[] expected;
    try {
      expected = LegacySoapEncoder.encode(c.envelope(), c.contentId());
    } catch (Mm7EncodeException refused) {
      Mm7EncodeException actual = null;
      try {
        SoapEncoder.encode(c.envelope(), c.contentId());
      } catch (Mm7EncodeException e) {
        actual = e;
      }
      assertEquals(refused.getMessage(), actual == null ? "(written)" : actual.getMessage());
      throw refused;
    }
    byte[] actual = SoapEncoder.encode(c.envelope(), c.contentId());
    // a time stamp the message leaves out is the current second: the two encodes may fall on
    // both sides of a second's end, the next pair (microseconds later) not
    for (int retry = 0; retry < 2 && !Arrays.equals(expected, actual); retry++) {
      expected = LegacySoapEncoder.encode(c.envelope(), c.contentId());
      actual = SoapEncoder.encode(c.envelope(), c.contentId());
    }
    if (!Arrays.equals(expected, actual)) {
      assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
      assertArrayEquals(expected, actual);
    }
  }
}
