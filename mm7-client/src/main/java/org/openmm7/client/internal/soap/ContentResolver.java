package org.openmm7.client.internal.soap;

import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.Findings;
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

  /**
   * For a capture that holds no attachments (a bare SOAP envelope, or a SOAP-only body): a
   * reference to a part is content the capture left out, reported as {@code content-not-captured},
   * and the message is decoded without it. A reference that is a URL (not a Content-ID) is refused
   * as with {@link #NONE}: no capture would have held it.
   */
  static ContentResolver notCaptured(Findings findings) {
    return new ContentResolver() {
      @Override
      public MimePart resolve(String contentId, String where) throws Mm7DecodeException {
        if (contentId.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:/.*")) { // a URL, not a Content-ID
          return NONE.resolve(contentId, where);
        }
        findings.add(DecodeProblem.CONTENT_NOT_CAPTURED, where, "the content cid:" + contentId
            + " is not in the capture (it holds no attachments); decoded without it");
        return null;
      }

      @Override
      public MimePart unreferenced(String where) {
        return null;
      }
    };
  }
}
