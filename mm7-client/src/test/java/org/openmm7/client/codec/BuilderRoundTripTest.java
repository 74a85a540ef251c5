package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.MessageFiller;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/**
 * Every field a builder sets travels through the codec: messages filled by reflection (every
 * field of the class, varied values, several seeds) encode and decode back to an equal message in
 * every release that has the operation, with the fields that release lacks left out.
 */
class BuilderRoundTripTest {
  private static final int SEEDS = 3;
  private final Mm7Codec codec = Mm7Codec.lenient();

  @TestFactory
  Stream<DynamicTest> everyFieldRoundTripsInEveryRelease() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Mm7Release release : Mm7Release.values()) {
      for (Class<? extends Mm7Message> type : MessageFiller.builtTypes()) {
        if (release.hasOperation(operationOf(type).elementName())) {
          tests.add(DynamicTest.dynamicTest(release.releaseName() + " " + type.getSimpleName(), () -> {
            long seed = release.ordinal() * 1000L;
            for (int i = 0; i < SEEDS; i++) {
              Map<Field, Object> values = encodable(release, type, ++seed);
              Set<String> carried = carried(release, type, values);
              roundTrip(release, (Mm7Message) MessageFiller.build(type, values, f -> carried.contains(f.getName())));
            }
          }));
        }
      }
    }
    return tests.stream();
  }

  /** The newest release has every field of the model: none is left out there. */
  @Test
  void theLatestReleaseCarriesEveryField() {
    for (Class<? extends Mm7Message> type : MessageFiller.builtTypes()) {
      Map<Field, Object> values = encodable(Mm7Release.latest(), type, 7);
      Set<String> all = new TreeSet<>();
      values.keySet().forEach(f -> all.add(f.getName()));
      assertEquals(all, new TreeSet<>(carried(Mm7Release.latest(), type, values)), type.getSimpleName());
    }
  }

  /**
   * Filled values whose required fields the release can carry (an open value such as MMStatus may
   * be one the release's schema does not list): the first seed from the given one that gives such.
   */
  private Map<Field, Object> encodable(Mm7Release release, Class<?> type, long seed) {
    for (long s = seed; s < seed + 100; s++) {
      Map<Field, Object> values = new MessageFiller(s).values(type);
      Set<String> required = required(type, values);
      try {
        codec.encode(Mm7Envelope.of("t", release,
            (Mm7Message) MessageFiller.build(type, values, f -> required.contains(f.getName()))));
        return values;
      } catch (Mm7EncodeException e) {
        // another seed
      }
    }
    throw new AssertionError("no seed gives an encodable " + type.getSimpleName() + " in " + release);
  }

  private static Set<String> required(Class<?> type, Map<Field, Object> values) {
    Set<String> required = new TreeSet<>();
    for (Field f : values.keySet()) {
      try {
        MessageFiller.build(type, values, g -> !g.equals(f));
      } catch (IllegalStateException | NullPointerException e) {
        // a built class says IllegalStateException, a record's constructor NullPointerException
        required.add(f.getName());
      }
    }
    return required;
  }

  /**
   * The fields the release carries: the required ones, and each optional one with which the
   * required ones still encode (the encoder refuses an element the release's schema lacks).
   */
  private Set<String> carried(Mm7Release release, Class<?> type, Map<Field, Object> values) {
    Set<String> required = required(type, values);
    Set<String> carried = new TreeSet<>(required);
    for (Field f : values.keySet()) {
      Predicate<Field> with = g -> required.contains(g.getName()) || g.equals(f);
      try {
        codec.encode(Mm7Envelope.of("t", release, (Mm7Message) MessageFiller.build(type, values, with)));
        carried.add(f.getName());
      } catch (Mm7EncodeException e) {
        // the release has no such element
      }
    }
    return carried;
  }

  private void roundTrip(Mm7Release release, Mm7Message message) throws Exception {
    EncodedMessage encoded = codec.encode(Mm7Envelope.of("tx-1", release, message));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    encoded.writeTo(body);
    try (DecodedMessage d = codec.decode(encoded.contentType(), new ByteArrayInputStream(body.toByteArray()))) {
      assertEquals(List.of(), d.findings(), "findings of " + message);
      assertEquals(CodecRoundTripTest.withoutContent(message), CodecRoundTripTest.withoutContent(d.message()));
      MimePart sent = Mm7Codec.contentOf(message);
      MimePart got = Mm7Codec.contentOf(d.message());
      assertEquals(sent == null, got == null, "content present on both sides");
      if (sent != null) {
        CodecRoundTripTest.assertSameLeaves(sent, got);
      }
    }
  }

  private static Mm7Operation operationOf(Class<?> type) {
    // operation() is a constant of the class: read it from a filled message
    return ((Mm7Message) MessageFiller.build(type, new MessageFiller(1).values(type), f -> true)).operation();
  }
}
