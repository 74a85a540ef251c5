package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;

/** What the stub sends itself (pushes, requests to a relay): encoded once, POSTed with java.net.http. */
final class PeerHttp {
  /** Made on the first push: building an HttpClient loads TLS, ~100 ms of a stub's start otherwise. */
  private volatile HttpClient client;
  private final Duration timeout;
  private final Mm7Codec reader = Mm7Codec.lenient();

  PeerHttp(Duration timeout) {
    this.timeout = timeout;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
          client = c;
        }
      }
    }
    return c;
  }

  /** An encoded request: its Content-Type and bytes. */
  record Encoded(String contentType, byte[] body) {}

  static Encoded encode(Mm7Codec encoder, Mm7Envelope envelope) throws IOException {
    EncodedMessage e = encoder.encode(envelope);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return new Encoded(e.contentType(), out.toByteArray());
  }

  /** What came back: the HTTP status and, when the body could be read as MM7, the response and its TransactionID. */
  record Answer(int httpStatus, Mm7Response response, String transactionId, String problem) {}

  CompletableFuture<Answer> post(URI target, PeerCredentials credentials, Encoded request) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Content-Type", request.contentType()).header("SOAPAction", "\"\"")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    if (credentials != null) {
      b.header("Authorization", credentials.authorizationHeader());
    }
    return client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(this::read);
  }

  private Answer read(HttpResponse<byte[]> r) {
    byte[] body = r.body();
    if (body == null || body.length == 0) {
      return new Answer(r.statusCode(), null, null, "empty body");
    }
    String ct = r.headers().firstValue("content-type").orElse(null);
    try (DecodedMessage d = reader.decode(ct, new ByteArrayInputStream(body))) {
      Mm7Message m = d.message();
      if (!(m instanceof Mm7Response)) {
        return new Answer(r.statusCode(), null, d.transactionId(), "answered with a request: "
            + m.operation().elementName());
      }
      return new Answer(r.statusCode(), (Mm7Response) m, d.transactionId(), null);
    } catch (IOException | RuntimeException e) {
      return new Answer(r.statusCode(), null, null, "unreadable answer: " + e.getMessage());
    }
  }
}
