package org.openmm7.stub.verify;

import java.util.function.IntPredicate;

/** How many recorded requests a verification expects to match: {@code times(2)}, {@code never()}, ... */
public final class Count {
  private final String description;
  private final IntPredicate test;

  private Count(String description, IntPredicate test) {
    this.description = description;
    this.test = test;
  }

  public static Count times(int n) {
    requireNotNegative(n);
    return new Count("exactly " + n, c -> c == n);
  }

  public static Count once() {
    return times(1);
  }

  public static Count never() {
    return new Count("no", c -> c == 0);
  }

  public static Count atLeast(int n) {
    requireNotNegative(n);
    return new Count("at least " + n, c -> c >= n);
  }

  public static Count atMost(int n) {
    requireNotNegative(n);
    return new Count("at most " + n, c -> c <= n);
  }

  public boolean test(int count) {
    return test.test(count);
  }

  @Override
  public String toString() {
    return description;
  }

  private static void requireNotNegative(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a count of " + n);
    }
  }
}
