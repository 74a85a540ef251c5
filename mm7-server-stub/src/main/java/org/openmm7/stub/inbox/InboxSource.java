package org.openmm7.stub.inbox;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StubReply;
import org.openmm7.stub.VaspConformance;

/**
 * What the web inbox reads and changes of the stub it serves, and no more: the stub hands the
 * inbox an implementation (the inbox does not know the stub's class). Each method does what the
 * stub's method of the same name does.
 */
public interface InboxSource {
  /** The requests recorded since the start or the last clear, oldest first. */
  List<RecordedRequest> requests();

  /** The requests read back from the store at start (an empty list without a store). */
  List<RecordedRequest> restoredRequests();

  /** Forgets one recorded request; false if there was none with this sequence number. */
  boolean removeRequest(long sequence);

  /** Forgets every recorded request. */
  void clearRequests();

  /** Forgets the queued replies, the dispatcher and the recorded requests; the store is kept. */
  void reset();

  /** The replies queued for the next requests, in the order they will be used. */
  List<StubReply> queuedReplies();

  /** Queues a reply for the next request the queue has nothing for. */
  void enqueue(StubReply reply);

  /** Forgets the queued replies. */
  void clearQueuedReplies();

  /** Each VASP's conformance so far, by VASPID. */
  Map<String, VaspConformance> conformance();

  /** How many accepted messages the stub keeps. */
  long storedMessageCount();

  /** How many accepted messages the stub has forgotten beyond its bound (0 with a store directory). */
  long forgottenMessages();

  /** Where pushes go for VASPs without an account push URL, or null (they are held). */
  URI pushTarget();

  /** Sends later pushes to {@code endpoint} (user info in the URI as Basic credentials); null holds them. */
  void pushTo(URI endpoint);

  /** The largest message the stub takes, in bytes (the inbox's uploads are held to it too). */
  long maxMessageSize();
}
