package org.openmm7.client.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.internal.mime.HttpMessageReader;
import org.openmm7.client.internal.mime.SegmentedRecording;

/**
 * Every hostile request and response through {@link Mm7Codec#decodeCapture}: a typed
 * {@link Mm7DecodeException} with the expected reason (or a decoded message where the corpus says
 * the capture is readable), within 10 s; never another exception or error; the XXE marker never
 * shows and the canary never gets a connection.
 */
class HostileCodecTest {
  private static HostileCorpus.Traps traps;
  private static final Mm7Codec CODEC = Mm7Codec.lenient();

  @BeforeAll
  static void setUp() throws IOException {
    traps = new HostileCorpus.Traps();
  }

  @AfterAll
  static void tearDown() throws IOException {
    assertEquals(0, traps.canaryHits.get(), "the canary was connected to: an external reference was followed");
    traps.close();
  }

  @Test
  void theCorpusHasAtLeastSixtyRequestsAndTheirExpectations() throws IOException {
    List<HostileCorpus.Case> cases = HostileCorpus.requests();
    assertTrue(cases.size() >= 60, "hostile cases: " + cases.size());
    assertTrue(HostileCorpus.responses().size() >= 10);
  }

  @TestFactory
  Stream<DynamicTest> everyHostileRequestIsRefusedWithATypedReason() throws IOException {
    return HostileCorpus.requests().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, c.codec())));
  }

  @TestFactory
  Stream<DynamicTest> everyHostileResponseIsRefusedWithATypedReason() throws IOException {
    return HostileCorpus.responses().stream()
        .map(c -> DynamicTest.dynamicTest("responses/" + c.name(), () -> check(c, c.reason())));
  }

  /** Also: a library prints nothing (the JDK's parser printed its decoding errors to stderr). */
  static void check(HostileCorpus.Case c, String expected) {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    String outcome;
    try {
      outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> decode(c));
    } finally {
      System.setErr(err);
    }
    assertEquals(expected, outcome, c.name());
    // Jazzer's agent, once a fuzz test has run in this JVM, logs the classes it instruments
    String text = printed.toString(StandardCharsets.UTF_8).replaceAll("(?m)^INFO: Instrumented .*\\R?", "");
    assertEquals("", text, c.name() + " printed to stderr");
  }

  /**
   * Every hostile request whose body can be read whole (up to 32 MiB) through the entry for a body
   * in memory, and as a recording that receives it in pieces (as the stub decodes): the same
   * outcome as through the stream entry, within 10 s, never another exception.
   */
  @TestFactory
  Stream<DynamicTest> everyHostileBodyFailsTheSameFromAnArray() throws IOException {
    return HostileCorpus.requests().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      byte[] body;
      String type;
      try (InputStream in = c.open(traps).stream()) {
        HttpMessageReader.HttpMessage http = HttpMessageReader.read(in, new Findings());
        type = http.head().first("Content-Type").orElse(null);
        body = http.body().readNBytes((32 << 20) + 1);
      } catch (Mm7DecodeException e) {
        return; // the head or the framing is what is hostile: no body to decode
      }
      if (body.length > 32 << 20) {
        return;
      }
      String fromStream = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> outcome(() -> CODEC.decode(type, new ByteArrayInputStream(body)), c));
      String fromArray = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> outcome(() -> CODEC.decode(type, body), c));
      assertEquals(fromStream, fromArray, c.name());
      // as the stub decodes a body while it arrives
      String fromRecording = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> outcome(
          () -> CODEC.decode(type, new SegmentedRecording(body, new java.util.Random(body.length), 9000)), c));
      assertEquals(fromStream, fromRecording, c.name());
    }));
  }

  private interface Decode {
    DecodedMessage run() throws IOException;
  }

  private static String outcome(Decode decode, HostileCorpus.Case c) {
    try (DecodedMessage d = decode.run()) {
      String text = String.valueOf(d.message()) + d.findings() + d.envelope();
      assertFalse(text.contains(traps.marker), "the secret file was read: " + text);
      return "accepted " + d.findings();
    } catch (Mm7DecodeException e) {
      return e.reason();
    } catch (Throwable t) {
      fail(c.name() + ": not an Mm7DecodeException but " + t, t);
      return null;
    }
  }

  /** "accepted", or the reason; anything but an Mm7DecodeException fails the test. */
  private static String decode(HostileCorpus.Case c) throws IOException {
    HostileCorpus.Message m = c.open(traps);
    try (InputStream in = m.stream(); DecodedMessage d = CODEC.decodeCapture(in)) {
      String text = String.valueOf(d.message()) + d.findings() + d.envelope();
      assertFalse(text.contains(traps.marker), "the secret file was read: " + text);
      return "accepted";
    } catch (Mm7DecodeException e) {
      String text = e.getMessage() + " " + e.excerpt();
      assertFalse(text.contains(traps.marker), "the secret file was read: " + text);
      return e.reason();
    } catch (Throwable t) {
      fail(c.name() + ": not an Mm7DecodeException but " + t, t);
      return null;
    }
  }

  /** 200,000 declarations on one element: quadratic in the JDK parser (ten seconds), so refused before it. */
  @Test
  void aNamespaceDeclarationBombIsRefusedBeforeTheParserSeesIt() {
    for (String unit : new String[] {"xmlns:p%d=\"u\" ", "a%d=\"\" "}) {
      StringBuilder sb = new StringBuilder("<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body><x ");
      for (int i = 0; i < 200_000; i++) {
        sb.append(String.format(unit, i));
      }
      byte[] body = sb.append("/></env:Body></env:Envelope>").toString().getBytes(StandardCharsets.UTF_8);
      for (String charset : new String[] {"utf-8", "utf-16"}) {
        byte[] bytes = charset.equals("utf-8") ? body : new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        Mm7DecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> org.junit.jupiter.api.Assertions
            .assertThrows(Mm7DecodeException.class, () -> Mm7Codec.builder().maxSoapPartSize(8 << 20).build()
                .decode("text/xml; charset=" + charset, new java.io.ByteArrayInputStream(bytes)).close()));
        assertTrue(e.reason().startsWith("too-many-"), e.reason());
      }
    }
  }
}
