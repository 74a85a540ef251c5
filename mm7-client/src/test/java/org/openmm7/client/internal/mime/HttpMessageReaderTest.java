package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.internal.mime.HttpMessageReader.HttpMessage;
import org.openmm7.client.internal.mime.HttpMessageReader.Kind;

/** Captured HTTP messages: start lines, lenient heads, chunked bodies, Content-Length checks, input detection. */
class HttpMessageReaderTest {

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static List<String> codes(Findings f) {
    return f.toList().stream().map(Finding::code).toList();
  }

  @Test
  void readsARequest() throws IOException {
    Findings f = new Findings();
    HttpMessage m = HttpMessageReader.read(in(
        "POST /mm7 HTTP/1.1\r\nHost: relay\r\ncontent-type:text/xml\r\nX-Long: a\r\n  b\r\nX-Multi: 1\r\nx-multi: 2\r\nContent-Length: 4\r\n\r\n<a/>"), f);
    HttpHead h = m.head();
    assertTrue(h.isRequest());
    assertTrue(h.hasStartLine());
    assertEquals("POST", h.method());
    assertEquals("/mm7", h.target());
    assertEquals("HTTP/1.1", h.version());
    assertEquals(Optional.of("text/xml"), h.first("Content-Type"));
    assertEquals(Optional.of("a b"), h.first("x-long"));
    assertEquals(List.of("1", "2"), h.headers().all("X-MULTI"));
    assertEquals("<a/>", new String(m.body().readAllBytes(), StandardCharsets.US_ASCII));
    assertEquals(List.of(), codes(f));
  }

  @Test
  void readsAResponseWithLfLineEnds() throws IOException {
    Findings f = new Findings();
    HttpMessage m = HttpMessageReader.read(in("HTTP/1.1 500 Internal Server Error\nContent-Type: text/xml\n\n<fault/>"), f);
    assertFalse(m.head().isRequest());
    assertEquals(500, m.head().statusCode());
    assertEquals("Internal Server Error", m.head().reason());
    assertEquals("<fault/>", new String(m.body().readAllBytes(), StandardCharsets.US_ASCII));
    HttpMessage noReason = HttpMessageReader.read(in("HTTP/1.0 200\r\n\r\n"), f);
    assertEquals(200, noReason.head().statusCode());
    assertEquals("", noReason.head().reason());
  }

  @Test
  void contentLengthMismatchIsReportedAtTheEndOfTheBody() throws IOException {
    Findings f = new Findings();
    HttpMessage m = HttpMessageReader.read(in("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n<a/>"), f);
    assertTrue(f.isEmpty());
    assertEquals(4, m.body().readAllBytes().length);
    assertEquals(List.of("content-length-mismatch"), codes(f));

    Findings g = new Findings();
    HttpMessageReader.read(in("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n<a/>"), g).body().readAllBytes();
    assertEquals(List.of("content-length-mismatch"), codes(g));

    Findings h = new Findings();
    HttpMessageReader.read(in("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n<a/>"), h).body().readAllBytes();
    assertTrue(h.isEmpty());
  }

  @Test
  void chunkedBodiesAreDechunked() throws IOException {
    Findings f = new Findings();
    HttpMessage m = HttpMessageReader.read(in(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\n<a>\r\n5\r\nhello\r\n4\r\n</a>\r\n0\r\nTrailer: x\r\n\r\n"), f);
    assertEquals("<a>hello</a>", new String(m.body().readAllBytes(), StandardCharsets.US_ASCII));
    HttpMessage bad = HttpMessageReader.read(in("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), f);
    assertEquals("invalid-chunked-encoding",
        assertThrows(Mm7DecodeException.class, () -> bad.body().readAllBytes()).reason());
    HttpMessage cut = HttpMessageReader.read(in("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"), f);
    assertEquals("invalid-chunked-encoding",
        assertThrows(Mm7DecodeException.class, () -> cut.body().readAllBytes()).reason());
    assertTrue(f.isEmpty());
  }

  @Test
  void refusesWhatIsNotHttp() {
    assertEquals("invalid-http-start-line",
        assertThrows(Mm7DecodeException.class, () -> HttpMessageReader.read(in("hello world\r\n\r\n"), new Findings())).reason());
    assertEquals("invalid-http-start-line",
        assertThrows(Mm7DecodeException.class, () -> HttpMessageReader.read(in(""), new Findings())).reason());
    assertEquals("header-too-long",
        assertThrows(Mm7DecodeException.class,
            () -> HttpMessageReader.read(in("POST / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n"), new Findings())).reason());
  }

  @Test
  void detectsTheKindOfInput(@TempDir Path dir) throws IOException {
    assertEquals(Kind.HTTP, detect("POST /mm7 HTTP/1.1\r\nHost: x\r\n"));
    assertEquals(Kind.HTTP, detect("HTTP/1.1 200 OK\r\n"));
    assertEquals(Kind.MIME, detect("Content-Type: multipart/related; boundary=x\r\n\r\n"));
    assertEquals(Kind.MIME, detect("MIME-Version: 1.0\nContent-Type: text/xml\n\n<a/>"));
    assertEquals(Kind.XML, detect("<?xml version=\"1.0\"?><a/>"));
    assertEquals(Kind.XML, detect("\uFEFF  \r\n<env:Envelope/>"));
    assertEquals(Kind.UNKNOWN, detect("just some text"));
    Path file = dir.resolve("x.http");
    Files.writeString(file, "GET / HTTP/1.0\r\n\r\n");
    assertEquals(Kind.HTTP, HttpMessageReader.detect(file));
  }

  private static Kind detect(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(b));
    Kind k = HttpMessageReader.detect(in);
    assertEquals(b.length, in.readAllBytes().length, "detect leaves the stream where it was");
    assertEquals(k, HttpMessageReader.detect(b, b.length));
    return k;
  }

  @Test
  void readHeadLeavesTheStreamAtTheBodyForMimeEntities() throws IOException {
    BufferedInputStream in = new BufferedInputStream(in("Content-Type: text/xml\nMIME-Version: 1.0\n\n<a/>"));
    Kind k = HttpMessageReader.detect(in);
    HttpHead head = HttpMessageReader.readHead(in, k, MimeLimits.defaults(), new Findings());
    assertFalse(head.hasStartLine());
    assertEquals(Optional.of("text/xml"), head.first("content-type"));
    assertEquals("<a/>", new String(HttpMessageReader.body(in, head, new Findings()).readAllBytes(), StandardCharsets.US_ASCII));
  }

  @Test
  void aCapturedMultipartRequestReadsEndToEnd() throws IOException {
    String body = "--b\r\nContent-Type: text/xml\r\nContent-ID: <s>\r\n\r\n<a/>\r\n--b\r\nContent-Type: image/gif\r\nContent-ID: <g>\r\n\r\nGIF\r\n--b--\r\n";
    String capture = "POST /mm7 HTTP/1.1\r\nContent-Type: multipart/related; type=\"text/xml\"; start=\"<s>\"; boundary=b\r\n"
        + "Content-Length: " + (body.length() + 5) + "\r\n\r\n" + body;
    Findings f = new Findings();
    HttpMessage m = HttpMessageReader.read(in(capture), f);
    try (ParsedBody p = MimeReader.read(m.head().first("Content-Type").orElseThrow(), m.body(), MimeLimits.defaults(), f)) {
      assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII));
      assertEquals(1, p.attachments().size());
    }
    assertEquals(List.of("content-length-mismatch"), codes(f));
  }

  @Test
  void detectsAMultipartBodyCapturedFromItsFirstDelimiterLine() throws IOException {
    for (String start : List.of("--b\r\n", "\r\n\r\n--b \t\r\n", "\n--b\n", "\uFEFF--b\r\n")) {
      byte[] b = (start + "Content-Type: text/xml\r\n\r\n<a/>\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
      assertEquals(Kind.MULTIPART, HttpMessageReader.detect(b, b.length), start);
      InputStream in = new BufferedInputStream(new ByteArrayInputStream(b));
      assertEquals(Optional.of("b"), HttpMessageReader.inferBoundary(in), start);
      assertEquals(b.length, in.readAllBytes().length, "the stream is left where it was");
    }
    byte[] javaMail = "------=_Part_0_1.2\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Optional.of("----=_Part_0_1.2"),
        HttpMessageReader.inferBoundary(new BufferedInputStream(new ByteArrayInputStream(javaMail))));
    for (String other : List.of("POST /mm7 HTTP/1.1\r\n", "Content-Type: text/xml\r\n", "<a/>", "--\r\n",
        "--no line end", "--a\"b\r\n", "--" + "x".repeat(71) + "\r\n")) {
      byte[] b = other.getBytes(StandardCharsets.US_ASCII);
      assertTrue(HttpMessageReader.detect(b, b.length) != Kind.MULTIPART, other);
    }
  }
}
