package org.openmm7.client.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.SampleMessages;
import org.openmm7.client.inbound.Mm7InboundServerTest.Recorder;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.testing.JdkHttp;
import org.openmm7.schema.Mm7Release;

/**
 * The endpoint authenticates as relays do: a bare 401 with a challenge before the body is read,
 * Basic, Digest and Bearer, checked with the JDK's own HTTP client (an implementation independent
 * of this project) as well as with {@link Mm7Client}.
 */
class InboundAuthenticationTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Mm7InboundServer start(Recorder recorder, Credentials credentials) throws Exception {
    Mm7InboundServer s = Mm7InboundServer.builder(recorder).host("127.0.0.1").credentials(credentials).start();
    open.add(s);
    return s;
  }

  static byte[] readReply(String tx) throws Exception {
    EncodedMessage e = Mm7InboundServerTest.CODEC.encode(Mm7Envelope.of(tx, Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void missingAndWrongCredentialsGetABare401WithAChallenge() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder, Credentials.basic("relay", "s3cret"));
    byte[] body = readReply("tx-1");
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", basic("relay", "wrong")},
        new String[] {"Authorization", "Bearer s3cret"})) {
      Mm7InboundServerTest.Answer a = Mm7InboundServerTest.post(server.endpoint(), "text/xml; charset=utf-8", body,
          headers);
      assertEquals(401, a.status());
      assertEquals("Basic realm=\"MM7\", charset=\"UTF-8\"", a.wwwAuthenticate());
      assertTrue(a.contentType().startsWith("text/plain"), a.contentType());
      assertEquals("missing or wrong credentials\n", a.text(), "a short text, no HTML, no SOAP fault");
    }
    assertTrue(recorder.seen.isEmpty());
  }

  @Test
  void basicAndDigestWorkWithTheJdksOwnClient() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer basic = start(recorder, Credentials.basic("relay", "s3cret"));
    assertEquals(200, JdkHttp.post(basic.endpoint(), "relay", "s3cret", "text/xml; charset=utf-8", readReply("jdk-1")));
    assertEquals(401, JdkHttp.post(basic.endpoint(), "relay", "wrong", "text/xml; charset=utf-8", readReply("jdk-2")));
    Mm7InboundServer digest = start(recorder, Credentials.digest("relay", "s3cret"));
    assertEquals(200, JdkHttp.post(digest.endpoint(), "relay", "s3cret", "text/xml; charset=utf-8", readReply("jdk-3")));
    assertEquals(200, JdkHttp.post(digest.endpoint(), "relay", "s3cret", "text/xml; charset=utf-8", readReply("jdk-4")));
    assertEquals(401, JdkHttp.post(digest.endpoint(), "relay", "wrong", "text/xml; charset=utf-8", readReply("jdk-5")));
    assertEquals(401, JdkHttp.post(digest.endpoint(), "intruder", "s3cret", "text/xml; charset=utf-8", readReply("jdk-6")));
    assertEquals(3, recorder.seen.size(), "the three right ones reached the handler");
  }

  @Test
  void digestWorksWithTheProjectsClient() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder, Credentials.digest("relay", "p\u00e4ss"));
    Mm7Request req = (Mm7Request) SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest());
    try (Mm7Client relay = Mm7Client.builder(server.endpoint()).credentials(Credentials.digest("relay", "p\u00e4ss"))
        .build()) {
      assertEquals(Mm7Operation.READ_REPLY_RSP, relay.send(req, "tx-d1").operation());
      assertEquals(Mm7Operation.READ_REPLY_RSP, relay.send(req, "tx-d2").operation());
    }
    try (Mm7Client relay = Mm7Client.builder(server.endpoint()).credentials(Credentials.digest("relay", "wrong"))
        .build()) {
      Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> relay.send(req, "tx-d3"));
      assertEquals(401, e.httpStatus().getAsInt());
    }
    try (Mm7Client relay = Mm7Client.builder(server.endpoint()).credentials(Credentials.basic("relay", "p\u00e4ss"))
        .build()) {
      assertThrows(Mm7TransportException.class, () -> relay.send(req, "tx-d4"), "Basic is not Digest");
    }
    assertEquals(2, recorder.seen.size());
  }

  @Test
  void aWrongBearerTokenIsABare401WithABearerChallenge() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder, Credentials.bearer("t0k3n"));
    Mm7InboundServerTest.Answer a = Mm7InboundServerTest.post(server.endpoint(), "text/xml", readReply("b-1"),
        "Authorization", "Bearer t0k3m");
    assertEquals(401, a.status());
    assertEquals("Bearer realm=\"MM7\"", a.wwwAuthenticate());
    assertEquals(200, Mm7InboundServerTest.post(server.endpoint(), "text/xml", readReply("b-2"),
        "Authorization", "Bearer t0k3n").status());
  }

  @Test
  void credentialsAreCheckedBeforeTheBodyIsRead() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder, Credentials.digest("relay", "s3cret"));
    URI uri = server.endpoint();
    // a megabyte announced and never sent: the answer cannot wait for it
    String answer = JdkHttp.raw(uri, "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n<?xml");
    assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
    assertTrue(answer.contains("WWW-Authenticate: Digest realm=\"MM7\", qop=\"auth\", algorithm=SHA-256"), answer);
    assertTrue(answer.contains("WWW-Authenticate: Digest realm=\"MM7\", qop=\"auth\", algorithm=MD5"), answer);
    assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    assertFalse(answer.contains("<html") || answer.contains("Envelope"), answer);
    assertTrue(recorder.seen.isEmpty());
  }

  @Test
  void twoAuthorizationHeadersAreABadRequest() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder, Credentials.basic("relay", "s3cret"));
    URI uri = server.endpoint();
    byte[] body = readReply("two");
    String answer = JdkHttp.raw(uri, "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: text/xml\r\nAuthorization: " + basic("relay", "wrong") + "\r\nAuthorization: "
        + basic("relay", "s3cret") + "\r\nContent-Length: " + body.length + "\r\n\r\n"
        + new String(body, StandardCharsets.ISO_8859_1));
    assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
    assertTrue(recorder.seen.isEmpty(), "the last header does not win");
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
