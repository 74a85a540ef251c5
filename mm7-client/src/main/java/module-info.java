/**
 * OpenMM7's VASP library: the MM7 message model, the streaming SOAP/MIME codec, {@code Mm7Client}
 * and the inbound endpoint.
 *
 * <p>Jetty and the Servlet API are optional ({@code requires static}): only the inbound endpoint
 * ({@code org.openmm7.client.inbound}) uses them, so a VASP that only sends runs without them.
 * The internals ({@code org.openmm7.client.internal.*}) are not API: they are exported only to the
 * stub, which shares the transport, MIME and authentication code.
 */
module org.openmm7.client {
  requires transitive org.openmm7.schema;
  requires transitive java.xml;
  requires com.fasterxml.aalto;
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.slf4j;

  // the inbound endpoint only
  requires static transitive jakarta.servlet; // Mm7InboundServlet is an HttpServlet
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.ee10.servlet;
  // JaxbView only (its users add jaxb-runtime)
  requires static jakarta.xml.bind;

  exports org.openmm7.client;
  exports org.openmm7.client.codec;
  exports org.openmm7.client.content;
  exports org.openmm7.client.inbound;
  exports org.openmm7.client.message;

  exports org.openmm7.client.internal to org.openmm7.stub;
  exports org.openmm7.client.internal.auth to org.openmm7.stub;
  exports org.openmm7.client.internal.dedup to org.openmm7.stub;
  exports org.openmm7.client.internal.mime to org.openmm7.stub;
  exports org.openmm7.client.internal.soap to org.openmm7.stub;
  exports org.openmm7.client.internal.transport to org.openmm7.stub;
}
