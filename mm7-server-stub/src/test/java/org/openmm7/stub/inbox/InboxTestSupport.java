package org.openmm7.stub.inbox;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/** Messages for the inbox tests, and posting them. */
final class InboxTestSupport {
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** A 1x1 GIF. */
  static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
  /** What every XSS payload sets when it runs. */
  static final String XSS_FLAG = "__openmm7Xss";

  private InboxTestSupport() {}

  static Path corpus() {
    return org.openmm7.client.hostile.HostileCorpus.corpus(); // the one place that knows where it is
  }

  static Path golden(String name) {
    return corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve(name);
  }

  static Path deviation(String name) {
    return corpus().resolve("deviations").resolve(name);
  }

  /** POSTs a corpus capture's body with its Content-Type to the MM7 endpoint; returns the HTTP status. */
  static int post(URI endpoint, Path capture) throws Exception {
    byte[] all = Files.readAllBytes(capture);
    int end = 0;
    while (!(all[end] == '\r' && all[end + 1] == '\n' && all[end + 2] == '\r' && all[end + 3] == '\n')) {
      end++;
    }
    String contentType = null;
    for (String line : new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).trim().toLowerCase(Locale.ROOT).equals("content-type")) {
        contentType = line.substring(c + 1).trim();
      }
    }
    return post(endpoint, contentType, Arrays.copyOfRange(all, end + 4, all.length), null);
  }

  static int post(URI endpoint, String contentType, byte[] body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).header("SOAPAction", "\"\"")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static int post(URI endpoint, SubmitRequest submit) throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-" + System.nanoTime(), Mm7Release.latest(), submit));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return post(endpoint, e.contentType(), out.toByteArray(), null);
  }

  static SubmitRequest.Builder submit(String subject) {
    return SubmitRequest.builder().vaspId("acme").vasId("news").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001"))).subject(subject);
  }

  /** A message with an image and a text. */
  static SubmitRequest pictureMessage(String subject, String text) {
    return submit(subject).content(Smil.presentation(
        BinaryPart.ofBytes(GIF, "image/gif").withContentLocation("dot.gif"), TextPart.of(text))).build();
  }

  /**
   * Script in the subject, a Content-Location, the SMIL presentation and a text part: each, if it
   * ran, would set {@code window.__openmm7Xss}.
   */
  static SubmitRequest hostileMessage() {
    String img = "<img src=x onerror=\"window." + XSS_FLAG + "=1\">";
    String script = "<script>window." + XSS_FLAG + "=2</script>";
    MimePart text = TextPart.of("text says " + script + img).withContentId("t1@x")
        .withContentLocation("t.txt");
    MimePart picture = BinaryPart.ofBytes(GIF, "image/gif").withContentId("i1@x")
        .withContentLocation("<img src=x onerror=window." + XSS_FLAG + "=3>.gif");
    MimePart svg = BinaryPart.ofBytes(("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>window." + XSS_FLAG
        + "=4</script></svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml").withContentId("s1@x")
        .withContentLocation("evil.svg");
    String smil = "<smil><head><script>window." + XSS_FLAG + "=5</script><layout/></head><body>"
        + "<par dur=\"5000ms\"><img src=\"cid:i1@x\" region=\"&lt;img src=x onerror=window." + XSS_FLAG + "=6&gt;\"/>"
        + "<text src=\"cid:t1@x\"/></par><par><ref src=\"cid:s1@x\"/>"
        + "<img src=\"javascript:window." + XSS_FLAG + "=7\"/></par></body></smil>";
    MimePart smilPart = TextPart.of(smil, "application/smil", StandardCharsets.UTF_8).withContentId("smil@x");
    return submit("Subject " + img + script)
        .content(Multipart.related(smilPart, picture, text, svg)).build();
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
