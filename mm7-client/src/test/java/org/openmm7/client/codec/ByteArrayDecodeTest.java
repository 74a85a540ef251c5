package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.internal.mime.HttpMessageReader;
import org.openmm7.client.internal.mime.RecordingInput;
import org.openmm7.client.internal.mime.SegmentedRecording;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * {@link Mm7Codec#decode(String, byte[])}: the same result as the stream entry, parts that are
 * views of the caller's array, no temporary file, checked bounds. A body recorded as it is read
 * (the stub's {@link RecordingInput}) gives the same results too.
 */
class ByteArrayDecodeTest {
  @TempDir Path temp;

  private Mm7Codec codec() {
    return Mm7Codec.builder().tempDirectory(temp).build();
  }

  /** Every golden file: the array entry (whole array, and a range of a larger one) agrees with the stream entry. */
  @TestFactory
  Stream<DynamicTest> goldenCorpusDecodesAsFromAStream() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GoldenCorpusTest.corpus().resolve("golden"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
        tests.add(DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(), () -> sameBothWays(f)));
      }
    }
    assertTrue(tests.size() >= 100, "golden files: " + tests.size());
    return tests.stream();
  }

  private void sameBothWays(Path file) throws IOException {
    HttpMessageReader.HttpMessage http = HttpMessageReader.read(Files.newInputStream(file), new Findings());
    String type = http.head().first("Content-Type").orElse(null);
    byte[] body;
    try (InputStream in = http.body()) {
      body = in.readAllBytes();
    }
    byte[] padded = new byte[body.length + 70];
    new Random(1).nextBytes(padded);
    System.arraycopy(body, 0, padded, 33, body.length);
    Mm7Codec codec = codec();
    try (DecodedMessage s = codec.decode(type, new ByteArrayInputStream(body));
        DecodedMessage a = codec.decode(type, body);
        DecodedMessage r = codec.decode(type, padded, 33, body.length);
        DecodedMessage g = codec.decode(type, recording(body))) {
      for (DecodedMessage d : List.of(a, r, g)) {
        assertEquals(s.envelope().transactionId(), d.envelope().transactionId());
        assertEquals(s.envelope().release(), d.envelope().release());
        assertEquals(s.namespace(), d.namespace());
        assertEquals(s.findings(), d.findings());
        assertEquals(CodecRoundTripTest.withoutContent(s.message()), CodecRoundTripTest.withoutContent(d.message()));
        assertArrayEquals(s.soapPart(), d.soapPart());
        assertEquals(s.content().isPresent(), d.content().isPresent());
        if (s.content().isPresent()) {
          CodecRoundTripTest.assertSameLeaves(s.content().get(), d.content().get());
        }
      }
    }
    try (Stream<Path> left = Files.list(temp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static EncodedMessage submitWith(MimePart content) throws Mm7EncodeException {
    SubmitRequest submit = SubmitRequest.builder()
        .vaspId("v").vasId("s").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001")))
        .content(content, true)
        .build();
    return Mm7Codec.lenient().encode(Mm7Envelope.of("tx-1", Mm7Release.REL_6_MM7_1_4, submit));
  }

  private static byte[] bytes(EncodedMessage e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aBinaryAttachmentIsAViewOfTheArrayNotACopy() throws IOException {
    byte[] video = payload(3 << 20); // above the memory threshold: a stream decode would spill it
    EncodedMessage e = submitWith(BinaryPart.wrap(video, "video/mp4"));
    byte[] wire = bytes(e);
    int at = indexOf(wire, Arrays.copyOf(video, 64));
    assertTrue(at > 0);
    try (DecodedMessage d = codec().decode(e.contentType(), wire)) {
      BinaryPart part = assertInstanceOf(BinaryPart.class, d.content().orElseThrow());
      assertEquals(video.length, part.size().orElseThrow());
      assertArrayEquals(video, part.bytes());
      wire[at] ^= 0x55; // the part sees the caller's array change: it is a view
      wire[at + video.length - 1] ^= 0x55;
      byte[] now = part.bytes();
      assertEquals((byte) (video[0] ^ 0x55), now[0]);
      assertEquals((byte) (video[video.length - 1] ^ 0x55), now[video.length - 1]);
      assertEquals(video[1], now[1]);
      try (Stream<Path> files = Files.list(temp)) {
        assertEquals(0, files.count(), "nothing spilled");
      }
    }
  }

  @Test
  void aBase64AttachmentAboveTheThresholdStaysInMemory() throws IOException {
    byte[] image = payload(700_000);
    String body = "--BB\r\nContent-Type: text/xml; charset=utf-8\r\nContent-ID: <soap>\r\n\r\n"
        + new String(soapOf(), StandardCharsets.UTF_8)
        + "\r\n--BB\r\nContent-Type: image/png\r\nContent-ID: <img>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(image) + "\r\n--BB--\r\n";
    String type = "multipart/related; type=\"text/xml\"; start=\"<soap>\"; boundary=BB";
    byte[] wire = body.getBytes(StandardCharsets.ISO_8859_1);
    try (DecodedMessage d = codec().decode(type, wire)) {
      assertArrayEquals(image, ((BinaryPart) d.content().orElseThrow()).bytes());
      try (Stream<Path> files = Files.list(temp)) {
        assertEquals(0, files.count(), "nothing spilled");
      }
    }
    try (DecodedMessage d = Mm7Codec.builder().tempDirectory(temp).memoryBudget(0).build()
        .decode(type, new ByteArrayInputStream(wire))) {
      assertArrayEquals(image, ((BinaryPart) d.content().orElseThrow()).bytes());
      try (Stream<Path> files = Files.list(temp)) {
        assertEquals(1, files.count(), "the stream entry without a budget spills it");
      }
    }
  }

  /** The SOAP envelope of a SubmitReq whose content is cid:img. */
  private static byte[] soapOf() throws IOException {
    SubmitRequest submit = SubmitRequest.builder()
        .vaspId("v").vasId("s").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001")))
        .content(BinaryPart.wrap(new byte[1], "image/png").withContentId("img"), true)
        .build();
    return Mm7Codec.lenient().encode(Mm7Envelope.of("tx-1", Mm7Release.REL_6_MM7_1_4, submit)).soapEnvelope();
  }

  @Test
  void rangesAreChecked() throws IOException {
    byte[] wire = bytes(submitWith(BinaryPart.wrap(payload(10), "image/png")));
    Mm7Codec codec = codec();
    assertThrows(IndexOutOfBoundsException.class, () -> codec.decode("text/xml", wire, -1, 10));
    assertThrows(IndexOutOfBoundsException.class, () -> codec.decode("text/xml", wire, 0, wire.length + 1));
    assertThrows(IndexOutOfBoundsException.class, () -> codec.decode("text/xml", wire, wire.length, 1));
    assertThrows(NullPointerException.class, () -> codec.decode("text/xml", (byte[]) null));
    Mm7DecodeException tooBig = assertThrows(Mm7DecodeException.class,
        () -> Mm7Codec.builder().maxMessageSize(100).build().decode("text/xml", wire));
    assertEquals("size-limit-exceeded", tooBig.reason());
  }

  /** Truncated, empty and garbled bodies: the same typed reason as the stream entry, never another exception. */
  @Test
  void brokenBodiesFailAsFromAStream() throws IOException {
    EncodedMessage e = submitWith(BinaryPart.wrap(payload(300_000), "image/png"));
    byte[] wire = bytes(e);
    Random random = new Random(5);
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(new byte[0]);
    for (int cut : new int[] {1, 40, 200, 700, wire.length / 2, wire.length - 3}) {
      bodies.add(Arrays.copyOf(wire, cut));
    }
    for (int i = 0; i < 30; i++) {
      byte[] b = wire.clone();
      for (int k = 0; k < 1 + random.nextInt(20); k++) {
        b[random.nextInt(Math.min(b.length, 2000))] = (byte) random.nextInt(256);
      }
      bodies.add(b);
    }
    for (String type : new String[] {e.contentType(), "text/xml", "multipart/related", null}) {
      for (byte[] b : bodies) {
        String fromStream = outcome(() -> codec().decode(type, new ByteArrayInputStream(b)));
        assertEquals(fromStream, outcome(() -> codec().decode(type, b)), type + ", " + b.length + " bytes");
        assertEquals(fromStream, outcome(() -> codec().decode(type, recording(b))), type + ", " + b.length + " bytes");
      }
    }
  }

  /** The body as a recording that receives it in pieces of up to 5,000 bytes. */
  private static RecordingInput recording(byte[] body) {
    return new SegmentedRecording(body, new Random(body.length), 5000);
  }

  private interface Decode {
    DecodedMessage run() throws IOException;
  }

  private static String outcome(Decode d) {
    try (DecodedMessage m = d.run()) {
      return "accepted " + m.findings();
    } catch (Mm7DecodeException e) {
      return e.reason();
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("not an Mm7DecodeException: " + e, e);
    }
  }
}
