package org.openmm7.stub;

/**
 * Chooses the reply to a request, like MockWebServer's dispatcher. Called on a server thread, for
 * every request the reply queue has nothing for; it may block (to hold a reply back) and must be
 * thread-safe. {@link StubReply#relay()} hands the request to the relay's own behaviour.
 */
@FunctionalInterface
public interface Dispatcher {
  /** The dispatcher of a plain relay: every request answered as the relay does. */
  Dispatcher RELAY = new RelayDispatcher();

  StubReply dispatch(RecordedRequest request) throws InterruptedException;
}
