package org.openmm7.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The version comes from the build (the pom's), not from a constant in the code. */
class LibraryVersionTest {
  @RegisterExtension
  static WireMockExtension relay = WireMockExtension.newInstance()
      .options(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1)).build();

  private static String pomVersion() {
    String v = System.getProperty("openmm7.expectedVersion");
    assertNotNull(v, "the build passes the pom's version as openmm7.expectedVersion");
    return v;
  }

  @Test
  void versionIsThePomVersion() {
    assertEquals(pomVersion(), Mm7Client.version());
  }

  @Test
  void userAgentCarriesTheVersion() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/xml; charset=utf-8").withBody(Replies.submitRsp("tx", 1000, "m"))));
    try (Mm7Client client = Mm7Client.builder(URI.create(relay.baseUrl() + "/mm7")).build()) {
      client.submit(Replies.submit(), "tx");
    }
    relay.verify(postRequestedFor(urlEqualTo("/mm7")).withHeader("User-Agent", equalTo("OpenMM7/" + pomVersion())));
  }
}
