package org.openmm7.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * Case 1 before Mm7Client existed: what Mm7Client does on a submit (encode, stream the body
 * through Apache HttpClient 5, decode the answer), written plainly. Kept as a fallback
 * ({@code --client interim}).
 */
final class InterimSubmitClient implements SubmitClient {
  private final Mm7Codec codec = Mm7Codec.lenient();
  private final CloseableHttpClient http;
  private final URI relay;

  InterimSubmitClient(URI relay, int connections) {
    this.relay = relay;
    this.http = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
        .disableAutomaticRetries().disableCookieManagement().build();
  }

  @Override
  public void submit(SubmitRequest request) throws IOException {
    EncodedMessage e = codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, request));
    HttpPost post = new HttpPost(relay);
    post.setHeader("Content-Type", e.contentType());
    post.setHeader("SOAPAction", "\"\"");
    post.setEntity(new AbstractHttpEntity((String) null, null) {
      @Override
      public InputStream getContent() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        e.writeTo(out);
      }

      @Override
      public boolean isStreaming() {
        return false;
      }

      @Override
      public long getContentLength() {
        return e.contentLength();
      }

      @Override
      public void close() {}
    });
    http.execute(post, response -> {
      String type = response.getFirstHeader("Content-Type") == null ? null
          : response.getFirstHeader("Content-Type").getValue();
      try (InputStream in = response.getEntity().getContent(); DecodedMessage d = codec.decode(type, in)) {
        if (!(d.message() instanceof SubmitResponse r) || !r.status().isSuccess()) {
          throw new IOException("HTTP " + response.getCode() + ": " + d.message());
        }
      }
      return null;
    });
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
