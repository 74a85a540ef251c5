package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.Profile;
import org.openmm7.client.SubmitResult;
import org.openmm7.client.codec.Severity;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * Each built-in relay profile end to end: Mm7Client with the profile against the stub playing it,
 * every operation the peer takes, the delivery reports it sends, nothing refused and no violation
 * in strict mode. Then profiles that do not match, failing as the real peer would.
 */
class ProfilesEndToEndTest {
  private static final String PASSWORD = "secret-1";
  private static final String TOKEN = "token-1";

  static List<Profile> relayProfiles() {
    return Profile.builtIns().stream().filter(p -> p.role() == Profile.Role.RELAY).toList();
  }

  /** A VASP endpoint that takes every delivery report and remembers it. */
  private static final class Vasp implements Mm7InboundHandler {
    final List<DeliveryReportRequest> reports = new CopyOnWriteArrayList<>();

    @Override
    public StatusResponse deliveryReport(DeliveryReportRequest r, InboundContext context) {
      reports.add(r);
      return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
    }
  }

  private static Account account(Profile p) {
    return p.authSchemes().equals(Set.of(Profile.AuthScheme.BEARER)) ? Account.bearer("acme", TOKEN)
        : new Account("acme", PASSWORD);
  }

  private static Credentials credentials(Profile p) {
    if (p.authSchemes().isEmpty()) {
      return Credentials.none();
    }
    switch (p.authSchemes().iterator().next()) {
      case BASIC:
        return Credentials.basic("acme", PASSWORD);
      case DIGEST:
        return Credentials.digest("acme", PASSWORD);
      default:
        return Credentials.bearer(TOKEN);
    }
  }

  private static SubmitRequest message(Recipients to) {
    return SubmitRequest.builder().recipients(to).subject("profiles").deliveryReport(true)
        .content(Smil.presentation(TextPart.of("Hello from a profile"))).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("relayProfiles")
  void theClientWithAProfileTalksToTheStubPlayingIt(Profile p) throws Exception {
    Vasp handler = new Vasp();
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").start();
         Mm7StubServer stub = Mm7StubServer.builder().strict(true).profile(p).accounts(account(p))
             .vaspEndpoint(vasp.endpoint()).build().start();
         Mm7Client client = Mm7Client.builder(stub.endpoint()).profile(p).vaspId("acme").credentials(credentials(p))
             .callTimeout(Duration.ofSeconds(10)).build()) {
      Recipients two = Recipients.to(Address.number("+447700900001"), Address.number("+447700900002"));
      SubmitResult submitted = client.submitEach(message(two));
      assertTrue(submitted.isAccepted(), submitted.failures().toString());
      assertEquals(p.maxRecipients() == 1 ? 2 : 1, submitted.parts().size());
      String first = submitted.messageIds().get(0);

      if (p.supports(Mm7Operation.REPLACE_REQ)) {
        assertTrue(client.replace(ReplaceRequest.builder().messageId(first).content(TextPart.of("again"), true).build())
            .status().isSuccess());
      } else {
        assertEquals(4003, assertThrows(Mm7StatusException.class,
            () -> client.replace(ReplaceRequest.builder().messageId(first).build())).code());
      }
      if (p.supports(Mm7Operation.CANCEL_REQ)) {
        assertTrue(client.cancel(CancelRequest.builder().messageId(first).build()).status().isSuccess());
      }
      if (p.release().hasOperation("extendedReplaceReq") && p.supports(Mm7Operation.EXTENDED_REPLACE_REQ)) {
        String second = client.submitEach(message(Recipients.to(Address.number("+447700900003"))).toBuilder()
            .deliveryReport(false).build()).messageIds().get(0);
        String third = client.extendedReplace(ExtendedReplaceRequest.builder().replaceId(second)
            .content(TextPart.of("corrected"), true).build()).messageId();
        assertNotEquals(second, third);
        assertTrue(client.extendedCancel(ExtendedCancelRequest.builder().cancelId(third).build()).status().isSuccess());
      }

      // the peer's reports: its number per recipient, with its TransactionIDs
      int expected = 2 * p.deliveryReports().size();
      FakeVasp.await(expected + " delivery reports", Duration.ofSeconds(10), () -> handler.reports.size() >= expected);
      assertEquals(expected, handler.reports.size());
      List<PushRecord> reports = stub.pushes().history().stream()
          .filter(r -> r.operation() == Mm7Operation.DELIVERY_REPORT_REQ).toList();
      if (p.reportTransactionIds() == Profile.ReportTransactionIds.MESSAGE_ID) {
        assertTrue(reports.stream().allMatch(r -> r.transactionId().equals(r.messageId())), reports.toString());
      } else {
        assertEquals(reports.size(), reports.stream().map(PushRecord::transactionId).distinct().count());
      }
      for (MessageStatus status : p.deliveryReports()) {
        assertEquals(2, handler.reports.stream().filter(r -> r.mmStatus().equals(status)).count(), status.toString());
      }

      // strict, nothing refused, no violation; every answer in the peer's release
      assertFalse(stub.requests().isEmpty());
      for (RecordedRequest r : stub.requests()) {
        assertTrue(r.findings().stream().noneMatch(f -> f.problem().severity() == Severity.VIOLATION),
            r + " " + r.findings());
        if (p.supports(r.operation())) {
          assertEquals(200, r.response().httpStatus(), r.toString());
        }
        assertTrue(new String(r.response().body(), StandardCharsets.UTF_8).contains(p.release().namespace()),
            "answered in " + p.release());
        if (p.supports(r.operation())) {
          assertEquals(List.of(), ProfileMatch.departures(p, r), r.toString());
        }
      }
    }
  }

  @Test
  void sinchRefusesWhatSinchRefuses() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("sinch").orElseThrow()).build().start();
         Mm7Client plain = Mm7Client.builder(stub.endpoint()).vaspId("acme").build();
         Mm7Client chunking = Mm7Client.builder(stub.endpoint()).vaspId("acme").chunked(true).build()) {
      SubmitRequest withSmil = message(Recipients.to(Address.number("447700900001")));
      assertStatus(3003, 500, () -> plain.submit(message(Recipients.to(Address.number("447700900001"),
          Address.number("447700900002")))));
      assertStatus(2002, 500, () -> plain.submit(message(Recipients.to(Address.number("+447700900001")))));
      assertStatus(2004, 500, () -> plain.submit(withSmil.toBuilder().content(TextPart.of("no SMIL")).build()));
      Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> chunking.submit(withSmil));
      assertEquals(411, e.httpStatus().orElse(0), e.getMessage());
      assertTrue(plain.submit(withSmil).status().isSuccess(), "what it takes");
      // what a VASP written for the specification would have to change for Sinch
      ProfileMatch match = ProfileMatch.best(stub.requests(), List.of(Profile.builtIn("sinch").orElseThrow()));
      assertEquals(List.of("SOAPAction \"\" where the profile sends the namespace (4 requests)",
          "more than 1 recipient(s) in a SubmitReq (1 request)", "numbers not in the format no-plus (1 request)",
          "a SubmitReq without SMIL, which the profile's relay requires (1 request)"), match.departures());
      assertEquals("specification", stub.conformance().get("acme").profileMatch().profile(),
          "its traffic fits the specification best");
    }
  }

  @Test
  void mbuniAnswersInItsReleaseWithFaultsOver200AndChallengesInItsRealm() throws Exception {
    Profile mbuni = Profile.builtIn("mbuni").orElseThrow();
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(mbuni).accounts(new Account("acme", PASSWORD)).build()
             .start();
         Mm7Client spec = Mm7Client.builder(stub.endpoint()).vaspId("acme")
             .credentials(Credentials.basic("acme", PASSWORD)).build()) {
      String id = spec.submit(message(Recipients.to(Address.number("+447700900001")))).messageId();
      RecordedRequest submit = stub.requests().get(0);
      assertEquals(Mm7Release.REL_6_MM7_1_4, submit.release(), "the client wrote the latest release");
      String answer = new String(submit.response().body(), StandardCharsets.UTF_8);
      assertTrue(answer.contains(Mm7Release.REL_5_MM7_1_0.namespace()) && answer.contains(">5.3.0<"),
          "Mbuni answers in its own: " + answer);

      Mm7StatusException refused = assertStatus(4003, 200,
          () -> spec.extendedCancel(ExtendedCancelRequest.builder().cancelId(id).build()));
      String fault = new String(stub.requests().get(1).response().body(), StandardCharsets.UTF_8);
      assertTrue(fault.contains("env:Server</faultcode>"), "faultcode Server even for the client's error: " + fault);
      assertTrue(refused.getMessage().contains("4003"), refused.getMessage());

      HttpResponse<String> noCredentials = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stub.endpoint())
          .POST(HttpRequest.BodyPublishers.ofString("<x/>")).header("Content-Type", "text/xml").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, noCredentials.statusCode());
      List<String> challenges = noCredentials.headers().allValues("WWW-Authenticate");
      assertEquals(1, challenges.size(), "Basic only: " + challenges);
      assertTrue(challenges.get(0).startsWith("Basic realm=\"Mbuni\""), challenges.toString());
    }
  }

  @Test
  void mbuniGivesEveryReportTheMessageIdAsTransactionIdAndTheVaspTakesThemAll() throws Exception {
    Vasp handler = new Vasp();
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").start();
         Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("mbuni").orElseThrow())
             .deliveryReports(List.of(new ReportStep(MessageStatus.FORWARDED, Duration.ZERO),
                 new ReportStep(MessageStatus.RETRIEVED, Duration.ofMillis(100))))
             .vaspEndpoint(vasp.endpoint()).build().start();
         Mm7Client client = Mm7Client.builder(stub.endpoint()).vaspId("acme").build()) {
      String id = client.submit(message(Recipients.to(Address.number("+447700900001"),
          Address.number("+447700900002")))).messageId();
      FakeVasp.await("4 reports delivered", Duration.ofSeconds(10), () -> stub.pushes().history().size() == 4
          && stub.pushes().history().stream().allMatch(r -> r.state() == PushRecord.State.DELIVERED));
      assertEquals(4, handler.reports.size(), "explicit deliveryReports win over the profile's one");
      List<PushRecord> pushes = stub.pushes().history();
      assertEquals(Set.of(id), new HashSet<>(pushes.stream().map(PushRecord::transactionId).toList()));
    }
  }

  @Test
  void skycoreRefusesOtherReleasesWithItsOwnCode() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("skycore").orElseThrow()).build().start();
         Mm7Client rel5 = Mm7Client.builder(stub.endpoint()).vaspId("acme").release(Mm7Release.REL_5_MM7_1_2).build()) {
      assertStatus(2505, 500, () -> rel5.submit(message(Recipients.to(Address.number("+447700900001")))));
      assertEquals(List.of("release REL-5-MM7-1-2 where the profile speaks REL-6-MM7-1-4",
          "SOAPAction \"\" where the profile sends the namespace"),
          ProfileMatch.departures(Profile.builtIn("skycore").orElseThrow(), stub.requests().get(0)));
    }
  }

  @Test
  void oracleGatekeeperTakesNoCancelOrReplace() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("oracle-ocsg").orElseThrow()).build()
             .start();
         Mm7Client client = Mm7Client.builder(stub.endpoint()).vaspId("acme").build()) {
      String id = client.submit(message(Recipients.to(Address.number("+447700900001")))).messageId();
      assertStatus(4003, 500, () -> client.cancel(CancelRequest.builder().messageId(id).build()));
      assertStatus(4003, 500, () -> client.replace(ReplaceRequest.builder().messageId(id).build()));
    }
  }

  @Test
  void telnyxChallengesForABearerToken() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("telnyx").orElseThrow())
             .accounts(Account.bearer("acme", TOKEN)).build().start();
         Mm7Client basic = Mm7Client.builder(stub.endpoint()).vaspId("acme")
             .credentials(Credentials.basic("acme", PASSWORD)).build()) {
      Mm7TransportException e = assertThrows(Mm7TransportException.class,
          () -> basic.submit(message(Recipients.to(Address.number("+447700900001")))));
      assertEquals(401, e.httpStatus().orElse(0));
    }
  }

  @Test
  void theVaspRolePlaysMbuniMmsbox() throws Exception {
    Profile mmsbox = Profile.builtIn("mbuni-mmsbox").orElseThrow();
    try (Mm7StubServer relay = Mm7StubServer.builder().build().start();
         Mm7StubServer vasp = Mm7StubServer.builder().role(Role.VASP).profile(mmsbox)
             .accounts(new Account("relay", PASSWORD)).relayEndpoint(relay.endpoint()).build().start();
         Mm7Client toVasp = Mm7Client.builder(vasp.endpoint()).build()) {
      // toward the relay: its release and MM7Version, SOAPAction ""
      assertTrue(vasp.vaspActions().submit(message(Recipients.to(Address.number("+447700900001"))))
          .get(10, java.util.concurrent.TimeUnit.SECONDS).status().isSuccess());
      RecordedRequest sent = relay.requests().get(0);
      assertEquals(Mm7Release.REL_5_MM7_1_0, sent.release());
      assertTrue(new String(sent.openBody().readAllBytes(), StandardCharsets.UTF_8).contains(">5.3.0<"));
      assertEquals("\"\"", sent.header("SOAPAction").orElse(null));
      // its own port asks no credentials (mmsbox does not check Basic), and its faults travel with 200
      Mm7StatusException e = assertStatus(4003, 200,
          () -> toVasp.cancel(CancelRequest.builder().messageId("m-1").build()));
      assertTrue(new String(vasp.requests().get(0).response().body(), StandardCharsets.UTF_8)
          .contains("env:Server</faultcode>"), e.getMessage());
    }
  }

  @Test
  void aRelayThatRefusesCredentialsWith4001() throws Exception {
    Profile p = Profile.builder().name("lab").authSchemes(Profile.AuthScheme.BASIC)
        .authFailure(Profile.AuthFailure.STATUS_4001).faultHttpStatus(200).build();
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(p).accounts(new Account("acme", PASSWORD)).build().start();
         Mm7Client wrong = Mm7Client.builder(stub.endpoint()).vaspId("acme")
             .credentials(Credentials.basic("acme", "not-it")).build();
         Mm7Client right = Mm7Client.builder(stub.endpoint()).vaspId("acme")
             .credentials(Credentials.basic("acme", PASSWORD)).build()) {
      assertStatus(4001, 200, () -> wrong.submit(message(Recipients.to(Address.number("+447700900001")))));
      assertTrue(right.submit(message(Recipients.to(Address.number("+447700900001")))).status().isSuccess());
    }
  }

  @Test
  void vibesRefusesOverSizeWith413AndTakesAnEmpty200() throws Exception {
    HttpServer emptyVasp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    emptyVasp.createContext("/mm7", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    emptyVasp.start();
    try (Mm7StubServer vibes = Mm7StubServer.builder().profile(Profile.builtIn("vibes").orElseThrow())
             .vaspEndpoint(java.net.URI.create("http://127.0.0.1:" + emptyVasp.getAddress().getPort() + "/mm7"))
             .build().start();
         Mm7StubServer plain = Mm7StubServer.builder()
             .deliveryReports(List.of(new ReportStep(MessageStatus.RETRIEVED, Duration.ZERO)))
             .pushRetrySchedule(List.of())
             .vaspEndpoint(java.net.URI.create("http://127.0.0.1:" + emptyVasp.getAddress().getPort() + "/mm7"))
             .build().start();
         Mm7Client client = Mm7Client.builder(vibes.endpoint()).vaspId("acme").build();
         Mm7Client toPlain = Mm7Client.builder(plain.endpoint()).vaspId("acme").build()) {
      byte[] big = new byte[1024 * 1024 + 1];
      Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> client.submit(
          message(Recipients.to(Address.number("+447700900001"))).toBuilder()
              .content(BinaryPart.wrap(big, "image/jpeg")).build()));
      assertEquals(413, e.httpStatus().orElse(0), e.getMessage());

      client.submit(message(Recipients.to(Address.number("+447700900001"))));
      FakeVasp.await("the report delivered", Duration.ofSeconds(10), () -> !vibes.pushes().history().isEmpty()
          && vibes.pushes().history().get(0).state() == PushRecord.State.DELIVERED);
      toPlain.submit(message(Recipients.to(Address.number("+447700900001"))));
      FakeVasp.await("the report given up", Duration.ofSeconds(10), () -> !plain.pushes().history().isEmpty()
          && plain.pushes().history().get(0).state() == PushRecord.State.FAILED);
    } finally {
      emptyVasp.stop(0);
    }
  }

  @Test
  void explicitStubOptionsWinOverTheProfile() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().maxMessageSize(4 * 1024 * 1024)
             .profile(Profile.builtIn("vibes").orElseThrow()).defaultRelease(Mm7Release.REL_6_MM7_1_2).build()) {
      assertEquals(4 * 1024 * 1024, stub.options().maxMessageSize());
      assertEquals(Mm7Release.REL_6_MM7_1_2, stub.options().defaultRelease());
    }
    try (Mm7StubServer stub = Mm7StubServer.builder().profile(Profile.builtIn("skycore").orElseThrow()).build()) {
      assertEquals(java.util.Collections.nCopies(4, Duration.ofMinutes(5)), stub.options().pushRetrySchedule(),
          "five attempts, five minutes apart");
      assertEquals(List.of(MessageStatus.FORWARDED, MessageStatus.RETRIEVED),
          stub.options().deliveryReports().stream().map(ReportStep::status).toList());
      assertEquals(Mm7Release.REL_6_MM7_1_4, stub.options().defaultRelease());
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Mm7StatusException assertStatus(int code, int httpStatus, Call call) {
    Mm7StatusException e = assertThrows(Mm7StatusException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(httpStatus, e.httpStatus().orElse(0), "the HTTP status of the fault");
    return e;
  }
}
