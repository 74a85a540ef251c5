package org.openmm7.client.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Where the bytes of a {@link BinaryPart} come from. {@link #open()} may be called more than once
 * (each call must return a fresh stream over the same bytes), for example when a request is
 * retried or when its length is checked.
 */
@FunctionalInterface
public interface ContentSource {
  /** A new stream over the content; the caller closes it. */
  InputStream open() throws IOException;

  /**
   * The exact size in bytes when known. A known size lets the client send a Content-Length
   * instead of chunked transfer encoding; it must match what {@link #open()} yields.
   */
  default OptionalLong size() {
    return OptionalLong.empty();
  }
}
