package org.openmm7.stub;

/**
 * {@link Dispatcher#RELAY}: every request answered as the relay does. A class rather than a lambda,
 * so that a stub's build links no call site and spins no class for it.
 */
final class RelayDispatcher implements Dispatcher {
  @Override
  public StubReply dispatch(RecordedRequest request) {
    return StubReply.relay();
  }

  @Override
  public String toString() {
    return "Dispatcher.RELAY";
  }
}
