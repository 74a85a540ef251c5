package org.openmm7.client.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.OptionalLong;
import org.openmm7.client.content.ContentSource;

/**
 * A decoded part's bytes, owned by the part: the reader made the array and gives it away, so
 * there is no defensive copy (BinaryPart.ofBytes copies, which cost a second copy of every part).
 */
final class HeapContent implements ContentSource {
  private final byte[] data;

  HeapContent(byte[] data) {
    this.data = data;
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(data);
  }

  @Override
  public OptionalLong size() {
    return OptionalLong.of(data.length);
  }
}
