package org.openmm7.stub;

import java.util.Map;

/**
 * What one VASP sent the stub, as far as conformance goes.
 *
 * @param vaspId        the VASP (from its credentials, else SenderIdentification; {@code "(unknown)"} when neither)
 * @param requests      requests received
 * @param withFindings  requests that had at least one finding or were refused as unreadable
 * @param findingCounts how often each finding code (or decode-failure reason) occurred, by code
 * @param profileMatch  which built-in relay profile the VASP's traffic fits best, and where it departs from it
 */
public record VaspConformance(String vaspId, int requests, int withFindings, Map<String, Integer> findingCounts,
    ProfileMatch profileMatch) {
  public VaspConformance {
    findingCounts = Map.copyOf(findingCounts);
    java.util.Objects.requireNonNull(profileMatch, "profileMatch");
  }

  /** True when every request was read without a finding. */
  public boolean isClean() {
    return withFindings == 0;
  }
}
