package org.openmm7.stub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openmm7.client.Credentials;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.verify.Count;
import org.openmm7.stub.verify.Received;
import org.openmm7.stub.verify.RequestPattern;
import org.openmm7.schema.Mm7Release;

/**
 * JUnit 5 extension running an {@link Mm7StubServer}, in the style of WireMock's:
 *
 * <pre>{@code
 * @RegisterExtension
 * static Mm7StubExtension stub = Mm7StubExtension.newInstance().strict(true).build();
 * }</pre>
 *
 * <p>As a static field it starts before all tests and stops after all; as an instance field, around
 * each test. Before each test it is reset (queued replies, dispatcher, recordings; the push target
 * stays as set). Its builder has every option of {@link Mm7StubServer.Builder}. A test method (or,
 * for a static extension, the test class's constructor) may take the running {@link
 * Mm7StubServer} as a parameter (with two extensions in one class, a relay and a VASP stub, JUnit
 * cannot tell which is meant: use their fields there). The push target can be set while it runs
 * ({@link #pushTo}), so a VASP endpoint need not exist before the extension is built.
 * Verification failures are {@link AssertionError}s. JUnit is an optional dependency of the stub:
 * only code that uses this class needs it.
 */
public final class Mm7StubExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback, ParameterResolver {
  private final Mm7StubServer.Builder options;
  private Mm7StubServer server;
  private boolean perTest;

  private Mm7StubExtension(Mm7StubServer.Builder options) {
    this.options = options;
  }

  public static Builder newInstance() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (server == null) {
      perTest = true;
      start();
    }
    server.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() throws IOException {
    if (server == null) {
      server = options.build().start();
    }
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** A parameter of type {@link Mm7StubServer} gets the running stub. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Mm7StubServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }

  /** The running stub (for everything not delegated here). */
  public Mm7StubServer server() {
    if (server == null) {
      throw new IllegalStateException("the MM7 stub runs only while tests run");
    }
    return server;
  }

  public URI endpoint() {
    return server().endpoint();
  }

  /** The next request not yet taken, waiting up to the timeout; empty when none came in time. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return server().takeRequest(timeout);
  }

  public List<RecordedRequest> requests() {
    return server().requests();
  }

  public void enqueue(StubReply reply) {
    server().enqueue(reply);
  }

  public void setDispatcher(Dispatcher dispatcher) {
    server().setDispatcher(dispatcher);
  }

  public Map<String, VaspConformance> conformance() {
    return server().conformance();
  }

  /** {@link Mm7StubServer#pushTo(URI)}: where pushes go from now on (null: they are held). */
  public void pushTo(URI endpoint) {
    server().pushTo(endpoint);
  }

  /** {@link Mm7StubServer#pushTo(URI, Credentials)}. */
  public void pushTo(URI endpoint, Credentials credentials) {
    server().pushTo(endpoint, credentials);
  }

  /** {@link Mm7StubServer#awaitReport}: the DeliveryReportReq with this status for this message and recipient reached the VASP. */
  public PushRecord awaitReport(String messageId, String recipient, MessageStatus status, Duration timeout) {
    return server().awaitReport(messageId, recipient, status, timeout);
  }

  /** {@link Mm7StubServer#awaitReadReply(String, String, MessageStatus, Duration)}. */
  public PushRecord awaitReadReply(String messageId, String recipient, MessageStatus status, Duration timeout) {
    return server().awaitReadReply(messageId, recipient, status, timeout);
  }

  /** The stub's pushes to the VASP (relay role). */
  public Pushes pushes() {
    return server().pushes();
  }

  /** The stub's requests to a relay (VASP role). */
  public VaspActions vaspActions() {
    return server().vaspActions();
  }

  // ---- verification ----

  /** {@link Mm7StubServer#await}: the earliest matching recording no earlier await returned. */
  public RecordedRequest await(RequestPattern pattern, Duration timeout) {
    return server().await(pattern, timeout);
  }

  public Received<SubmitRequest> awaitSubmit(Duration timeout) {
    return server().awaitSubmit(timeout);
  }

  public Received<CancelRequest> awaitCancel(Duration timeout) {
    return server().awaitCancel(timeout);
  }

  public Received<ReplaceRequest> awaitReplace(Duration timeout) {
    return server().awaitReplace(timeout);
  }

  public Received<ExtendedCancelRequest> awaitExtendedCancel(Duration timeout) {
    return server().awaitExtendedCancel(timeout);
  }

  public Received<ExtendedReplaceRequest> awaitExtendedReplace(Duration timeout) {
    return server().awaitExtendedReplace(timeout);
  }

  public Received<DeliverRequest> awaitDeliver(Duration timeout) {
    return server().awaitDeliver(timeout);
  }

  public Received<DeliveryReportRequest> awaitDeliveryReport(Duration timeout) {
    return server().awaitDeliveryReport(timeout);
  }

  public Received<ReadReplyRequest> awaitReadReply(Duration timeout) {
    return server().awaitReadReply(timeout);
  }

  /** {@link Mm7StubServer#verify(RequestPattern)}: at least one recorded request matches. */
  public void verify(RequestPattern pattern) {
    server().verify(pattern);
  }

  /** {@link Mm7StubServer#verify(Count, RequestPattern)}, with a near-miss report on failure. */
  public void verify(Count count, RequestPattern pattern) {
    server().verify(count, pattern);
  }

  /** Exactly this many SubmitReqs were received (answered or not) since the test began. */
  public void verifySubmitted(int count) {
    verifyReceived(Mm7Operation.SUBMIT_REQ, count);
  }

  /** Exactly this many requests of the operation were received since the test began. */
  public void verifyReceived(Mm7Operation operation, int count) {
    List<RecordedRequest> all = requests();
    long n = all.stream().filter(r -> r.operation() == operation).count();
    if (n != count) {
      throw new AssertionError("expected " + count + " " + operation.elementName() + " but the stub received " + n
          + describe(all));
    }
  }

  /**
   * Every request received since the test began was read without a finding of severity violation
   * and not refused as unreadable: what a strict relay accepts (legal forms such as 8-bit text
   * without a Content-Transfer-Encoding, and tolerated deviations, pass).
   */
  public void assertNoViolations() {
    List<RecordedRequest> bad = requests().stream()
        .filter(r -> r.rejection() != null || r.findings().stream().anyMatch(org.openmm7.client.codec.Finding::isViolation))
        .collect(Collectors.toList());
    if (!bad.isEmpty()) {
      throw new AssertionError(bad.size() + " request(s) broke a rule:" + describe(bad));
    }
  }

  /**
   * Every request received since the test began was read without any finding, even an informational
   * one, and not refused as unreadable ({@link #assertNoViolations()} is what a strict relay checks).
   */
  public void assertNoFindings() {
    List<RecordedRequest> bad = requests().stream().filter(r -> !r.problemCodes().isEmpty())
        .collect(Collectors.toList());
    if (!bad.isEmpty()) {
      throw new AssertionError(bad.size() + " request(s) were not conformant:" + describe(bad));
    }
  }

  /** No request came at all since the test began. */
  public void verifyNoRequests() {
    List<RecordedRequest> all = requests();
    if (!all.isEmpty()) {
      throw new AssertionError("expected no request but the stub received " + all.size() + describe(all));
    }
  }

  private static String describe(List<RecordedRequest> requests) {
    if (requests.isEmpty()) {
      return " (no requests)";
    }
    return requests.stream().map(r -> "\n  " + r).collect(Collectors.joining("", ":", ""));
  }

  /**
   * Options of the extension's stub: every option of {@link Mm7StubServer.Builder}, each passed on
   * as it is (ExtensionTest.everyServerOptionHasAnExtensionCounterpart keeps them complete).
   */
  public static final class Builder {
    private final Mm7StubServer.Builder options = Mm7StubServer.builder();

    private Builder() {}

    /** @see Mm7StubServer.Builder#role(Role) */
    public Builder role(Role role) {
      options.role(role);
      return this;
    }

    /** @see Mm7StubServer.Builder#vaspEndpoint(URI) */
    public Builder vaspEndpoint(URI endpoint) {
      options.vaspEndpoint(endpoint);
      return this;
    }

    /** @see Mm7StubServer.Builder#vaspEndpoint(URI, Credentials) */
    public Builder vaspEndpoint(URI endpoint, Credentials credentials) {
      options.vaspEndpoint(endpoint, credentials);
      return this;
    }

    /** @see Mm7StubServer.Builder#relayEndpoint(URI) */
    public Builder relayEndpoint(URI endpoint) {
      options.relayEndpoint(endpoint);
      return this;
    }

    /** @see Mm7StubServer.Builder#relayEndpoint(URI, Credentials) */
    public Builder relayEndpoint(URI endpoint, Credentials credentials) {
      options.relayEndpoint(endpoint, credentials);
      return this;
    }

    /** @see Mm7StubServer.Builder#deliveryReports(List) */
    public Builder deliveryReports(List<ReportStep> steps) {
      options.deliveryReports(steps);
      return this;
    }

    /** @see Mm7StubServer.Builder#pushRetrySchedule(List) */
    public Builder pushRetrySchedule(List<Duration> waits) {
      options.pushRetrySchedule(waits);
      return this;
    }

    /** @see Mm7StubServer.Builder#pushTimeout(Duration) */
    public Builder pushTimeout(Duration timeout) {
      options.pushTimeout(timeout);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxReplySize(long) */
    public Builder maxReplySize(long bytes) {
      options.maxReplySize(bytes);
      return this;
    }

    /** @see Mm7StubServer.Builder#relayServerId(String) */
    public Builder relayServerId(String id) {
      options.relayServerId(id);
      return this;
    }

    /** @see Mm7StubServer.Builder#defaultRelease(Mm7Release) */
    public Builder defaultRelease(Mm7Release release) {
      options.defaultRelease(release);
      return this;
    }

    /** @see Mm7StubServer.Builder#tls(TlsOptions) */
    public Builder tls(TlsOptions tls) {
      options.tls(tls);
      return this;
    }

    /** @see Mm7StubServer.Builder#peerTls(TlsOptions) */
    public Builder peerTls(TlsOptions tls) {
      options.peerTls(tls);
      return this;
    }

    /** @see Mm7StubServer.Builder#httpsPort(int) */
    public Builder httpsPort(int port) {
      options.httpsPort(port);
      return this;
    }

    /** @see Mm7StubServer.Builder#host(String) */
    public Builder host(String host) {
      options.host(host);
      return this;
    }

    /** @see Mm7StubServer.Builder#port(int) */
    public Builder port(int port) {
      options.port(port);
      return this;
    }

    /** @see Mm7StubServer.Builder#path(String) */
    public Builder path(String path) {
      options.path(path);
      return this;
    }

    /** @see Mm7StubServer.Builder#profile(org.openmm7.client.Profile) */
    public Builder profile(org.openmm7.client.Profile profile) {
      options.profile(profile);
      return this;
    }

    /** @see Mm7StubServer.Builder#strict(boolean) */
    public Builder strict(boolean strict) {
      options.strict(strict);
      return this;
    }

    /** @see Mm7StubServer.Builder#accounts(Collection) */
    public Builder accounts(Collection<Account> accounts) {
      options.accounts(accounts);
      return this;
    }

    /** @see Mm7StubServer.Builder#accounts(Account...) */
    public Builder accounts(Account... accounts) {
      options.accounts(accounts);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxMessageSize(long) */
    public Builder maxMessageSize(long bytes) {
      options.maxMessageSize(bytes);
      return this;
    }

    /** @see Mm7StubServer.Builder#storeDirectory(Path) */
    public Builder storeDirectory(Path directory) {
      options.storeDirectory(directory);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxFinishedPushes(int) */
    public Builder maxFinishedPushes(int count) {
      options.maxFinishedPushes(count);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxPendingPushes(int) */
    public Builder maxPendingPushes(int count) {
      options.maxPendingPushes(count);
      return this;
    }

    /** @see Mm7StubServer.Builder#pushRoomWait(Duration) */
    public Builder pushRoomWait(Duration wait) {
      options.pushRoomWait(wait);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxHeldPushes(int) */
    public Builder maxHeldPushes(int count) {
      options.maxHeldPushes(count);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxRecordedRequests(int) */
    public Builder maxRecordedRequests(int count) {
      options.maxRecordedRequests(count);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxStoredMessages(int) */
    public Builder maxStoredMessages(int count) {
      options.maxStoredMessages(count);
      return this;
    }

    /** @see Mm7StubServer.Builder#inbox(boolean) */
    public Builder inbox(boolean enabled) {
      options.inbox(enabled);
      return this;
    }

    /** @see Mm7StubServer.Builder#inboxPassword(String) */
    public Builder inboxPassword(String password) {
      options.inboxPassword(password);
      return this;
    }

    /** @see Mm7StubServer.Builder#idleTimeout(Duration) */
    public Builder idleTimeout(Duration timeout) {
      options.idleTimeout(timeout);
      return this;
    }

    /** @see Mm7StubServer.Builder#minRequestDataRate(long) */
    public Builder minRequestDataRate(long bytesPerSecond) {
      options.minRequestDataRate(bytesPerSecond);
      return this;
    }

    /** @see Mm7StubServer.Builder#bodyTimeout(Duration) */
    public Builder bodyTimeout(Duration timeout) {
      options.bodyTimeout(timeout);
      return this;
    }

    /** @see Mm7StubServer.Builder#maxThreads(int) */
    public Builder maxThreads(int threads) {
      options.maxThreads(threads);
      return this;
    }

    /** @see Mm7StubServer.Builder#headTimeout(Duration) */
    public Builder headTimeout(Duration timeout) {
      options.headTimeout(timeout);
      return this;
    }

    /** @see Mm7StubServer.Builder#recordingMemory(long) */
    public Builder recordingMemory(long bytes) {
      options.recordingMemory(bytes);
      return this;
    }

    /** The options as they stand (a copy), e.g. to check what the extension will build. */
    public Mm7StubServer.Builder options() {
      return options.copy();
    }

    public Mm7StubExtension build() {
      return new Mm7StubExtension(options.copy());
    }
  }
}
