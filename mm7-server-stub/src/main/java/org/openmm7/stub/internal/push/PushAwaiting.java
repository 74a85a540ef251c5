package org.openmm7.stub.internal.push;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.stub.PushRecord;
import org.openmm7.stub.Pushes;

/**
 * Waiting until the relay stub's report about a message and recipient reached the VASP: the
 * DeliveryReportReq (or ReadReplyReq) with that MMStatus was answered 1000. A report given up
 * fails the wait at once; one still held for want of a push target keeps it waiting.
 */
public final class PushAwaiting {
  private PushAwaiting() {}

  public static PushRecord await(Pushes pushes, Mm7Operation operation, String messageId, String recipient,
      MessageStatus status, Duration timeout) {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(status, "status");
    String wanted = recipient.trim();
    Predicate<PushRecord> about = p -> p.operation() == operation && messageId.equals(p.messageId())
        && wanted.equals(p.recipient()) && status.equals(p.mmStatus());
    String what = operation.elementName() + " " + status.wireName() + " about " + messageId + " for " + wanted;
    CompletableFuture<PushRecord> outcome = new CompletableFuture<>();
    Supplier<PushRecord.State> forgotten = pushes instanceof PushManager m
        ? () -> m.forgottenOutcome(operation, messageId, wanted, status) : () -> null;
    try (AutoCloseable subscription = pushes.subscribe(p -> {
      if (about.test(p) && p.state() == PushRecord.State.DELIVERED) {
        outcome.complete(p); // told as it happened: even if the bound forgets it at once
      } else if (about.test(p)) {
        decide(pushes.history(), about, what, forgotten, outcome);
      }
    })) {
      decide(pushes.history(), about, what, forgotten, outcome); // after subscribing: nothing falls in between
      return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the " + what + " did not reach the VASP within " + timeout.toMillis() + " ms; "
          + describe(pushes.history(), messageId));
    } catch (ExecutionException e) {
      throw (AssertionError) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while awaiting the " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException(e); // closing the subscription does not fail
    }
  }

  /**
   * Delivered: done; given up with none other under way: failed; none kept but one forgotten (the
   * bound on finished pushes): failed, saying how it ended; else still waiting.
   */
  private static void decide(List<PushRecord> history, Predicate<PushRecord> about, String what,
      Supplier<PushRecord.State> forgotten, CompletableFuture<PushRecord> outcome) {
    List<PushRecord> mine = history.stream().filter(about).collect(Collectors.toList());
    if (mine.isEmpty()) {
      PushRecord.State ended = forgotten.get();
      if (ended != null) {
        outcome.completeExceptionally(new AssertionError("the " + what + " was " + ended + " and has since been"
            + " forgotten: the stub keeps only the latest finished pushes (maxFinishedPushes, --max-finished-pushes);"
            + " await it sooner or raise the bound"));
      }
      return;
    }
    for (PushRecord p : mine) {
      if (p.state() == PushRecord.State.DELIVERED) {
        outcome.complete(p);
        return;
      }
    }
    boolean underWay = mine.stream().anyMatch(p -> p.state() == PushRecord.State.PENDING
        || p.state() == PushRecord.State.HELD);
    if (!mine.isEmpty() && !underWay) {
      PushRecord last = mine.get(mine.size() - 1);
      outcome.completeExceptionally(new AssertionError("the " + what + " was given up: " + describe(last)));
    }
  }

  private static String describe(List<PushRecord> history, String messageId) {
    List<PushRecord> about = history.stream().filter(p -> messageId.equals(p.messageId()))
        .collect(Collectors.toList());
    if (about.isEmpty()) {
      return "no push about " + messageId + " was made (was DeliveryReport requested? is the MessageID the stub's?)";
    }
    return "pushes about it:" + about.stream().map(p -> "\n  " + describe(p)).collect(Collectors.joining());
  }

  private static String describe(PushRecord p) {
    StringBuilder b = new StringBuilder(p.id()).append(' ').append(p.operation().elementName());
    if (p.mmStatus() != null) {
      b.append(' ').append(p.mmStatus().wireName());
    }
    if (p.recipient() != null) {
      b.append(" for ").append(p.recipient());
    }
    b.append(": ").append(p.state());
    if (p.state() == PushRecord.State.HELD) {
      b.append(" (no push target: set one with pushTo, then pushes().sendHeld())");
    } else if (!p.attempts().isEmpty()) {
      PushRecord.Attempt a = p.attempts().get(p.attempts().size() - 1);
      b.append(" after ").append(p.attempts().size()).append(" attempt(s)");
      if (a.error() != null) {
        b.append(", last: ").append(a.error());
      }
    }
    return b.toString();
  }
}
