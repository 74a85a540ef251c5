package org.openmm7.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.openmm7.client.internal.transport.QuietConnectionFactory;

/**
 * Case 2's client: the HTTP stack Mm7Client is built on (Apache HttpClient 5 classic, a pooling
 * connection manager, keep-alive, and Mm7Client's own connections and HTTP/1 settings) POSTing
 * bytes prepared in advance; no MM7 work at all.
 */
final class RawPoster implements AutoCloseable {
  private final CloseableHttpClient http;
  private final URI target;
  private final byte[] body;
  private final String contentType;

  RawPoster(URI target, int connections, byte[] body, String contentType) {
    PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
        // the same connections and buffers as Mm7Client's: the ceiling is the best this stack does
        .setConnectionFactory(QuietConnectionFactory.create())
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10))
            .setSocketTimeout(Timeout.ofSeconds(60)).build())
        .build();
    this.http = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
        .disableCookieManagement().build();
    this.target = target;
    this.body = body;
    this.contentType = contentType;
  }

  /** POSTs the bytes; returns the response body's length. */
  long post() throws IOException {
    HttpPost post = new HttpPost(target);
    post.setHeader("Content-Type", contentType);
    post.setHeader("SOAPAction", "\"\"");
    post.setEntity(new ByteArrayEntity(body, null));
    return http.execute(post, response -> {
      if (response.getCode() != 200) {
        throw new IOException("HTTP " + response.getCode() + " from " + target + ": "
            + (response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
      }
      long n = 0;
      try (InputStream in = response.getEntity().getContent()) {
        n = in.transferTo(OutputStream.nullOutputStream());
      }
      return n;
    });
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
