package org.openmm7.stub;

import java.util.Objects;

/**
 * A VASP's credentials at the stub relay (HTTP Basic: the VASP ID as user name).
 *
 * @param vaspId   the VASP ID, also the Basic user name
 * @param password the password
 */
public record Account(String vaspId, String password) {
  public Account {
    Objects.requireNonNull(vaspId, "vaspId");
    Objects.requireNonNull(password, "password");
    if (vaspId.isEmpty() || vaspId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a VASP ID is not empty and holds no ':': " + vaspId);
    }
  }

  @Override
  public String toString() {
    return "Account[vaspId=" + vaspId + ", password=***]";
  }
}
