package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Credentials;
import org.openmm7.client.Credentials.Scheme;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;

/**
 * One credentials type on every side: the value a client sends is the value the stub's account
 * accepts and the value the inbound endpoint accepts; the stub's pushes send it too, Digest
 * included (answered after the VASP's challenge).
 */
class OneCredentialsTest {

  static String submit(URI endpoint, Credentials credentials) throws Exception {
    try (Mm7Client c = Mm7Client.builder(endpoint).vaspId("acme").credentials(credentials)
        .callTimeout(Duration.ofSeconds(10)).build()) {
      return c.submit(SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001")))
          .content(TextPart.of("hello")).build()).messageId();
    }
  }

  static int refusedWith(URI endpoint, Credentials credentials) {
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> submit(endpoint, credentials));
    return e.httpStatus().orElse(0);
  }

  @Test
  void eachSchemeThroughTheOneType() throws Exception {
    List<Credentials> each = List.of(Credentials.basic("acme", "s3cret"), Credentials.digest("acme", "s3cret"),
        Credentials.builder().username("acme").token("t0ken").build());
    for (Credentials c : each) {
      // the stub accepts exactly what the client sends: the same value
      try (Mm7StubServer stub = Mm7StubServer.builder().accounts(Account.of(c)).build().start()) {
        assertNotNull(submit(stub.endpoint(), c), c.toString());
        assertEquals("acme", stub.requests().get(0).vaspId(), c.toString());
        Credentials wrong = c.token() != null ? Credentials.bearer("other")
            : c.allows(Scheme.DIGEST) ? Credentials.digest("acme", "wrong") : Credentials.basic("acme", "wrong");
        assertEquals(401, refusedWith(stub.endpoint(), wrong), c.toString());
        assertEquals(401, refusedWith(stub.endpoint(), Credentials.none()), c.toString());
        assertEquals(1, stub.requests().size(), "refused requests are not recorded");
      }
    }
  }

  @Test
  void anAccountsSchemesAreTheCredentialsSchemes() throws Exception {
    Credentials basicOnly = Credentials.builder().username("acme").password("pw").schemes(Scheme.BASIC).build();
    try (Mm7StubServer stub = Mm7StubServer.builder().accounts(Account.of(basicOnly)).build().start()) {
      assertNotNull(submit(stub.endpoint(), Credentials.basic("acme", "pw")));
      // the right password, but a scheme the account does not allow
      assertEquals(401, refusedWith(stub.endpoint(), Credentials.digest("acme", "pw")));
    }
  }

  /** A VASP endpoint that accepts DeliverReqs (only with its credentials) and counts them. */
  static final class Vasp implements Mm7InboundHandler {
    final List<String> users = new CopyOnWriteArrayList<>();

    @Override
    public DeliverResponse deliver(DeliverRequest r, InboundContext ctx) {
      users.add(ctx.transactionId());
      return new DeliverResponse(ResponseStatus.SUCCESS, null);
    }
  }

  static DeliverRequest mo() {
    return DeliverRequest.builder().sender(Address.number("+447000000005"))
        .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("hello")).build();
  }

  static PushRecord push(URI vaspUrl, Credentials pushCredentials) throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().accounts(new Account("acme", "pw").withPushUrl(vaspUrl)
        .withPushCredentials(pushCredentials)).pushRetrySchedule(List.of()).build().start()) {
      return stub.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void pushesAnswerAVaspsDigestChallenge() throws Exception {
    Vasp handler = new Vasp();
    Credentials relay = Credentials.digest("relay", "push-s3cret");
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").credentials(relay).start()) {
      assertEquals(PushRecord.State.DELIVERED, push(vasp.endpoint(), relay).state());
      assertEquals(1, handler.users.size());
      PushRecord wrong = push(vasp.endpoint(), Credentials.digest("relay", "wrong"));
      assertEquals(PushRecord.State.FAILED, wrong.state());
      assertEquals(401, wrong.attempts().get(0).httpStatus());
      // Basic is not what this VASP accepts, however right the password
      assertEquals(PushRecord.State.FAILED, push(vasp.endpoint(), Credentials.basic("relay", "push-s3cret")).state());
      assertEquals(1, handler.users.size());
    }
  }

  @Test
  void pushesSendBasicAndBearerFromTheSameType() throws Exception {
    for (Credentials c : List.of(Credentials.basic("relay", "p@ss:word"), Credentials.bearer("push-t0ken"))) {
      Vasp handler = new Vasp();
      try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").credentials(c).start()) {
        assertEquals(PushRecord.State.DELIVERED, push(vasp.endpoint(), c).state(), c.toString());
        assertEquals(PushRecord.State.FAILED, push(vasp.endpoint(), Credentials.none()).state(), c.toString());
        assertEquals(1, handler.users.size(), c.toString());
      }
    }
  }

  @Test
  void userInfoInAPushUrlIsBasicAndIsNotKeptInTheUrl() throws Exception {
    Vasp handler = new Vasp();
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1")
        .credentials(Credentials.basic("relay", "p@ss")).start()) {
      URI withUserInfo = URI.create(vasp.endpoint().toString().replace("://", "://relay:p%40ss@"));
      assertEquals(Credentials.basic("relay", "p@ss"), Credentials.fromUserInfo(withUserInfo));
      assertEquals(vasp.endpoint(), Credentials.withoutUserInfo(withUserInfo));
      try (Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(withUserInfo).pushRetrySchedule(List.of())
          .build().start()) {
        assertEquals(vasp.endpoint(), stub.options().vaspEndpoint());
        assertEquals(PushRecord.State.DELIVERED, stub.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS).state());
      }
      assertEquals(1, handler.users.size());
    }
  }

  @Test
  void theValueItself() {
    Credentials both = Credentials.builder().username("acme").password("pw").token("tok").build();
    assertEquals(Set.of(Scheme.BASIC, Scheme.DIGEST, Scheme.BEARER), both.schemes());
    assertEquals(Scheme.BEARER, both.sentAs(), "a token is sent rather than the password");
    assertEquals(Scheme.BASIC, both.withSchemes(Scheme.BASIC, Scheme.DIGEST).sentAs());
    assertEquals(Scheme.DIGEST, Credentials.digest("a", "b").sentAs());
    assertNull(Credentials.none().sentAs());
    assertTrue(Credentials.none().isNone());
    for (Credentials c : List.of(Credentials.builder().username("acme").password("pw-S3CRET").token("tok-S3CRET")
        .build(), Credentials.basic("acme", "pw-S3CRET"), Credentials.digest("acme", "pw-S3CRET"),
        Credentials.bearer("tok-S3CRET"))) {
      assertFalse(c.toString().contains("S3CRET"), c.toString());
    }
    assertEquals(Credentials.basic("a", "b"), Credentials.basic("a", "b"));
    assertFalse(Credentials.basic("a", "b").equals(Credentials.digest("a", "b")));
    assertThrows(IllegalArgumentException.class, () -> Credentials.basic("a:b", "c"));
    assertThrows(IllegalArgumentException.class, () -> Credentials.builder().password("pw").build());
    assertThrows(IllegalArgumentException.class, () -> Credentials.builder().username("a").build());
    assertThrows(IllegalArgumentException.class, () -> Credentials.bearer(" "));
    assertThrows(IllegalArgumentException.class,
        () -> Credentials.builder().username("a").token("t").schemes(Scheme.BASIC).build());
    assertThrows(IllegalArgumentException.class, () -> Account.of(Credentials.bearer("tok")),
        "an account names its VASP");
    assertThrows(IllegalArgumentException.class, () -> Scheme.named("ntlm"));
  }
}
