package org.openmm7.stub.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openmm7.stub.RecordedRequest;

/**
 * Checks recordings against a {@link RequestPattern} and, when they fall short, says how: the
 * closest recorded requests, ranked by how many of the pattern's conditions each meets, with each
 * unmet condition's expected and actual value (WireMock's near-miss report).
 */
public final class Verification {
  /** How many near misses a report lists. */
  static final int NEAR_MISSES_SHOWN = 3;

  private Verification() {}

  /**
   * One condition a recording did not meet.
   *
   * @param condition what is tested, e.g. {@code subject}
   * @param expected  the expectation in words
   * @param actual    what the recording holds
   */
  public record Difference(String condition, String expected, String actual) {
    @Override
    public String toString() {
      return condition + ": expected " + expected + " but was " + actual;
    }
  }

  /**
   * A recording and how close it came.
   *
   * @param request     the recording
   * @param met         how many conditions it meets
   * @param of          how many the pattern has
   * @param differences the conditions it does not meet
   */
  public record NearMiss(RecordedRequest request, int met, int of, List<Difference> differences) {
    public NearMiss {
      differences = List.copyOf(differences);
    }
  }

  /** Throws an AssertionError with a near-miss report unless the count of matching recordings is right. */
  public static void verify(List<RecordedRequest> recordings, Count count, RequestPattern pattern) {
    List<RecordedRequest> matching = pattern.filter(recordings);
    if (count.test(matching.size())) {
      return;
    }
    StringBuilder b = new StringBuilder();
    b.append("expected ").append(count).append(" request(s) matching ").append(pattern).append(", but ")
        .append(matching.size()).append(" of the ").append(recordings.size()).append(" recorded matched");
    if (!matching.isEmpty()) {
      b.append("\nmatching:");
      matching.forEach(r -> b.append("\n  ").append(summary(r)));
    }
    b.append(report(pattern, recordings));
    throw new AssertionError(b.toString());
  }

  /**
   * The recordings that do not match, closest first: most conditions met, then latest first (the
   * request a test just sent is the likeliest one meant).
   */
  public static List<NearMiss> nearMisses(RequestPattern pattern, List<RecordedRequest> recordings) {
    List<NearMiss> misses = new ArrayList<>();
    List<Criterion> criteria = pattern.criteria();
    for (RecordedRequest r : recordings) {
      List<Criterion.Check> checks = pattern.checks(r);
      List<Difference> differences = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        if (!checks.get(i).met()) {
          Criterion c = criteria.get(i);
          differences.add(new Difference(c.name(), c.expected(), checks.get(i).actual()));
        }
      }
      if (!differences.isEmpty()) {
        misses.add(new NearMiss(r, checks.size() - differences.size(), checks.size(), differences));
      }
    }
    misses.sort(Comparator.comparingInt((NearMiss m) -> -m.met()).thenComparing(m -> -m.request().sequence()));
    return misses;
  }

  /** The near-miss part of a failure message: the closest few, or that nothing was recorded. */
  public static String report(RequestPattern pattern, List<RecordedRequest> recordings) {
    if (recordings.isEmpty()) {
      return "\nno request was recorded";
    }
    List<NearMiss> misses = nearMisses(pattern, recordings);
    if (misses.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nclosest recorded request(s):");
    for (NearMiss m : misses.subList(0, Math.min(NEAR_MISSES_SHOWN, misses.size()))) {
      b.append("\n  ").append(summary(m.request())).append(" meets ").append(m.met()).append(" of ").append(m.of())
          .append(':');
      m.differences().forEach(d -> b.append("\n      ").append(d));
    }
    if (misses.size() > NEAR_MISSES_SHOWN) {
      b.append("\n  (").append(misses.size() - NEAR_MISSES_SHOWN).append(" more not matching)");
    }
    return b.toString();
  }

  static String summary(RecordedRequest r) {
    return "#" + r.sequence() + " " + (r.operation() != null ? r.operation().elementName()
        : "unreadable (" + r.rejection() + ")") + (r.transactionId() != null ? " tx="
        + ValueMatcher.escape(r.transactionId()) : "");
  }
}
