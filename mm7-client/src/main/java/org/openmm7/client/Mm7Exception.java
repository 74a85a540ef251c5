package org.openmm7.client;

import java.io.IOException;

/** The root of every checked exception OpenMM7 throws: catch this one to handle them all. */
public class Mm7Exception extends IOException {
  private static final long serialVersionUID = 1L;

  public Mm7Exception(String message) {
    super(message);
  }

  public Mm7Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
