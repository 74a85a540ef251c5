package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A client of an http:// relay sets no TLS up (an SSLContext loads some 640 classes, 3 MB of
 * metaspace, and a trust store's certificates, per client and per peer the stub pushes to): TLS
 * options it cannot use do not stop it, while an https:// client still refuses them at build.
 */
class PlainHttpNeedsNoTlsTest {
  /** TLS options whose SSLContext cannot be made: a key store opened with the wrong password. */
  private static TlsOptions unusable() throws Exception {
    return TlsOptions.builder().keyStore(TestCertificates.create("client").keyStore(), "wrong".toCharArray()).build();
  }

  @Test
  void anHttpClientIsBuiltWithoutSettingTlsUp() throws Exception {
    try (Mm7Client client = Mm7Client.builder(URI.create("http://127.0.0.1:9/mm7")).tls(unusable()).build()) {
      assertTrue(client != null);
    }
  }

  @Test
  void anHttpsClientStillRefusesTlsItCannotSetUp() throws Exception {
    TlsOptions tls = unusable();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mm7Client.builder(URI.create("https://127.0.0.1:9/mm7")).tls(tls).build().close());
    assertTrue(e.getMessage().startsWith("cannot set up TLS"), e.getMessage());
  }
}
