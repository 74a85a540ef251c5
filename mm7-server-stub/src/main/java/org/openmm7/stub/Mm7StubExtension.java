package org.openmm7.stub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.verify.Count;
import org.openmm7.stub.verify.Received;
import org.openmm7.stub.verify.RequestPattern;

/**
 * JUnit 5 extension running an {@link Mm7StubServer}, in the style of WireMock's:
 *
 * <pre>{@code
 * @RegisterExtension
 * static Mm7StubExtension stub = Mm7StubExtension.newInstance().strict(true).build();
 * }</pre>
 *
 * <p>As a static field it starts before all tests and stops after all; as an instance field, around
 * each test. Before each test it is reset (queued replies, dispatcher, recordings). Verification
 * failures are {@link AssertionError}s. JUnit is an optional dependency of the stub: only code that
 * uses this class needs it.
 */
public final class Mm7StubExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
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

  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
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

  /** Options of the extension's stub: the same as {@link Mm7StubServer.Builder}'s. */
  public static final class Builder {
    private final Mm7StubServer.Builder options = Mm7StubServer.builder();

    private Builder() {}

    public Builder strict(boolean strict) {
      options.strict(strict);
      return this;
    }

    public Builder port(int port) {
      options.port(port);
      return this;
    }

    public Builder path(String path) {
      options.path(path);
      return this;
    }

    public Builder accounts(Account... accounts) {
      options.accounts(accounts);
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      options.maxMessageSize(bytes);
      return this;
    }

    public Builder storeDirectory(Path directory) {
      options.storeDirectory(directory);
      return this;
    }

    public Builder role(Role role) {
      options.role(role);
      return this;
    }

    public Builder vaspEndpoint(java.net.URI endpoint) {
      options.vaspEndpoint(endpoint);
      return this;
    }

    public Builder relayEndpoint(java.net.URI endpoint) {
      options.relayEndpoint(endpoint);
      return this;
    }

    public Builder deliveryReports(List<ReportStep> steps) {
      options.deliveryReports(steps);
      return this;
    }

    public Builder pushRetrySchedule(List<Duration> waits) {
      options.pushRetrySchedule(waits);
      return this;
    }

    public Mm7StubExtension build() {
      return new Mm7StubExtension(options.copy());
    }
  }
}
