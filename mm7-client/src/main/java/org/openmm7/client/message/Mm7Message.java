package org.openmm7.client.message;

/**
 * Any MM7 message, independent of the release (namespace) it travels in. The codec maps it to
 * and from the elements of a chosen release.
 */
public sealed interface Mm7Message permits Mm7Request, Mm7Response {
  /** Which operation element this message is. */
  Mm7Operation operation();
}
