package org.openmm7.client.internal.soap;

import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.MimePart;

/** Finds the MIME part a Content element refers to; supplied by the codec, which owns the MIME body. */
public interface ContentResolver {
  /** The part for a Content-ID (already stripped of {@code cid:}), reporting or refusing what cannot be found. */
  MimePart resolve(String contentId, String where) throws Mm7DecodeException;

  /** The content of a message that can carry content but has no Content element: null when there are no attachments. */
  MimePart unreferenced(String where) throws Mm7DecodeException;

  /** For messages without any MIME attachments. */
  ContentResolver NONE = new ContentResolver() {
    @Override
    public MimePart resolve(String contentId, String where) throws Mm7DecodeException {
      throw new Mm7DecodeException(DecodeProblem.UNRESOLVED_CONTENT_REFERENCE,
          where + " refers to cid:" + contentId + " but the message has no attachments");
    }

    @Override
    public MimePart unreferenced(String where) {
      return null;
    }
  };
}
