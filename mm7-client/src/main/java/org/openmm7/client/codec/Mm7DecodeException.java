package org.openmm7.client.codec;

import org.openmm7.client.Mm7ProtocolException;

/**
 * The decoder refused a message. {@link #problem()} says why, from the one table of
 * {@link DecodeProblem} (with the MM7 status a server answers, its severity and rule);
 * {@link #reason()} is its stable kebab-case code (for example {@code not-well-formed},
 * {@code pre-3gpp-dialect}, {@code size-limit-exceeded}) so that a server can choose its answer
 * ({@link FaultPolicy#refusal(Mm7DecodeException)}) and a test can assert on it; the message says
 * what was wrong.
 */
public class Mm7DecodeException extends Mm7ProtocolException {
  private static final long serialVersionUID = 1L;

  private final DecodeProblem problem;

  public Mm7DecodeException(DecodeProblem problem, String message) {
    this(problem, message, null, null);
  }

  public Mm7DecodeException(DecodeProblem problem, String message, String excerpt, Throwable cause) {
    super(bound(message), excerpt, cause);
    this.problem = java.util.Objects.requireNonNull(problem, "problem");
  }

  /** A refusal named by its code ({@link DecodeProblem#of(String)}). */
  public Mm7DecodeException(String reason, String message) {
    this(DecodeProblem.of(reason), message, null, null);
  }

  /** A refusal named by its code ({@link DecodeProblem#of(String)}). */
  public Mm7DecodeException(String reason, String message, String excerpt, Throwable cause) {
    this(DecodeProblem.of(reason), message, excerpt, cause);
  }

  /** Messages quote what was wrong; a hostile value must not make them megabytes long. */
  private static String bound(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE) + " more characters)";
  }

  private static final int MAX_MESSAGE = 2000;

  /** Why the message was refused. */
  public DecodeProblem problem() {
    return problem;
  }

  /** The code of {@link #problem()}, e.g. {@code not-well-formed}. */
  public String reason() {
    return problem.code();
  }
}
