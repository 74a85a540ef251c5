package org.openmm7.client;

/** What the client sends in the SOAPAction header: relays differ in what they accept. */
public enum SoapActionStyle {
  /** {@code SOAPAction: ""} (the default; what most relays expect). */
  EMPTY,
  /** {@code SOAPAction: "<the MM7 namespace of the release>"}. */
  NAMESPACE
}
