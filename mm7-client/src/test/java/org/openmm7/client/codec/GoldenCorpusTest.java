package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;

/**
 * The golden corpus: what OpenMM7 writes for every operation in every namespace, as whole HTTP
 * messages in {@code src/corpus/golden}. Each file must decode to the sample it was made from,
 * validate against its XSD, and its SOAP part must be exactly what the encoder writes today.
 * Run with {@code -Dopenmm7.updateGolden=true} to rewrite the files; that run fails on purpose,
 * so a rewrite is always a visible, reviewed change.
 */
class GoldenCorpusTest {
  static final boolean UPDATE = Boolean.getBoolean("openmm7.updateGolden");
  private static final List<String> written = new ArrayList<>();
  private final Mm7Codec codec = Mm7Codec.lenient();

  static Path corpus() {
    return org.openmm7.client.hostile.HostileCorpus.corpus(); // the one place that knows where it is
  }

  @TestFactory
  Stream<DynamicTest> goldenFiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Mm7Release release : Mm7Release.values()) {
      for (Mm7Message m : SampleMessages.all(release)) {
        Path file = corpus().resolve("golden").resolve(release.releaseName())
            .resolve(m.operation().elementName() + ".http");
        tests.add(DynamicTest.dynamicTest(release.releaseName() + "/" + file.getFileName(), () -> check(release, m, file)));
      }
    }
    return tests.stream();
  }

  private void check(Mm7Release release, Mm7Message sample, Path file) throws Exception {
    Mm7Envelope envelope = Mm7Envelope.of("golden-" + sample.operation().elementName(), release, sample);
    if (UPDATE || !Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.write(file, httpMessage(codec.encode(envelope), sample));
      synchronized (written) {
        written.add(file.toString());
      }
      return;
    }
    try (InputStream in = Files.newInputStream(file); DecodedMessage d = codec.decodeCapture(in)) {
      assertEquals(List.of(), d.findings());
      assertEquals(envelope.transactionId(), d.transactionId());
      assertEquals(release, d.envelope().release());
      assertEquals(CodecRoundTripTest.withoutContent(sample), CodecRoundTripTest.withoutContent(d.message()));
      if (Mm7Codec.contentOf(sample) != null) {
        CodecRoundTripTest.assertSameLeaves(Mm7Codec.contentOf(sample), Mm7Codec.contentOf(d.message()));
      }
      String soap = new String(d.soapPart(), StandardCharsets.UTF_8);
      Mm7Schemas.schema(release).newValidator().validate(new StreamSource(new StringReader(soap)));
      byte[] fresh = SoapPartOnly.encode(codec, envelope);
      assertArrayEquals(fresh, d.soapPart(), "the encoder no longer writes " + file
          + " byte for byte; if intended, rerun with -Dopenmm7.updateGolden=true");
    }
  }

  @AfterAll
  static void failIfWritten() {
    if (!written.isEmpty()) {
      fail("golden files were (re)written: " + written.size() + " files, e.g. " + written.get(0)
          + "; review them, commit, and run again without -Dopenmm7.updateGolden");
    }
  }

  static byte[] httpMessage(EncodedMessage e, Mm7Message m) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    e.writeTo(body);
    StringBuilder head = new StringBuilder();
    boolean request = m.operation().isRequest();
    if (request) {
      boolean toVasp = m.operation().direction() == Mm7Operation.Direction.TO_VASP;
      head.append("POST ").append(toVasp ? "/vasp/mm7" : "/mm7").append(" HTTP/1.1\r\n");
      head.append("Host: ").append(toVasp ? "vasp.example.com" : "relay.example.net").append("\r\n");
      head.append("SOAPAction: \"\"\r\n");
    } else if (m instanceof ErrorResponse) {
      head.append("HTTP/1.1 500 Internal Server Error\r\n");
    } else {
      assertTrue(m instanceof Mm7Response);
      head.append("HTTP/1.1 200 OK\r\n");
    }
    head.append("Content-Type: ").append(e.contentType()).append("\r\n");
    head.append("Content-Length: ").append(body.size()).append("\r\n\r\n");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    body.writeTo(all);
    return all.toByteArray();
  }

  /** The SOAP part the encoder writes for an envelope (the content ID in it is taken from the content). */
  static final class SoapPartOnly {
    static byte[] encode(Mm7Codec codec, Mm7Envelope envelope) throws Mm7EncodeException {
      return codec.encode(envelope).soapEnvelope();
    }
  }
}
