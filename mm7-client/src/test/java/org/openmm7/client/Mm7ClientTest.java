package org.openmm7.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** Mm7Client against WireMock: the happy paths, every fault style and every error path. */
class Mm7ClientTest {
  @RegisterExtension
  static WireMockExtension relay = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1).containerThreads(12))
      .build();

  private final List<Mm7Client> clients = new ArrayList<>();

  private Mm7Client.Builder builder() {
    return Mm7Client.builder(URI.create(relay.baseUrl() + "/mm7"))
        .vaspId("acme").vasId("alerts").senderAddress(Address.shortCode("12345"))
        .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5));
  }

  private Mm7Client client(Mm7Client.Builder b) {
    Mm7Client c = b.build();
    clients.add(c);
    return c;
  }

  private Mm7Client client() {
    return client(builder());
  }

  @AfterEach
  void connectionsReturnedAndClosed() {
    for (Mm7Client c : clients) {
      assertEquals(0, c.leasedConnections(), "every connection is back in the pool: " + c.poolStats());
      c.close();
    }
  }

  private static void reply(ResponseDefinitionBuilder response) {
    relay.stubFor(post(urlEqualTo("/mm7")).willReturn(response));
  }

  private static ResponseDefinitionBuilder xml(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml; charset=utf-8").withBody(body);
  }

  // ---- success ----

  @Test
  void submitSendsMultipartWithContentLengthAndReturnsTheMessageId() throws Exception {
    reply(xml(200, Replies.submitRsp("tx-1", 1000, "msg-42")));
    SubmitResponse rsp = client().submit(Replies.submit(), "tx-1");
    assertEquals("msg-42", rsp.messageId());
    assertTrue(rsp.status().isSuccess());

    LoggedRequest req = relay.getAllServeEvents().get(0).getRequest();
    assertEquals("\"\"", req.getHeader("SOAPAction"));
    assertTrue(req.getHeader("Content-Type").startsWith("multipart/related"), req.getHeader("Content-Type"));
    assertTrue(req.getHeader("Content-Type").contains("start="), req.getHeader("Content-Type"));
    assertEquals(String.valueOf(req.getBody().length), req.getHeader("Content-Length"));
    assertFalse(req.containsHeader("Transfer-Encoding"));
    assertFalse(req.containsHeader("Authorization"));
    String body = req.getBodyAsString();
    assertTrue(body.contains(">tx-1<"), "TransactionID");
    assertTrue(body.contains(">acme<") && body.contains(">alerts<"), "VASPID and VASID filled from the config");
    assertTrue(body.contains(">12345<"), "sender filled from the config");
    assertTrue(body.contains(Replies.NS), "the latest namespace by default");
    assertTrue(body.contains(">6.8.0<"), "the release's MM7Version by default");
    assertTrue(body.contains("Hello from MM7"));
  }

  @Test
  void requestValuesWinOverTheConfiguration() throws Exception {
    reply(xml(200, Replies.submitRsp("tx-own", 1000, "m")));
    client().submit(Replies.submit().toBuilder().vaspId("other").senderAddress(Address.number("+441234")).build(),
        "tx-own");
    String body = relay.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertTrue(body.contains(">other<") && !body.contains(">acme<"));
    assertTrue(body.contains(">+441234<") && !body.contains(">12345<"));
  }

  @Test
  void generatesATransactionIdAndChecksTheEcho() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/xml")
        .withBody(Replies.encode("TXID", StatusResponse.cancel(ResponseStatus.SUCCESS))
            .replace("TXID", "{{xPath request.body '//*[local-name()=\"TransactionID\"]/text()'}}"))
        .withTransformers("response-template")));
    Mm7Client c = client();
    StatusResponse rsp = c.cancel(CancelRequest.builder().messageId("msg-1").build());
    assertTrue(rsp.status().isSuccess());
    String body = relay.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertTrue(body.matches("(?s).*TransactionID[^>]*>[0-9a-f]{32}<.*"), body);
    assertTrue(relay.getAllServeEvents().get(0).getRequest().getHeader("Content-Type")
        .toLowerCase(java.util.Locale.ROOT).startsWith("text/xml; charset=utf-8"));
  }

  @Test
  void transactionIdsComeFromTheConfiguredGenerator() throws Exception {
    reply(xml(200, Replies.submitRsp("gen-7", 1000, "m")));
    assertEquals("m", client(builder().transactionIds(() -> "gen-7")).submit(Replies.submit()).messageId());
  }

  @Test
  void soapActionCanBeTheNamespaceAndExtraHeadersAreSent() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    client(builder().soapAction(SoapActionStyle.NAMESPACE).header("X-Carrier-Id", "carrier-9"))
        .submit(Replies.submit(), "tx");
    relay.verify(postRequestedFor(urlEqualTo("/mm7"))
        .withHeader("SOAPAction", equalTo("\"" + Replies.NS + "\""))
        .withHeader("X-Carrier-Id", equalTo("carrier-9")));
  }

  @Test
  void writesTheConfiguredReleaseAndVersion() throws Exception {
    Mm7Release rel5 = Mm7Release.REL_5_MM7_1_2;
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    client(builder().release(rel5).mm7Version("5.3.0")).submit(Replies.submit(), "tx");
    String body = relay.getAllServeEvents().get(0).getRequest().getBodyAsString();
    assertTrue(body.contains(rel5.namespace()));
  }

  @Test
  void partialSuccessIsASuccessThatSaysSo() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1100, "msg-partial")));
    SubmitResponse rsp = client().submit(Replies.submit(), "tx");
    assertTrue(rsp.status().mm7Status().isPartialSuccess());
    assertEquals("msg-partial", rsp.messageId());
  }

  @Test
  void chunkedModeSendsTransferEncodingChunked() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    client(builder().chunked(true)).submit(Replies.submit(), "tx");
    relay.verify(postRequestedFor(urlEqualTo("/mm7"))
        .withHeader("Transfer-Encoding", equalTo("chunked"))
        .withHeader("Content-Length", absent()));
  }

  @Test
  void expectContinueCanBeAsked() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    client(builder().expectContinue(true)).submit(Replies.submit(), "tx");
    relay.verify(postRequestedFor(urlEqualTo("/mm7")).withHeader("Expect", equalTo("100-continue")));
  }

  @Test
  void aCancelledFutureDoesNotSend() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      one.execute(() -> {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Mm7Client c = client(builder().executor(one));
      CompletableFuture<SubmitResponse> f = c.submitAsync(Replies.submit(), "tx");
      assertTrue(f.cancel(true));
      gate.countDown();
      one.shutdown();
      assertTrue(one.awaitTermination(5, TimeUnit.SECONDS));
      assertEquals(0, relay.getAllServeEvents().size(), "a call cancelled before it ran is not sent");
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void asyncCallsComplete() throws Exception {
    reply(xml(200, Replies.submitRsp("tx-a", 1000, "msg-async")));
    CompletableFuture<SubmitResponse> f = client().submitAsync(Replies.submit(), "tx-a");
    assertEquals("msg-async", f.get(5, TimeUnit.SECONDS).messageId());
  }

  @Test
  void asyncFailuresCarryTheMm7Exception() {
    reply(xml(500, Replies.rsError("tx-b", 4004, "Validation error", "bad Recipients")));
    CompletableFuture<SubmitResponse> f = client().submitAsync(Replies.submit(), "tx-b");
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    Mm7StatusException s = assertInstanceOf(Mm7StatusException.class, e.getCause());
    assertEquals(4004, s.code());
  }

  // ---- the fault styles ----

  @Test
  void faultOver500() {
    reply(xml(500, Replies.rsError("tx", 2002, "Address Error", "+447700900123 is not an MMS subscriber")));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7Status.ADDRESS_ERROR, e.mm7Status());
    assertEquals("Address Error", e.statusText());
    assertEquals("+447700900123 is not an MMS subscriber", e.details());
    assertEquals("tx", e.transactionId());
    assertEquals(500, e.httpStatus().getAsInt());
    assertInstanceOf(ErrorResponse.class, e.response().orElseThrow());
    assertTrue(e.getMessage().contains("2002"), e.getMessage());
  }

  @Test
  void faultOver200() {
    reply(xml(200, Replies.rsError("tx", 3001, "Not Possible", null)));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(3001, e.code());
    assertEquals(200, e.httpStatus().getAsInt());
  }

  @Test
  void faultWithQualifiedChildren() {
    reply(xml(500, Replies.qualifiedFault("tx", 2002)));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(2002, e.code());
  }

  @Test
  void statusOnlyInTheFaultstring() {
    reply(xml(500, Replies.faultStringOnly("4006 Service unavailable, try later")));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7Status.SERVICE_UNAVAILABLE, e.mm7Status());
    assertEquals("tx", e.transactionId(), "a fault without a header keeps the request's TransactionID");
  }

  @Test
  void faultWithoutAnyStatusIsAClientOrServerError() {
    reply(xml(400, Replies.faultStringOnly("Authentication failed")));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.mm7Status().isServerError(), e.mm7Status().toString());
    assertEquals(400, e.httpStatus().getAsInt());
  }

  @Test
  void errorStatusInAResponseBody() {
    reply(xml(200, Replies.submitRsp("tx", 4004, null)));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7Status.VALIDATION_ERROR, e.mm7Status());
    assertInstanceOf(SubmitResponse.class, e.response().orElseThrow());
  }

  @Test
  void codesOutsideTheTableAreStatusErrorsToo() {
    reply(xml(200, Replies.submitRsp("tx", 6102, null)));
    Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> client().submit(Replies.submit(), "tx"));
    assertEquals(6102, e.code());
  }

  // ---- protocol errors ----

  @Test
  void emptyReplyWith200() {
    reply(aResponse().withStatus(200));
    Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void emptyRepliesCanBeTakenAsSuccessWhereNothingButAStatusIsLost() throws Exception {
    reply(aResponse().withStatus(200));
    Mm7Client c = client(builder().acceptEmptyReplies(true));
    assertEquals(Mm7Status.SUCCESS, c.cancel(CancelRequest.builder().messageId("m").build(), "tx").status().mm7Status());
    assertThrows(Mm7ProtocolException.class, () -> c.submit(Replies.submit(), "tx"), "a SubmitRsp has a MessageID");
  }

  @Test
  void transactionIdMismatch() {
    reply(xml(200, Replies.submitRsp("someone-else", 1000, "m")));
    Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.getMessage().contains("someone-else"), e.getMessage());
    assertTrue(e.excerpt().contains("someone-else"), e.excerpt());
  }

  @Test
  void htmlPageWith200() {
    reply(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(Replies.HTML_502));
    Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.excerpt().contains("Bad Gateway"));
  }

  @Test
  void unreadableXmlWith200HasABoundedExcerpt() {
    String junk = "<not-closed>" + "x".repeat(5000);
    reply(xml(200, junk));
    Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.excerpt().startsWith("<not-closed>"));
    assertTrue(e.excerpt().length() <= Mm7ProtocolException.MAX_EXCERPT + 3, "bounded: " + e.excerpt().length());
  }

  @Test
  void anotherOperationsResponse() {
    reply(xml(200, Replies.encode("tx", StatusResponse.cancel(ResponseStatus.SUCCESS))));
    Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> client().submit(Replies.submit(), "tx"));
    assertTrue(e.getMessage().contains("CancelRsp"), e.getMessage());
  }

  @Test
  void oversizedReply() {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m") + " ".repeat(10_000)));
    assertThrows(Mm7ProtocolException.class,
        () -> client(builder().maxResponseSize(2000)).submit(Replies.submit(), "tx"));
  }

  // ---- transport errors ----

  @Test
  void htmlErrorPageWith502() {
    reply(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(Replies.HTML_502));
    Mm7TransportException e = assertThrows(Mm7TransportException.class,
        () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.HTTP_STATUS, e.kind());
    assertEquals(502, e.httpStatus().getAsInt());
    assertTrue(e.excerpt().contains("Bad Gateway"), e.excerpt());
  }

  @Test
  void bare401() {
    reply(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"mm7\""));
    Mm7TransportException e = assertThrows(Mm7TransportException.class,
        () -> client().submit(Replies.submit(), "tx"));
    assertEquals(401, e.httpStatus().getAsInt());
    assertEquals(1, relay.getAllServeEvents().size(), "no second attempt");
  }

  @Test
  void connectionReset() {
    reply(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    Mm7TransportException e = assertThrows(Mm7TransportException.class,
        () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.IO, e.kind());
    assertTrue(e.httpStatus().isEmpty());
    assertEquals(1, relay.getAllServeEvents().size(), "a SubmitReq is never retried");
  }

  @Test
  void emptyResponseFaultIsNotRetried() {
    reply(aResponse().withFault(Fault.EMPTY_RESPONSE));
    Mm7TransportException e = assertThrows(Mm7TransportException.class,
        () -> client().submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.IO, e.kind());
    assertEquals(1, relay.getAllServeEvents().size(), "a SubmitReq is never retried");
  }

  @Test
  void callTimeout() {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")).withFixedDelay(1200));
    Mm7Client c = client(builder().callTimeout(Duration.ofMillis(300)));
    long t0 = System.nanoTime();
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Mm7TransportException.Kind.TIMEOUT, e.kind(), e.toString());
    assertTrue(ms < 1000, "gave up after " + ms + " ms");
  }

  /**
   * No call timeout means no deadline for a pooled connection either: with one connection, four
   * calls at once wait their turn (the wait for a connection was given a deadline of 0 ms and
   * every call that found the connection busy failed at once).
   */
  @Test
  void withoutACallTimeoutCallsWaitForAPooledConnection() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")).withFixedDelay(150));
    Mm7Client c = client(builder().callTimeout(Duration.ZERO).poolSize(1));
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
      List<java.util.concurrent.Future<SubmitResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(threads.submit(() -> {
          start.await();
          return c.submit(Replies.submit(), "tx");
        }));
      }
      for (java.util.concurrent.Future<SubmitResponse> f : calls) {
        assertTrue(f.get(30, java.util.concurrent.TimeUnit.SECONDS).status().isSuccess());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(4, relay.getAllServeEvents().size());
  }

  /**
   * A pool that stays busy past the call timeout is a TIMEOUT (a call waiting for it threw a raw
   * CancellationException, or was CANCELLED "interrupted").
   */
  @Test
  void aPoolThatStaysBusyIsATimeout() throws Exception {
    // a server of its own: requests cut off here may still reach it after the test, and must not
    // show up in the shared relay's journal of the next test
    com.github.tomakehurst.wiremock.WireMockServer own = new com.github.tomakehurst.wiremock.WireMockServer(
        wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    own.start();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      own.stubFor(post(urlEqualTo("/mm7")).willReturn(xml(200, Replies.submitRsp("tx", 1000, "m")).withFixedDelay(1500)));
      Mm7Client c = client(builder().relayUrl(URI.create(own.baseUrl() + "/mm7"))
          .callTimeout(Duration.ofMillis(400)).poolSize(1));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
      List<java.util.concurrent.Future<Mm7TransportException>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(threads.submit(() -> {
          start.await();
          return assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx"));
        }));
      }
      for (java.util.concurrent.Future<Mm7TransportException> f : calls) {
        // never a raw CancellationException or IllegalStateException from HttpClient, whichever
        // moment the deadline caught the call at (waiting for the pool, just given the connection)
        Mm7TransportException e = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Mm7TransportException.Kind.TIMEOUT, e.kind(), e.toString());
        assertTrue(e.getMessage().contains("no free connection") || e.getMessage().contains("no reply"), e.getMessage());
      }
    } finally {
      threads.shutdownNow();
      own.stop();
    }
  }


  @Test
  void readTimeout() {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")).withFixedDelay(1200));
    Mm7Client c = client(builder().readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(10)));
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.TIMEOUT, e.kind(), e.toString());
  }

  @Test
  void connectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Mm7Client c = client(Mm7Client.builder(URI.create("http://127.0.0.1:" + port + "/mm7")));
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.CONNECT, e.kind(), e.toString());
  }

  @Test
  void closedClientRefusesCalls() {
    Mm7Client c = builder().build();
    c.close();
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx"));
    assertEquals(Mm7TransportException.Kind.CANCELLED, e.kind());
    ExecutionException ee = assertThrows(ExecutionException.class,
        () -> c.submitAsync(Replies.submit(), "tx").get(5, TimeUnit.SECONDS));
    assertInstanceOf(Mm7TransportException.class, ee.getCause());
  }

  @Test
  void operationsTheReleaseLacksAreRefusedBeforeSending() {
    Mm7Client c = client(builder().release(Mm7Release.REL_5_MM7_1_0));
    assertThrows(Mm7EncodeException.class,
        () -> c.extendedCancel(ExtendedCancelRequest.builder().cancelId("m").build(), "tx"));
    assertEquals(0, relay.getAllServeEvents().size());
  }

  // ---- credentials ----

  @Test
  void basicAuthIsSentPreemptively() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7"))
        .withBasicAuth("acme", "s3cr\u00e9t")
        .willReturn(xml(200, Replies.submitRsp("tx", 1000, "m"))));
    client(builder().credentials(Credentials.basic("acme", "s3cr\u00e9t"))).submit(Replies.submit(), "tx");
    assertEquals(1, relay.getAllServeEvents().size(), "no challenge round trip");
  }

  @Test
  void bearerToken() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7"))
        .withHeader("Authorization", equalTo("Bearer tok-123.abc"))
        .willReturn(xml(200, Replies.submitRsp("tx", 1000, "m"))));
    client(builder().credentials(Credentials.bearer("tok-123.abc"))).submit(Replies.submit(), "tx");
  }

  @Test
  void credentialsNeverShowInToString() {
    Mm7Client c = client(builder().credentials(Credentials.basic("acme", "hunter2")));
    assertFalse(c.toString().contains("hunter2"), c.toString());
    assertFalse(Credentials.bearer("tok-secret").toString().contains("tok-secret"));
    assertFalse(Credentials.digest("u", "pw-secret").toString().contains("pw-secret"));
  }

  @Test
  void digestAuthAnswersTheChallenge() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7")).atPriority(10)
        .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
            "Digest realm=\"mm7@relay\", qop=\"auth\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\","
                + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5")));
    relay.stubFor(post(urlEqualTo("/mm7")).atPriority(1)
        .withHeader("Authorization", matching("Digest .*username=\"acme\".*"))
        .willReturn(xml(200, Replies.submitRsp("tx", 1000, "m-digest"))));
    Mm7Client c = client(builder().credentials(Credentials.digest("acme", "Circle Of Life")));
    assertEquals("m-digest", c.submit(Replies.submit(), "tx").messageId());

    LoggedRequest second = relay.getAllServeEvents().get(0).getRequest(); // newest first
    String auth = second.getHeader("Authorization");
    DigestCheck.assertValid(auth, "acme", "Circle Of Life", "POST", "mm7@relay",
        "dcd98b7102dd2f0e8b11d0f600bfb0c093");
    assertEquals(second.getBody().length, Integer.parseInt(second.getHeader("Content-Length")),
        "the body was sent again whole");
    assertTrue(second.getBodyAsString().contains("Hello from MM7"));

    assertFalse(second.containsHeader("Expect"), "a small body goes without Expect");
  }

  @Test
  void digestWithALargeBodyAsksToContinueFirst() throws Exception {
    relay.stubFor(post(urlEqualTo("/mm7")).atPriority(10)
        .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
            "Digest realm=\"mm7\", qop=\"auth\", nonce=\"n-2\", algorithm=MD5")));
    relay.stubFor(post(urlEqualTo("/mm7")).atPriority(1)
        .withHeader("Authorization", matching("Digest .*"))
        .willReturn(xml(200, Replies.submitRsp("tx", 1000, "m-big"))));
    Mm7Client c = client(builder().credentials(Credentials.digest("acme", "pw")));
    byte[] big = new byte[200 * 1024];
    SubmitResponse r = c.submit(Replies.submit().toBuilder()
        .content(org.openmm7.client.content.BinaryPart.ofBytes(big, "image/jpeg")).build(), "tx");
    assertEquals("m-big", r.messageId());
    relay.verify(postRequestedFor(urlEqualTo("/mm7")).withHeader("Expect", equalTo("100-continue")));
    DigestCheck.assertValid(relay.getAllServeEvents().get(0).getRequest().getHeader("Authorization"),
        "acme", "pw", "POST", "mm7", "n-2");
  }

  @Test
  void wrongDigestPasswordEndsInA401() {
    relay.stubFor(post(urlEqualTo("/mm7"))
        .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
            "Digest realm=\"mm7\", qop=\"auth\", nonce=\"n1\", algorithm=MD5")));
    Mm7TransportException e = assertThrows(Mm7TransportException.class,
        () -> client(builder().credentials(Credentials.digest("acme", "wrong"))).submit(Replies.submit(), "tx"));
    assertEquals(401, e.httpStatus().getAsInt());
  }

  @Test
  void contentTypeOfTheRequestIsOneLine() throws Exception {
    reply(xml(200, Replies.submitRsp("tx", 1000, "m")));
    client().submit(Replies.submit(), "tx");
    String ct = relay.getAllServeEvents().get(0).getRequest().getHeader("Content-Type");
    assertFalse(ct.contains("\n") || ct.contains("\r"));
    assertTrue(new String(relay.getAllServeEvents().get(0).getRequest().getBody(), StandardCharsets.ISO_8859_1)
        .contains("TransactionID"));
    relay.verify(postRequestedFor(urlEqualTo("/mm7")).withHeader("User-Agent", containing("OpenMM7")));
  }
}
