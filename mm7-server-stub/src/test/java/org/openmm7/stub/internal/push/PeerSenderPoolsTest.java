package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.ScriptedPeer;

/**
 * The sender keeps a connection pool for at most {@link PeerSender#MAX_PEERS} peers, and the bound
 * never closes a pool under an exchange still using it: a slow peer's answer arrives whatever the
 * number of other peers sent to meanwhile. Peers are raw sockets; a slow one answers when the test
 * lets it, so "slow" is a latch, not a timing.
 */
class PeerSenderPoolsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static PeerSender.Encoded deliver(String transactionId) throws IOException {
    DeliverRequest mo = DeliverRequest.builder().sender(Address.number("+447000000005"))
        .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("hello")).build();
    return PeerSender.encode(Mm7Codec.lenient(), Mm7Envelope.of(transactionId, Mm7Release.latest(), mo));
  }

  private static void assertAnswered(CompletableFuture<PeerSender.Answer> answer, String what) throws Exception {
    PeerSender.Answer a = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, a.httpStatus(), what);
    assertNull(a.problem(), what);
    assertEquals(Mm7Status.SUCCESS, a.response().status().mm7Status(), what);
  }

  /** A peer that answers each request when the test releases it, and tells when one arrived. */
  private static final class HeldPeer implements AutoCloseable {
    final CountDownLatch arrived;
    final CountDownLatch release = new CountDownLatch(1);
    final ScriptedPeer peer;

    HeldPeer(int requests) throws IOException {
      arrived = new CountDownLatch(requests);
      peer = new ScriptedPeer((r, out) -> {
        arrived.countDown();
        try {
          release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.mm7(r);
      });
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      peer.close();
    }
  }

  @Test
  void aSlowPeersExchangeIsAnsweredWhileMorePeersThanTheBoundAreSentToOneAfterAnother() throws Exception {
    try (HeldPeer slow = new HeldPeer(1);
        ScriptedPeer fast = new ScriptedPeer((r, out) -> out.mm7(r))) {
      PeerSender sender = new PeerSender(TIMEOUT, 64 * 1024, TlsOptions.defaults());
      try {
        CompletableFuture<PeerSender.Answer> held = sender.post(slow.peer.endpoint(), null, "DeliverReq", "tx-slow",
            deliver("tx-slow"));
        assertTrue(slow.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the slow peer got its request");
        // the slow peer's pool is the least recently used from the first of these on
        for (int i = 0; i < PeerSender.MAX_PEERS + 8; i++) {
          URI other = URI.create(fast.endpoint() + "/" + i);
          assertAnswered(sender.post(other, null, "DeliverReq", "tx-" + i, deliver("tx-" + i)), "peer " + i);
          assertTrue(sender.peers() <= PeerSender.MAX_PEERS, "pools: " + sender.peers());
        }
        slow.release.countDown();
        assertAnswered(held, "the slow peer");
        assertEquals(PeerSender.MAX_PEERS, sender.peers());
      } finally {
        sender.close();
      }
    }
  }

  @Test
  void severalSlowPeersAreAnsweredWhileManyOthersAreSentToAtOnce() throws Exception {
    int slowPeers = 6;
    try (HeldPeer slow = new HeldPeer(slowPeers);
        ScriptedPeer fast = new ScriptedPeer((r, out) -> out.mm7(r))) {
      PeerSender sender = new PeerSender(TIMEOUT, 64 * 1024, TlsOptions.defaults());
      try {
        List<CompletableFuture<PeerSender.Answer>> held = new ArrayList<>();
        for (int i = 0; i < slowPeers; i++) { // six peers (six URLs) on the one held server
          URI peer = URI.create(slow.peer.endpoint() + "/slow-" + i);
          held.add(sender.post(peer, null, "DeliverReq", "tx-slow-" + i, deliver("tx-slow-" + i)));
        }
        assertTrue(slow.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the slow peers got their requests");
        List<CompletableFuture<PeerSender.Answer>> others = new ArrayList<>();
        for (int i = 0; i < 3 * PeerSender.MAX_PEERS; i++) { // queued: the threads left take them in turn
          URI other = URI.create(fast.endpoint() + "/" + i);
          others.add(sender.post(other, null, "DeliverReq", "tx-" + i, deliver("tx-" + i)));
        }
        for (int i = 0; i < others.size(); i++) {
          assertAnswered(others.get(i), "peer " + i);
        }
        assertTrue(sender.peers() <= PeerSender.MAX_PEERS, "pools: " + sender.peers());
        slow.release.countDown();
        for (int i = 0; i < held.size(); i++) {
          assertAnswered(held.get(i), "slow peer " + i);
        }
        assertTrue(sender.peers() <= PeerSender.MAX_PEERS, "pools: " + sender.peers());
      } finally {
        sender.close();
      }
    }
  }

  @Test
  void aPeerSentToAgainAfterItsPoolWasEvictedGetsANewPool() throws Exception {
    try (ScriptedPeer fast = new ScriptedPeer((r, out) -> out.mm7(r))) {
      PeerSender sender = new PeerSender(TIMEOUT, 64 * 1024, TlsOptions.defaults());
      try {
        URI first = URI.create(fast.endpoint() + "/first");
        assertAnswered(sender.post(first, null, "DeliverReq", "tx-a", deliver("tx-a")), "first");
        for (int i = 0; i < PeerSender.MAX_PEERS; i++) { // the first's pool, idle and oldest, is closed
          URI other = URI.create(fast.endpoint() + "/" + i);
          assertAnswered(sender.post(other, null, "DeliverReq", "tx-" + i, deliver("tx-" + i)), "peer " + i);
        }
        assertEquals(PeerSender.MAX_PEERS, sender.peers());
        assertAnswered(sender.post(first, null, "DeliverReq", "tx-b", deliver("tx-b")), "first, again");
        assertEquals(PeerSender.MAX_PEERS, sender.peers());
      } finally {
        sender.close();
      }
    }
  }
}
