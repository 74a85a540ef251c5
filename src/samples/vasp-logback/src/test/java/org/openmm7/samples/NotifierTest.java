package org.openmm7.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.Mm7StubServer;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The sample's test: a SubmitReq to the relay stub, and the libraries' own log lines arrive in
 * logback (this project's binding): neither mm7-client nor mm7-server-stub brought another one.
 */
class NotifierTest {

  @Test
  void aSubmitReachesTheStubAndTheLibrariesLogThroughLogback() throws Exception {
    // one binding on the class path, this project's: a second one would be a coin toss (SLF4J takes
    // the first it finds) even where logback happens to win it
    List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
        .map(p -> p.type().getName()).collect(Collectors.toList());
    assertEquals(List.of("ch.qos.logback.classic.spi.LogbackServiceProvider"), providers);
    assertTrue(LoggerFactory.getILoggerFactory() instanceof LoggerContext,
        "SLF4J is bound to " + LoggerFactory.getILoggerFactory().getClass().getName() + ", not to logback");
    Logger openmm7 = (Logger) LoggerFactory.getLogger("org.openmm7");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    openmm7.addAppender(events);
    openmm7.setLevel(Level.DEBUG);
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start();
         Notifier notifier = new Notifier(stub.endpoint())) {
      String messageId = notifier.notify("+447700900123", "your parcel", "sample-tx-1");
      assertFalse(messageId.isEmpty());
      assertEquals(1, stub.requests().size());
      assertEquals("sample-tx-1", stub.requests().get(0).transactionId());
    } finally {
      openmm7.detachAppender(events);
    }
    assertTrue(events.list.stream().anyMatch(e -> e.getLoggerName().equals("org.openmm7.client.Mm7Client")
        && e.getFormattedMessage().contains("sample-tx-1")), "mm7-client's own line about the submit: " + events.list);
  }
}
