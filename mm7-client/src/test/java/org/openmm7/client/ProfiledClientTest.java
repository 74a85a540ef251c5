package org.openmm7.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Priority;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/** Mm7Client with a Profile: what the profile sets, what explicit options override, splitting and stripping. */
class ProfiledClientTest {
  @RegisterExtension
  static WireMockExtension relay = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1).containerThreads(8))
      .build();

  private static final Profile SINCH = Profile.builtIn("sinch").orElseThrow();
  private static final Profile MBUNI = Profile.builtIn("mbuni").orElseThrow();
  private final List<Mm7Client> clients = new ArrayList<>();

  private Mm7Client client(Mm7Client.Builder b) {
    Mm7Client c = b.transactionIds(() -> "tx").connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5))
        .build();
    clients.add(c);
    return c;
  }

  private static Mm7Client.Builder builder() {
    return Mm7Client.builder(URI.create(relay.baseUrl() + "/mm7")).vaspId("acme");
  }

  @AfterEach
  void close() {
    clients.forEach(Mm7Client::close);
  }

  private static void answer(String... messageIds) {
    String state = Scenario.STARTED;
    for (int i = 0; i < messageIds.length; i++) {
      String next = "after-" + i;
      relay.stubFor(post(urlEqualTo("/mm7")).inScenario("ids").whenScenarioStateIs(state).willSetStateTo(next)
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml; charset=utf-8")
              .withBody(Replies.submitRsp("tx", 1000, messageIds[i]))));
      state = next;
    }
  }

  private static List<String> bodies() {
    List<String> out = new ArrayList<>();
    for (LoggedRequest r : relay.findAll(postRequestedFor(urlEqualTo("/mm7")))) {
      out.add(r.getBodyAsString());
    }
    return out;
  }

  private static SubmitRequest withSmil(Recipients to) {
    return SubmitRequest.builder().recipients(to).subject("Hi").priority(Priority.HIGH)
        .content(Smil.presentation(TextPart.of("Hello"))).build();
  }

  @Test
  void theProfileSetsReleaseVersionSoapActionAndExpectContinue() throws Exception {
    answer("m1", "m2");
    Mm7Client mbuni = client(builder().profile(MBUNI));
    assertEquals(Mm7Release.REL_5_MM7_1_0, mbuni.release());
    mbuni.submit(Replies.submit());
    String body = bodies().get(0);
    assertTrue(body.contains(Mm7Release.REL_5_MM7_1_0.namespace()), body);
    assertTrue(body.contains(">5.3.0<"), body);
    relay.verify(postRequestedFor(urlEqualTo("/mm7")).withHeader("SOAPAction", equalTo("\"\"")));

    relay.resetRequests();
    client(builder().profile(SINCH)).submit(withSmil(Recipients.to(Address.number("+447700900123"))));
    relay.verify(postRequestedFor(urlEqualTo("/mm7"))
        .withHeader("SOAPAction", equalTo("\"" + Mm7Release.REL_6_MM7_1_4.namespace() + "\""))
        .withHeader("Expect", equalTo("100-continue")));
  }

  @Test
  void explicitOptionsWinWhateverTheOrder() throws Exception {
    answer("m1", "m2", "m3");
    // set before the profile
    Mm7Client a = client(builder().release(Mm7Release.REL_5_MM7_1_2).soapAction(SoapActionStyle.EMPTY)
        .expectContinue(false).profile(SINCH));
    // set after it
    Mm7Client b = client(builder().profile(SINCH).release(Mm7Release.REL_5_MM7_1_2).soapAction(SoapActionStyle.EMPTY)
        .expectContinue(false));
    for (Mm7Client c : List.of(a, b)) {
      assertEquals(Mm7Release.REL_5_MM7_1_2, c.release());
      assertEquals("5.3.0", c.mm7Version(), "the explicit release's version, not the profile's 6.8.0");
      assertEquals(SINCH, c.profile().orElseThrow());
    }
    a.submit(withSmil(Recipients.to(Address.number("+447700900123"))));
    b.submit(withSmil(Recipients.to(Address.number("+447700900123"))));
    for (LoggedRequest r : relay.findAll(postRequestedFor(urlEqualTo("/mm7")))) {
      assertEquals("\"\"", r.getHeader("SOAPAction"));
      assertFalse(r.containsHeader("Expect"));
      assertTrue(r.getBodyAsString().contains(Mm7Release.REL_5_MM7_1_2.namespace()));
    }
    Mm7Client versioned = client(builder().profile(MBUNI).mm7Version("5.2.0"));
    assertEquals(Mm7Release.REL_5_MM7_1_0, versioned.release(), "from the profile");
    assertEquals("5.2.0", versioned.mm7Version(), "explicit");
    assertEquals("6.8.0", client(builder()).mm7Version(), "no profile: the defaults");
    assertTrue(client(builder()).profile().isEmpty());
  }

  @Test
  void submitEachSplitsAndKeepsEveryMessageId() throws Exception {
    answer("m1", "m2", "m3");
    Mm7Client c = client(builder().profile(SINCH));
    Recipients three = Recipients.builder().to(Address.number("+447700900001"), Address.number("447700900002"))
        .cc(Address.number("+447700900003")).build();
    SubmitResult result = c.submitEach(withSmil(three));
    assertEquals(List.of("m1", "m2", "m3"), result.messageIds());
    assertTrue(result.isAccepted());
    assertEquals(List.of(), result.stripped(), "the built-in sinch strips nothing");
    List<String> bodies = bodies();
    assertEquals(3, bodies.size());
    for (int i = 0; i < 3; i++) {
      String body = bodies.get(i);
      assertTrue(body.contains("44770090000" + (i + 1)), body);
      assertFalse(body.contains("+44770090000"), "numbers without +: " + body);
    }
    assertTrue(bodies.get(2).contains("Cc>") && !bodies.get(2).contains("To>"), "a Cc stays a Cc");
    assertEquals(Recipients.builder().cc(Address.number("447700900003")).build(), result.parts().get(2).recipients());

    Mm7EncodeException e = assertThrows(Mm7EncodeException.class, () -> c.submit(withSmil(three)));
    assertTrue(e.getMessage().contains("at most 1 recipient(s) per SubmitReq and this one has 3: submitEach"),
        e.getMessage());
  }

  @Test
  void aPartThatFailsDoesNotStopTheOthers() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7")).inScenario("f").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("2")
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml")
            .withBody(Replies.rsError("tx", 2002, "Address error", null))));
    relay.stubFor(post(urlEqualTo("/mm7")).inScenario("f").whenScenarioStateIs("2")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
            .withBody(Replies.submitRsp("tx", 1000, "m2"))));
    SubmitResult r = client(builder().profile(SINCH)).submitEach(withSmil(Recipients.to(Address.number("1"),
        Address.number("2"))));
    assertFalse(r.isAccepted());
    assertEquals(List.of("m2"), r.messageIds());
    assertInstanceOf(Mm7StatusException.class, r.failures().get(0));
    assertEquals(2002, ((Mm7StatusException) r.failures().get(0)).status().code());
  }

  @Test
  void strippingSaysWhatItStripped() throws Exception {
    answer("m1");
    Profile picky = SINCH.toBuilder().name("picky").strippedElements("Priority", "ReplyCharging", "Subject").build();
    SubmitResult r = client(builder().profile(picky)).submitEach(withSmil(Recipients.to(Address.number("+1555"))));
    assertEquals(List.of("Priority", "Subject"), r.stripped(), "what the request had, not what it could have had");
    String body = bodies().get(0);
    assertFalse(body.contains("Priority"), body);
    assertFalse(body.contains("<Subject"), body);
  }

  @Test
  void aRelayThatRequiresSmilIsNotSentAMessageWithout() {
    Mm7Client c = client(builder().profile(SINCH));
    Mm7EncodeException e = assertThrows(Mm7EncodeException.class, () -> c.submit(Replies.submit()));
    assertTrue(e.getMessage().contains("requires a SMIL presentation"), e.getMessage());
    assertThrows(Mm7EncodeException.class, () -> c.submitEach(Replies.submit()));
    assertEquals(0, relay.findAll(postRequestedFor(urlEqualTo("/mm7"))).size(), "nothing sent");
  }

  @Test
  void withoutAProfileSubmitEachSendsOneRequest() throws Exception {
    answer("m1");
    SubmitResult r = client(builder()).submitEach(withSmil(Recipients.to(Address.number("+1"), Address.number("+2"))));
    assertEquals(List.of("m1"), r.messageIds());
    assertTrue(bodies().get(0).contains("+1") && bodies().get(0).contains("+2"), "numbers as given");
  }
}
