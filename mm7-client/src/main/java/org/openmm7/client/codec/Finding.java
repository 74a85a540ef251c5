package org.openmm7.client.codec;

import java.util.Objects;

/**
 * Something the decoder noticed and tolerated: a deviation from TS 23.140 (or from the MIME, SOAP
 * and HTTP rules it builds on), or a legal form worth knowing. Its {@link #problem()} says how bad
 * it is ({@link #severity()}) and which rule it concerns ({@link #rule()}); a strict peer
 * ({@link FaultPolicy#strict()}) refuses a message with any {@link Severity#VIOLATION}.
 *
 * @param problem what was noticed; {@link DecodeProblem#code()} is a stable kebab-case name such as
 *                {@code missing-start-parameter}, and the corpus file showing it carries the same name
 * @param where   where it was seen, e.g. {@code HTTP Content-Type} or {@code SubmitReq/Sender}
 * @param message a human-readable explanation
 */
public record Finding(DecodeProblem problem, String where, String message) {
  public Finding {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  /** A finding named by its code ({@link DecodeProblem#of(String)}). */
  public Finding(String code, String where, String message) {
    this(DecodeProblem.of(code), where, message);
  }

  /** The problem's code, e.g. {@code missing-start-parameter}. */
  public String code() {
    return problem.code();
  }

  public Severity severity() {
    return problem.severity();
  }

  /** The rule concerned, as {@link DecodeProblem#rule()}. */
  public String rule() {
    return problem.rule();
  }

  /** Whether strict mode refuses a message for it. */
  public boolean isViolation() {
    return problem.isViolation();
  }

  @Override
  public String toString() {
    return problem.code() + " (" + problem.severity().wireName() + ") at " + where + ": " + message;
  }
}
