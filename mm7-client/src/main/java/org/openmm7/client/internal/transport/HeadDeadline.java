package org.openmm7.client.internal.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractMetaDataConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's head: a connection whose request line and headers began to
 * arrive more than the deadline ago and are still not complete is closed. Jetty parses heads
 * without a thread (a header dripped a byte at a time costs only a socket), but only its idle
 * timeout would ever end one that never finishes. Added to a connector as a bean; it looks at the
 * connector's HTTP/1 connections a few times per deadline, so a head is cut off between one and
 * about one and a quarter deadlines after it began. Not part of the public API.
 */
public final class HeadDeadline extends AbstractLifeCycle implements Connection.Listener {
  private final Connector connector;
  private final long deadlineNanos;
  private final long periodMillis;
  private final Map<AbstractMetaDataConnection, State> connections = new ConcurrentHashMap<>();
  private volatile Scheduler.Task next;
  /** The periodic look, a class of its own rather than a method reference (no call site linked at start). */
  private final Runnable look = new Look();

  /** What is known of one connection between two looks. */
  private static final class State {
    long messagesOut;
    /** The bytes read when the connection was last between two requests. */
    long bytesAtRest;
    /** When bytes of a new head were first seen, or 0. */
    long headStart;
  }

  public HeadDeadline(Connector connector, Duration deadline) {
    this.connector = connector;
    this.deadlineNanos = deadline.toNanos();
    this.periodMillis = Math.max(50, deadline.toMillis() / 4);
  }

  /** Adds a head deadline to a connector (before it starts). */
  public static void install(Connector connector, Duration deadline) {
    ((org.eclipse.jetty.util.component.ContainerLifeCycle) connector).addBean(new HeadDeadline(connector, deadline));
  }

  @Override
  public void onOpened(Connection connection) {
    // Jetty's HTTP/1 connection (its class is in a package Jetty's module does not export); not the
    // TLS layer below it, whose bytes keep coming while a body arrives
    if (connection instanceof AbstractMetaDataConnection http) {
      connections.put(http, new State());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task t = next;
    if (t != null) {
      t.cancel();
    }
    connections.clear();
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = connector.getScheduler().schedule(look, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  private final class Look implements Runnable {
    @Override
    public void run() {
      look();
    }
  }

  private void look() {
    try {
      long now = System.nanoTime();
      for (Map.Entry<AbstractMetaDataConnection, State> e : connections.entrySet()) {
        AbstractMetaDataConnection c = e.getKey();
        State s = e.getValue();
        long in = c.getMessagesIn();
        long out = c.getMessagesOut();
        long bytes = c.getBytesIn();
        if (in > out) {
          s.headStart = 0; // a head is complete: the request is the handler's (its body has its own deadline)
          s.bytesAtRest = -1;
        } else if (s.bytesAtRest < 0 || out != s.messagesOut) {
          s.messagesOut = out; // a request just ended: from here on, new bytes are the next head
          s.bytesAtRest = bytes;
          s.headStart = 0;
        } else if (bytes > s.bytesAtRest && s.headStart == 0) {
          s.headStart = now;
        }
        if (s.headStart != 0 && now - s.headStart > deadlineNanos) {
          connections.remove(c);
          c.getEndPoint().close();
        }
      }
    } finally {
      schedule();
    }
  }
}
