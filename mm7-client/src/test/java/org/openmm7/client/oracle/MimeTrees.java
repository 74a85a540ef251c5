package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;

/** Compares a MIME tree as angus-mail reads it with the same tree as the codec holds it. */
final class MimeTrees {
  /** Headers both sides produce themselves rather than carry as "other headers". */
  private static final Set<String> OWN_HEADERS = Set.of("content-type", "content-id", "content-location",
      "content-transfer-encoding", "content-length", "mime-version");

  private MimeTrees() {}

  /**
   * Deviations a valid message may have: MM7Version is a pattern in the schema, so a version of
   * another release is valid, and the decoder rightly notes it; a TransactionID with blanks
   * around it is a valid xs:string that the decoder trims, and says so.
   */
  private static final Set<String> VALID_DEVIATIONS = Set.of("version-namespace-mismatch", "whitespace-in-values");

  /**
   * The findings a valid message must not have: violations, and deviations (what the
   * specification's senders do not do) other than {@link #VALID_DEVIATIONS}. Informational
   * findings (a legal form worth knowing) may be there.
   */
  static java.util.List<org.openmm7.client.codec.Finding> faults(java.util.List<org.openmm7.client.codec.Finding> findings) {
    java.util.List<org.openmm7.client.codec.Finding> out = new java.util.ArrayList<>();
    for (org.openmm7.client.codec.Finding f : findings) {
      if (f.severity() == org.openmm7.client.codec.Severity.VIOLATION
          || (f.severity() == org.openmm7.client.codec.Severity.DEVIATION && !VALID_DEVIATIONS.contains(f.code()))) {
        out.add(f);
      }
    }
    return out;
  }

  /** A multipart HTTP body read by angus-mail. */
  static MimeMultipart parse(String contentType, byte[] body) throws MessagingException, IOException {
    MimeMultipart mp = new MimeMultipart(new ByteArrayDataSource(body, contentType));
    mp.getCount(); // parses now, so that a malformed body fails here
    return mp;
  }

  /** The decoded body of an angus part. */
  static byte[] bytes(Part p) throws MessagingException, IOException {
    try (InputStream in = p.getInputStream()) {
      return in.readAllBytes();
    }
  }

  static byte[] bytes(MimePart p) throws IOException {
    if (p instanceof TextPart t) {
      return t.bytes();
    }
    return ((BinaryPart) p).bytes();
  }

  /** Asserts that angus-mail's part and the codec's part are the same part: type, IDs, headers, bytes, children. */
  static void assertSame(Part reference, MimePart codec, String where) throws MessagingException, IOException {
    jakarta.mail.internet.ContentType refType = new jakarta.mail.internet.ContentType(reference.getContentType());
    ContentType type = codec.contentType();
    assertEquals(refType.getBaseType().toLowerCase(Locale.ROOT), type.mediaType().toLowerCase(Locale.ROOT),
        where + ": media type");
    assertEquals(parameters(refType.getParameterList()), parameters(type.parameters()), where + ": parameters");
    assertEquals(contentId(reference), codec.contentId().orElse(null), where + ": Content-ID");
    assertEquals(header(reference, "Content-Location"), codec.contentLocation().orElse(null), where + ": Content-Location");
    assertEquals(otherHeaders(reference), otherHeaders(codec.headers()), where + ": other headers");
    if (codec instanceof Multipart m) {
      Object content = reference.getContent();
      assertTrue(content instanceof MimeMultipart, where + ": angus-mail did not read a multipart but " + content);
      MimeMultipart mp = (MimeMultipart) content;
      assertEquals(mp.getCount(), m.parts().size(), where + ": number of parts");
      for (int i = 0; i < mp.getCount(); i++) {
        assertSame(mp.getBodyPart(i), m.parts().get(i), where + "/" + i);
      }
    } else {
      assertArrayEquals(bytes(reference), bytes(codec), where + ": bytes");
    }
  }

  /** Asserts that two multiparts as angus-mail reads them have the same parts. */
  static void assertSameParts(MimeMultipart reference, java.util.List<MimePart> codec, String where)
      throws MessagingException, IOException {
    assertEquals(reference.getCount(), codec.size(), where + ": number of parts");
    for (int i = 0; i < codec.size(); i++) {
      BodyPart p = reference.getBodyPart(i);
      assertSame(p, codec.get(i), where + "/" + i);
    }
  }

  static String contentId(Part p) throws MessagingException {
    String id = header(p, "Content-ID");
    if (id == null) {
      return null;
    }
    id = id.trim();
    return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1).trim() : id;
  }

  static String header(Part p, String name) throws MessagingException {
    String[] values = p.getHeader(name);
    return values == null || values.length == 0 ? null : MimeUtility.unfold(values[0]).trim();
  }

  private static Map<String, String> parameters(ParameterList list) {
    Map<String, String> out = new TreeMap<>();
    if (list == null) {
      return out;
    }
    for (Enumeration<String> names = list.getNames(); names.hasMoreElements(); ) {
      String n = names.nextElement();
      if (!n.equalsIgnoreCase("boundary")) {
        out.put(n.toLowerCase(Locale.ROOT), list.get(n));
      }
    }
    return out;
  }

  private static Map<String, String> parameters(Map<String, String> params) {
    Map<String, String> out = new TreeMap<>();
    params.forEach((k, v) -> {
      if (!k.equalsIgnoreCase("boundary")) {
        out.put(k.toLowerCase(Locale.ROOT), v);
      }
    });
    return out;
  }

  /** A header value unfolded, each run of blanks one space (RFC 5322 3.2.2: folding white space is one space). */
  private static String blanks(String v) {
    return v.replaceAll("[ \t\r\n]+", " ").trim();
  }

  private static Map<String, String> otherHeaders(Part p) throws MessagingException {
    Map<String, String> out = new TreeMap<>();
    for (Enumeration<Header> e = p.getAllHeaders(); e.hasMoreElements(); ) {
      Header h = e.nextElement();
      if (!OWN_HEADERS.contains(h.getName().toLowerCase(Locale.ROOT))) {
        out.put(h.getName().toLowerCase(Locale.ROOT), blanks(h.getValue()));
      }
    }
    return out;
  }

  private static Map<String, String> otherHeaders(Map<String, String> headers) {
    Map<String, String> out = new TreeMap<>();
    headers.forEach((k, v) -> {
      if (!OWN_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
        out.put(k.toLowerCase(Locale.ROOT), blanks(v));
      }
    });
    return out;
  }
}
