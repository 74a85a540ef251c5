package org.openmm7.client.codec;

import org.openmm7.client.Mm7Exception;

/**
 * A message cannot be written in the chosen release: it uses an element, attribute or value
 * that release does not have, or lacks something the release requires. Nothing is dropped
 * silently; the message names the element and the release.
 */
public class Mm7EncodeException extends Mm7Exception {
  private static final long serialVersionUID = 1L;

  public Mm7EncodeException(String message) {
    super(message);
  }
}
