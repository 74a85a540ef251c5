package org.openmm7.client.codec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openmm7.client.message.Mm7Status;

/**
 * The one decision a receiver makes about a decoded (or undecodable) message: accept it, or refuse
 * it with which MM7 status and which words. The statuses, severities and rules come from the table
 * of {@link DecodeProblem}; the stub, the inbound endpoint and {@code mm7 inspect --strict} decide
 * through here, so they cannot disagree.
 *
 * <ul>
 *   <li>{@link #lenient()} refuses nothing that could be decoded;</li>
 *   <li>{@link #strict()} refuses a message with a {@link Severity#VIOLATION} finding, and names the
 *       rule each violation breaks; deviations and informational findings never refuse;</li>
 *   <li>{@link #refusing(DecodeProblem)} adds a problem refused whatever its severity (a relay that
 *       cannot answer in a namespace no release has refuses {@code unknown-namespace} even when
 *       lenient).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class FaultPolicy {
  private static final FaultPolicy LENIENT = new FaultPolicy(false, Set.of());
  private static final FaultPolicy STRICT = new FaultPolicy(true, Set.of());

  private final boolean strict;
  private final Set<DecodeProblem> alwaysRefused;

  private FaultPolicy(boolean strict, Set<DecodeProblem> alwaysRefused) {
    this.strict = strict;
    this.alwaysRefused = alwaysRefused;
  }

  public static FaultPolicy lenient() {
    return LENIENT;
  }

  public static FaultPolicy strict() {
    return STRICT;
  }

  /** {@link #strict()} or {@link #lenient()}. */
  public static FaultPolicy of(boolean strict) {
    return strict ? STRICT : LENIENT;
  }

  /** This policy, also refusing a message with a finding of {@code problem} (whatever its severity). */
  public FaultPolicy refusing(DecodeProblem problem) {
    Set<DecodeProblem> s = new LinkedHashSet<>(alwaysRefused);
    s.add(Objects.requireNonNull(problem, "problem"));
    return new FaultPolicy(strict, Set.copyOf(s));
  }

  public boolean isStrict() {
    return strict;
  }

  /**
   * The verdict on a decoded message's findings: empty to accept it, or the refusal. A problem
   * refused whatever its severity goes first (its status answers); then, in strict mode, every
   * violation in the order met, the first one's status answering.
   */
  public Optional<Refusal> judge(List<Finding> findings) {
    List<Finding> refused = new ArrayList<>();
    for (Finding f : findings) {
      if (alwaysRefused.contains(f.problem())) {
        refused.add(f);
      }
    }
    if (strict) {
      for (Finding f : findings) {
        if (f.isViolation() && !refused.contains(f)) {
          refused.add(f);
        }
      }
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    Mm7Status status = refused.get(0).problem().status();
    List<String> codes = new ArrayList<>();
    StringBuilder details = new StringBuilder();
    for (Finding f : refused) {
      if (!codes.contains(f.code())) {
        codes.add(f.code());
      }
      details.append(details.length() == 0 ? "" : "; ").append(f.code()).append(" at ").append(f.where())
          .append(": ").append(f.message()).append(" [").append(f.severity().wireName()).append(" of ")
          .append(f.rule()).append(']');
    }
    return Optional.of(new Refusal(status, status.defaultText() + ": " + String.join(", ", codes),
        details.toString(), refused.get(0).problem().faultCode(), List.copyOf(refused)));
  }

  /** The refusal of a message the decoder could not read, in every mode: the status from the table. */
  public static Refusal refusal(Mm7DecodeException e) {
    return refusal(e.problem(), e.getMessage());
  }

  /** The refusal of a message the decoder could not read for {@code problem}; {@code message} says what was wrong. */
  public static Refusal refusal(DecodeProblem problem, String message) {
    DecodeProblem p = Objects.requireNonNull(problem, "problem");
    message = message == null ? p.summary() : message;
    return new Refusal(p.status(), p.status().defaultText() + ": " + p.code(),
        message + " [" + p.severity().wireName() + " of " + p.rule() + "]", p.faultCode(), List.of());
  }

  /**
   * Why a message is refused.
   *
   * @param status    the MM7 status to answer with
   * @param text      StatusText: the status's text and the problem codes
   * @param details   Details: each problem where it was met, with the rule it breaks
   * @param faultCode the SOAP faultcode when not the usual {@code env:Client} (e.g. {@code env:MustUnderstand}), or null
   * @param findings  the findings refused for (empty for an undecodable message)
   */
  public record Refusal(Mm7Status status, String text, String details, String faultCode, List<Finding> findings) {
    public Refusal {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(text, "text");
      findings = List.copyOf(findings);
    }
  }

  @Override
  public String toString() {
    return (strict ? "strict" : "lenient") + (alwaysRefused.isEmpty() ? "" : " refusing " + alwaysRefused);
  }
}
