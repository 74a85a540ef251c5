package org.openmm7.client.codec;

import java.util.ArrayList;
import java.util.List;

/** Collects the findings of one decode; not thread-safe, one instance per message. */
public final class Findings {
  private final List<Finding> list = new ArrayList<>();

  public void add(DecodeProblem problem, String where, String message) {
    list.add(new Finding(problem, where, message));
  }

  /** Adds a finding named by its code ({@link DecodeProblem#of(String)}). */
  public void add(String code, String where, String message) {
    add(DecodeProblem.of(code), where, message);
  }

  public List<Finding> toList() {
    return List.copyOf(list);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }
}
