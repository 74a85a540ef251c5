package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;

/**
 * The forms captures are published in, read by {@link Mm7Codec#decodeCapture} as the whole HTTP
 * message would be: every multipart message of the golden corpus cut down to its body from the
 * first delimiter line (as is, after blank lines, with padded delimiter lines); bare SOAP envelopes
 * whose attachments were not captured; blank lines before the XML declaration.
 */
class CaptureFormsTest {
  private static final Mm7Codec CODEC = Mm7Codec.builder().build();
  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";\\r\\n]+)\"?");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static DecodedMessage capture(byte[] b) throws IOException {
    return CODEC.decodeCapture(new ByteArrayInputStream(b));
  }

  private static List<String> codes(DecodedMessage d) {
    return d.findings().stream().map(Finding::code).toList();
  }

  /** What must not change between the HTTP capture and its cut-down forms. */
  private static String summary(DecodedMessage d) throws IOException {
    StringBuilder b = new StringBuilder(d.message().getClass().getSimpleName()).append(' ').append(d.transactionId())
        .append(' ').append(d.namespace()).append(" soap=").append(sha(new ByteArrayInputStream(d.soapPart())));
    for (MimePart p : d.leafParts()) {
      b.append(" | ").append(p.contentType().mediaType()).append(' ').append(p.contentId().orElse("-"));
      if (p instanceof TextPart t) {
        b.append(' ').append(sha(new ByteArrayInputStream(t.text().getBytes(StandardCharsets.UTF_8))));
      } else if (p instanceof BinaryPart bin) {
        try (InputStream in = bin.openStream()) {
          b.append(' ').append(sha(in));
        }
      } else {
        b.append(' ').append(p.getClass().getSimpleName());
      }
    }
    return b.toString();
  }

  private static String sha(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(in.readAllBytes());
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> multipartGoldenFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(GoldenCorpusTest.corpus().resolve("golden"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
        String head = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
        if (head.toLowerCase().contains("multipart/")) {
          out.add(p);
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> aMultipartBodyWithoutItsHeadReadsAsTheWholeMessage() throws IOException {
    List<Path> files = multipartGoldenFiles();
    assertTrue(files.size() >= 20, "golden multipart messages: " + files.size());
    return files.stream().map(f -> DynamicTest.dynamicTest(GoldenCorpusTest.corpus().relativize(f).toString(), () -> {
      byte[] whole = Files.readAllBytes(f);
      String text = new String(whole, StandardCharsets.ISO_8859_1);
      int bodyStart = text.indexOf("\r\n\r\n") + 4;
      Matcher m = BOUNDARY.matcher(text.substring(0, bodyStart));
      assertTrue(m.find(), f.toString());
      String delimiter = "--" + m.group(1);
      String body = text.substring(text.indexOf(delimiter, bodyStart));
      String expected;
      List<String> expectedCodes;
      try (DecodedMessage d = capture(whole)) {
        expected = summary(d);
        expectedCodes = new ArrayList<>(codes(d));
      }
      expectedCodes.add(0, "boundary-inferred");
      String padded = "\r\n\r\n" + body.replace(delimiter + "\r\n", delimiter + " \t \r\n")
          .replace(delimiter + "--", delimiter + "--\t");
      for (String form : List.of(body, padded, "\r\n" + body)) {
        try (DecodedMessage d = capture(form.getBytes(StandardCharsets.ISO_8859_1))) {
          assertEquals(expected, summary(d));
          assertEquals(expectedCodes, codes(d));
        }
      }
      // pasted from a web page or a log: LF line ends throughout (text parts then differ by their CRs)
      try (DecodedMessage d = capture(body.replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1))) {
        assertEquals(expected.split(" ")[0], summary(d).split(" ")[0]);
        assertEquals(expected.split("\\|").length, summary(d).split("\\|").length, "the same parts");
        assertTrue(codes(d).containsAll(List.of("boundary-inferred", "bare-lf-line-endings")), codes(d).toString());
      }
    }));
  }

  private static final String TX = "<env:Header><mm7:TransactionID xmlns:mm7=\"NS\" env:mustUnderstand=\"1\">t-1"
      + "</mm7:TransactionID></env:Header>";
  private static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";

  private static String envelope(String body) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
        + TX + "<env:Body>" + body + "</env:Body></env:Envelope>").replace("NS", NS);
  }

  private static final String SUBMIT = "<SubmitReq xmlns=\"NS\"><MM7Version>6.8.0</MM7Version><SenderIdentification>"
      + "<VASPID>v</VASPID></SenderIdentification><Recipients><To><Number>+1</Number></To></Recipients>"
      + "<Content href=\"HREF\"/></SubmitReq>";

  @Test
  void aBoundaryIsInferredFromTheFirstDelimiterLine() throws IOException {
    String soap = envelope(SUBMIT.replace("HREF", "cid:c1"));
    for (String boundary : List.of("simple", "--=_Part_0_1.2", "with space'()+_,-./:=?", "x".repeat(70))) {
      String body = "--" + boundary + "\r\nContent-Type: text/xml\r\nContent-ID: <s>\r\n\r\n" + soap + "\r\n--" + boundary
          + "\r\nContent-Type: text/plain\r\nContent-ID: <c1>\r\n\r\nhello\r\n--" + boundary + "--\r\n";
      try (DecodedMessage d = capture(bytes(body))) {
        assertEquals(List.of("boundary-inferred"), codes(d), boundary);
        assertTrue(d.findings().get(0).message().contains("\"" + boundary + "\""), d.findings().get(0).message());
        assertEquals(1, d.leafParts().size());
      }
    }
  }

  @Test
  void aFirstLineThatIsNoDelimiterIsStillRefused() {
    for (String notADelimiter : List.of("--\r\n", "--" + "x".repeat(71) + "\r\n", "--bad\"quote\r\n", "-- \r\n")) {
      Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> capture(bytes(notADelimiter + "<a/>")).close());
      assertEquals("invalid-http-start-line", e.reason(), notADelimiter);
    }
  }

  @Test
  void aBareEnvelopeWhoseContentWasNotCapturedIsDecodedWithoutIt() throws IOException {
    for (String href : List.of("cid:content", "cid:abc@example.org", "part1")) {
      try (DecodedMessage d = capture(bytes(envelope(SUBMIT.replace("HREF", href))))) {
        assertTrue(codes(d).contains("content-not-captured"), href + ": " + codes(d));
        assertTrue(d.content().isEmpty());
        assertEquals("t-1", d.transactionId());
      }
    }
    // a URL is not content a capture could have held
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class,
        () -> capture(bytes(envelope(SUBMIT.replace("HREF", "http://evil.example/x")))).close());
    assertEquals("unresolved-content-reference", e.reason());
    // a live message without its attachments is still refused
    byte[] live = bytes(envelope(SUBMIT.replace("HREF", "cid:content")));
    e = assertThrows(Mm7DecodeException.class, () -> CODEC.decode("text/xml; charset=utf-8", live).close());
    assertEquals("unresolved-content-reference", e.reason());
  }

  @Test
  void blankLinesBeforeTheXmlDeclarationAreSkippedWithAFinding() throws IOException {
    String soap = envelope(SUBMIT.replace("<Content href=\"HREF\"/>", ""));
    for (String blanks : List.of("\n", "\r\n\r\n", "  \t", "\n    ")) {
      try (DecodedMessage d = capture(bytes(blanks + soap))) {
        assertEquals(List.of("whitespace-before-xml-declaration"), codes(d), "bare envelope after '" + blanks + "'");
      }
      try (DecodedMessage d = CODEC.decode("text/xml; charset=utf-8", bytes(blanks + soap))) {
        assertEquals(List.of("whitespace-before-xml-declaration"), codes(d), "live message");
      }
      String multipart = "--b\r\nContent-Type: text/xml\r\nContent-ID: <s>\r\n\r\n" + blanks + soap + "\r\n--b--\r\n";
      try (DecodedMessage d = CODEC.decode("multipart/related; type=\"text/xml\"; start=\"<s>\"; boundary=b",
          bytes(multipart))) {
        assertEquals(List.of("whitespace-before-xml-declaration"), codes(d), "SOAP part of a multipart");
      }
    }
    // with a byte order mark first, the blanks after it go
    byte[] bom = bytes("\uFEFF\r\n" + soap);
    try (DecodedMessage d = CODEC.decode("text/xml; charset=utf-8", bom)) {
      assertEquals(List.of("whitespace-before-xml-declaration"), codes(d));
    }
    // blanks before a root element without a declaration are legal: no finding
    try (DecodedMessage d = CODEC.decode("text/xml", bytes("\n\n" + soap.substring(soap.indexOf("<env:"))))) {
      assertEquals(List.of(), codes(d));
    }
  }
}
