package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** What the wire log may print of each header. */
class WireLogTest {
  @Test
  void authorizationShowsOnlyItsScheme() {
    assertEquals("Basic ****", WireLog.redact("Authorization", "Basic YWNtZTpodW50ZXIy"));
    assertEquals("Bearer ****", WireLog.redact("authorization", "Bearer tok-123"));
    String digest = WireLog.redact("Authorization", "Digest username=\"acme\", response=\"6629fae49393a05397450978507c4ef1\"");
    assertEquals("Digest ****", digest);
    assertEquals("Basic ****", WireLog.redact("Proxy-Authorization", "Basic eDp5"));
  }

  @Test
  void otherSecretsAreHiddenWhole() {
    assertEquals("****", WireLog.redact("Cookie", "session=abc"));
    assertEquals("****", WireLog.redact("X-Api-Key", "k-1"));
    assertEquals("****", WireLog.redact("X-Auth-Token", "t"));
    assertEquals("****", WireLog.redact("Authorization", "opaque-without-scheme"));
  }

  @Test
  void ordinaryHeadersAreShown() {
    assertEquals("\"\"", WireLog.redact("SOAPAction", "\"\""));
    assertEquals("text/xml", WireLog.redact("Content-Type", "text/xml"));
    assertFalse(WireLog.isSensitive("X-Carrier-Id"));
  }
}
