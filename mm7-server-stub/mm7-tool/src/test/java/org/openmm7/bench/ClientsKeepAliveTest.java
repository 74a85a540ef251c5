package org.openmm7.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;

/**
 * The bench's client never reuses a pooled connection that the stub closed for idleness: it
 * keeps an idle connection for less than the stub's idle timeout. With a keep-alive as long as
 * the stub's (the client's default, 30 s, against the stub's 30 s), a connection idle for longer
 * than the stub's timeout but shorter than the pool's 2 s check takes the next submit and ends
 * without an answer; here the stub's timeout is 400 ms so that the gap is 1.2 s, not 30.
 */
class ClientsKeepAliveTest {
  private static final Duration STUB_IDLE = Duration.ofMillis(400);

  @Test
  void aSubmitAfterTheStubClosedTheIdleConnectionsIsAnswered() throws Exception {
    SubmitRequest submit = BenchMessages.TEXT_1K.submit(BenchMessages.TEXT_1K.payload());
    try (Mm7StubServer stub = Mm7StubServer.builder().idleTimeout(STUB_IDLE).inbox(false)
        .deliveryReports(java.util.List.of()).build().start();
        SubmitClient client = Clients.create(stub.endpoint(), 4, STUB_IDLE)) {
      for (int gap = 0; gap < 3; gap++) {
        client.submit(submit);
        // idle three times the stub's timeout: the stub has closed the connection by then
        Thread.sleep(3 * STUB_IDLE.toMillis());
      }
      client.submit(submit);
      assertEquals(4, stub.requests().size());
    }
  }

  @Test
  void theDefaultClientAssumesTheStubsDefaultIdleTimeout() {
    // the cases start their stubs with the default: if it changes, the bench's keep-alive follows
    assertEquals(Mm7StubServer.builder().idleTimeout(), Clients.STUB_IDLE_TIMEOUT);
  }
}
