package org.openmm7.client.internal.mime;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the headers, blank line and body of one MIME part (not its boundary lines). */
@FunctionalInterface
public interface PartWriter {
  void writeTo(OutputStream out) throws IOException;
}
