package org.openmm7.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code <prefix>-<n>}. A class of its own so that a thread pool made at a
 * server's start does not load the HTTP transport (and HttpClient's classes) before it sends.
 */
public final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  /** Threads named {@code <prefix>-1}, {@code <prefix>-2}, ... */
  public static ThreadFactory named(String prefix) {
    return new DaemonThreads(prefix);
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
