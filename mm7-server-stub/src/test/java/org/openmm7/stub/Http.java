package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;

/** Test support: corpus files and java.net.http posting. */
public final class Http {
  public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static Path corpus() {
    return org.openmm7.client.hostile.HostileCorpus.corpus(); // the one place that knows where it is
  }

  /** A corpus capture split into its head's headers and its body. */
  public record Capture(Map<String, String> headers, byte[] body) {
    public String contentType() {
      return headers.get("content-type");
    }
  }

  public static Capture read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int end = -1;
    for (int i = 0; i + 3 < all.length; i++) {
      if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
        end = i;
        break;
      }
    }
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    return new Capture(headers, body);
  }

  /** What came back, decoded when it is an MM7 message. */
  public record Answer(int httpStatus, String contentType, byte[] body, Mm7Response message, String namespace,
      String transactionId) {
    public int statusCode() {
      return message.status().code();
    }

    public boolean isFault() {
      return message instanceof ErrorResponse;
    }

    @Override
    public String toString() {
      return httpStatus + " " + message + " ns=" + namespace;
    }
  }

  public static Answer post(URI uri, Path file) throws Exception {
    Capture c = read(file);
    return post(uri, c.contentType(), c.body(), null);
  }

  public static Answer post(URI uri, String contentType, byte[] body, String basicAuth) throws Exception {
    return post(uri, contentType, body, basicAuth, Duration.ofSeconds(10));
  }

  public static Answer post(URI uri, String contentType, byte[] body, String basicAuth, Duration timeout) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("SOAPAction", "\"\"");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (basicAuth != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    String ct = r.headers().firstValue("content-type").orElse(null);
    if (r.body().length == 0 || (ct != null && ct.startsWith("text/plain"))) {
      return new Answer(r.statusCode(), ct, r.body(), null, null, null); // a bare 4xx, not MM7
    }
    try (DecodedMessage d = Mm7Codec.lenient().decode(ct, new ByteArrayInputStream(r.body()))) {
      Mm7Message m = d.message();
      return new Answer(r.statusCode(), ct, r.body(), (Mm7Response) m, d.namespace(), d.transactionId());
    }
  }

  public static Answer post(URI uri, Mm7Envelope envelope, String basicAuth) throws Exception {
    return post(uri, envelope, basicAuth, Duration.ofSeconds(10));
  }

  public static Answer post(URI uri, Mm7Envelope envelope, String basicAuth, Duration timeout) throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(envelope);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    e.writeTo(out);
    return post(uri, e.contentType(), out.toByteArray(), basicAuth, timeout);
  }
}
