package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.stub.FakeVasp;
import org.openmm7.stub.HeldPushTest;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.PushRecord;

/**
 * Tombstones in the push journal are not forced on their own: a machine crash may lose one (and
 * whatever was written after it). The push it forgot then comes back at the next start, finished
 * as it was (a duplicate in the history, forgotten again by the bound), and is never sent again;
 * no pending push is lost.
 */
class PushTombstoneCrashTest {
  private static final String FAILING = "+46700000009";

  @TempDir
  Path dir;

  private static Mm7StubServer.Builder options(Path store, FakeVasp vasp) {
    return Mm7StubServer.builder().storeDirectory(store).vaspEndpoint(vasp.endpoint()).maxFinishedPushes(1)
        .deliveryReports(List.of()).pushRetrySchedule(List.of(Duration.ofHours(1), Duration.ofHours(1))).inbox(false);
  }

  /** Where each record of a journal file begins, and whether it is a tombstone. */
  private record Boundary(long at, boolean tombstone) {}

  private static List<Boundary> records(Path file) throws IOException {
    List<Boundary> out = new ArrayList<>();
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      long at = 0;
      ByteBuffer head = ByteBuffer.allocate(10);
      while (at + 10 <= c.size()) {
        head.clear();
        c.read(head, at);
        head.flip();
        int length = head.getInt();
        head.getInt(); // crc
        int idLength = head.getShort() & 0xffff;
        out.add(new Boundary(at, length == 2 + idLength));
        at += 8 + length;
      }
      assertEquals(c.size(), at, "whole records");
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void aForgottenPushWhoseTombstoneACrashLostComesBackFinishedNeverSentAgainAndNothingIsLost() throws Exception {
    Path store = dir.resolve("store");
    List<PushRecord> delivered = new ArrayList<>();
    String pendingId;
    try (FakeVasp vasp = new FakeVasp()) {
      vasp.answer = (n, r) -> r.message() instanceof DeliveryReportRequest d
          && FAILING.equals(d.recipient().value()) ? 4006 : 1000;
      try (Mm7StubServer stub = options(store, vasp).build().start()) {
        String id = HeldPushTest.submit(stub, "+46700000001");
        stub.pushes().deliveryReport(id, FAILING, MessageStatus.FORWARDED);
        FakeVasp.await("the first attempt of the push that stays pending", Duration.ofSeconds(10),
            () -> stub.pushes().history().stream().anyMatch(p -> p.attempts().size() == 1));
        pendingId = stub.pushes().history().get(0).id();
        for (MessageStatus s : List.of(MessageStatus.FORWARDED, MessageStatus.DEFERRED, MessageStatus.RETRIEVED)) {
          delivered.add(stub.pushes().deliveryReport(id, "+46700001000", s).get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, stub.pushes().forgotten(), "the bound is 1 finished push");
      }
      Set<String> deliveredIds = delivered.stream().map(PushRecord::id).collect(Collectors.toSet());
      Set<String> deliveredTransactions = delivered.stream().map(PushRecord::transactionId).collect(Collectors.toSet());
      Path journal = store.resolve("pushes").resolve(PushJournal.FILE);
      List<Boundary> records = records(journal);
      List<Boundary> tombstones = records.stream().filter(Boundary::tombstone).toList();
      assertEquals(2, tombstones.size(), "one tombstone per forgotten push: " + records);

      int crash = 0;
      for (Boundary tombstone : tombstones) {
        // a machine crash that lost this tombstone and what was written after it
        Path copy = dir.resolve("crash-" + crash++);
        copyTree(store, copy);
        try (FileChannel c = FileChannel.open(copy.resolve("pushes").resolve(PushJournal.FILE),
            StandardOpenOption.WRITE)) {
          c.truncate(tombstone.at());
        }
        int sentBefore = vasp.all.size();
        try (Mm7StubServer again = options(copy, vasp).build().start()) {
          List<PushRecord> history = again.pushes().history();
          PushRecord pending = again.pushes().get(pendingId);
          assertNotNull(pending, "the pending push is not lost: " + history);
          assertEquals(PushRecord.State.PENDING, pending.state());
          for (PushRecord p : history) {
            if (deliveredIds.contains(p.id())) {
              assertEquals(PushRecord.State.DELIVERED, p.state(), "a forgotten push comes back finished: " + p);
            }
          }
          assertTrue(history.stream().filter(p -> deliveredIds.contains(p.id())).count() <= 1,
              "the bound forgets it again: " + history);
          // the pending push is resumed at once; wait for that attempt, then look at what was sent
          FakeVasp.await("the pending push resumed", Duration.ofSeconds(10),
              () -> again.pushes().get(pendingId).attempts().size() >= 2);
          for (FakeVasp.Received r : vasp.all.subList(sentBefore, vasp.all.size())) {
            assertTrue(!deliveredTransactions.contains(r.envelope().transactionId()),
                "a delivered push was sent again: " + r.envelope().transactionId());
          }
        }
      }
    }
  }

  @Test
  void aDeliveredStateACrashLostSendsThePushAgainTheSameBytesNeverLosesIt() throws Exception {
    Path store = dir.resolve("store");
    try (FakeVasp vasp = new FakeVasp()) {
      PushRecord delivered;
      try (Mm7StubServer stub = options(store, vasp).maxFinishedPushes(10).build().start()) {
        String id = HeldPushTest.submit(stub, "+46700000001");
        delivered = stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.RETRIEVED).get(10, TimeUnit.SECONDS);
        assertEquals(PushRecord.State.DELIVERED, delivered.state());
      }
      FakeVasp.Received first = vasp.all.get(0);
      Path journal = store.resolve("pushes").resolve(PushJournal.FILE);
      List<Boundary> records = records(journal);
      assertEquals(2, records.size(), "made, then delivered: " + records);
      // a machine crash that lost the delivered state (an attempt's outcome is not forced on its own)
      try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
        c.truncate(records.get(1).at());
      }
      try (Mm7StubServer again = options(store, vasp).maxFinishedPushes(10).build().start()) {
        FakeVasp.await("the push sent again", Duration.ofSeconds(10), () -> vasp.all.size() == 2);
        FakeVasp.Received second = vasp.all.get(1);
        assertEquals(first.envelope().transactionId(), second.envelope().transactionId(),
            "the same TransactionID: a duplicate the VASP can recognise");
        assertEquals(first.message(), second.message());
        FakeVasp.await("delivered again", Duration.ofSeconds(10),
            () -> again.pushes().get(delivered.id()).state() == PushRecord.State.DELIVERED);
      }
    }
  }
}
