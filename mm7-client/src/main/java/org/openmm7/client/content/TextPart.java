package org.openmm7.client.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A text part: a string and the charset it is sent in. The text is encoded once, when the part is
 * made; text the charset cannot represent is refused rather than silently replaced. Meant for
 * small texts (it is held in memory). A part as received ({@link #decodeExactly}) holds its bytes
 * and makes its string at the first {@link #text()}: a relay that stores or forwards the part
 * never needs it.
 */
public final class TextPart implements MimePart {
  private final ContentType contentType;
  /** The text; null until {@link #text()} for a part decoded from bytes known to decode exactly. */
  private String text;
  private final Charset charset;
  private final byte[] encoded;
  private final PartMeta meta;

  private TextPart(ContentType contentType, String text, Charset charset, byte[] encoded, PartMeta meta) {
    this.contentType = contentType;
    this.text = text;
    this.charset = charset;
    this.encoded = encoded;
    this.meta = meta;
  }

  /** {@code text/plain; charset=utf-8}. */
  public static TextPart of(String text) {
    return create(PLAIN_UTF_8, text, StandardCharsets.UTF_8);
  }

  /** What {@code of(text, "text/plain", UTF_8)} makes, made once (a ContentType is immutable). */
  private static final ContentType PLAIN_UTF_8 = ContentType.parse("text/plain").withParameter("charset", "utf-8");

  /**
   * Text of the given media type (parameters allowed, e.g. {@code text/plain; format=flowed}) in
   * the given charset, which is set as the {@code charset} parameter.
   *
   * @throws IllegalArgumentException if the charset cannot encode the text
   */
  public static TextPart of(String text, String mediaType, Charset charset) {
    Objects.requireNonNull(charset, "charset");
    ContentType type =
        ContentType.parse(mediaType).withParameter("charset", charset.name().toLowerCase(Locale.ROOT));
    return create(type, text, charset);
  }

  /**
   * Text with exactly this content type. The charset comes from its {@code charset} parameter; when
   * there is none, US-ASCII is used if the text is ASCII (the MIME default), otherwise
   * {@code charset=utf-8} is added.
   *
   * @throws IllegalArgumentException if the charset is unknown or cannot encode the text
   */
  public static TextPart of(String text, ContentType contentType) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(text, "text");
    Optional<String> param = contentType.parameter("charset");
    if (param.isPresent()) {
      Optional<Charset> cs = contentType.charset();
      if (cs.isEmpty()) {
        throw new IllegalArgumentException("unknown charset: " + param.get());
      }
      return create(contentType, text, cs.get());
    }
    if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
      return create(contentType, text, StandardCharsets.US_ASCII);
    }
    return create(contentType.withParameter("charset", "utf-8"), text, StandardCharsets.UTF_8);
  }

  /**
   * The text part whose encoded form is exactly {@code encoded}, read in the charset of its
   * {@code charset} parameter (US-ASCII when there is none), or empty when the bytes are not
   * valid in that charset, the charset is unknown, or the text would not encode back to the same
   * bytes. For a part as received: its bytes stay what was sent. The array is kept, not copied:
   * it must not change afterwards.
   */
  public static Optional<TextPart> decodeExactly(byte[] encoded, ContentType contentType) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(contentType, "contentType");
    Charset cs;
    if (contentType.parameter("charset").isPresent()) {
      Optional<Charset> c = contentType.charset();
      if (c.isEmpty()) {
        return Optional.empty();
      }
      cs = c.get();
    } else {
      cs = StandardCharsets.US_ASCII;
    }
    if (decodesReversibly(encoded, cs)) {
      // these decodings are one-to-one: encoding the text again gives these bytes, no need to try;
      // the string is made when asked for
      return Optional.of(new TextPart(contentType, null, cs, encoded, PartMeta.EMPTY));
    }
    try {
      String text = cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(encoded))
          .toString();
      TextPart t = of(text, contentType);
      return Arrays.equals(t.encoded, encoded) ? Optional.of(t) : Optional.empty();
    } catch (CharacterCodingException | IllegalArgumentException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the JDK's String constructor reads the bytes exactly and {@link String#getBytes} gives
   * them back: any ISO-8859-1; US-ASCII bytes all below 0x80; well-formed UTF-8 (Unicode's table
   * of well-formed sequences: no overlong form, no surrogate, nothing above U+10FFFF, nothing
   * cut short), which is what decoded without a replacement character before. A well-formed
   * U+FFFD is accepted here too: it encodes back to the same three bytes.
   */
  private static boolean decodesReversibly(byte[] bytes, Charset cs) {
    if (cs.equals(StandardCharsets.ISO_8859_1)) {
      return true;
    }
    if (cs.equals(StandardCharsets.US_ASCII)) {
      for (byte b : bytes) {
        if (b < 0) {
          return false;
        }
      }
      return true;
    }
    return cs.equals(StandardCharsets.UTF_8) && isWellFormedUtf8(bytes);
  }

  static boolean isWellFormedUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c < 0xC2 || c > 0xF4) {
        return false;
      }
      if (c < 0xE0) {
        if (i + 1 >= n || (b[i + 1] & 0xC0) != 0x80) {
          return false;
        }
        i += 2;
        continue;
      }
      if (i + 2 >= n) {
        return false;
      }
      int c1 = b[i + 1] & 0xff;
      int lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      int hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      if (c1 < lo || c1 > hi || (b[i + 2] & 0xC0) != 0x80) {
        return false;
      }
      if (c < 0xF0) {
        i += 3;
        continue;
      }
      if (i + 3 >= n || (b[i + 3] & 0xC0) != 0x80) {
        return false;
      }
      i += 4;
    }
    return true;
  }

  private static TextPart create(ContentType type, String text, Charset charset) {
    Objects.requireNonNull(text, "text");
    byte[] bytes = encodedDirectly(text, charset);
    if (bytes != null) {
      return new TextPart(type, text, charset, bytes, PartMeta.EMPTY);
    }
    try {
      ByteBuffer bb =
          charset
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      bytes = Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
    } catch (CharacterCodingException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("the text cannot be encoded in " + charset.name(), e);
    }
    return new TextPart(type, text, charset, bytes, PartMeta.EMPTY);
  }

  /**
   * The text in UTF-8, US-ASCII or ISO-8859-1 through {@link String#getBytes(Charset)} (much
   * faster than a reporting encoder over a wrapped string) when every character is certain to
   * encode (no surrogate for UTF-8, none above the charset's range for the others); else null.
   */
  private static byte[] encodedDirectly(String text, Charset charset) {
    int limit;
    if (charset.equals(StandardCharsets.UTF_8)) {
      limit = Character.MIN_SURROGATE;
    } else if (charset.equals(StandardCharsets.US_ASCII)) {
      limit = 0x80;
    } else if (charset.equals(StandardCharsets.ISO_8859_1)) {
      limit = 0x100;
    } else {
      return null;
    }
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= limit && (limit != Character.MIN_SURROGATE || Character.isSurrogate(c))) {
        return null;
      }
    }
    return text.getBytes(charset);
  }

  /** The text. */
  public String text() {
    String t = text;
    if (t == null) {
      // only parts whose bytes decode exactly get here; two threads may both make it (equal strings)
      t = new String(encoded, charset.equals(StandardCharsets.UTF_8) ? charset : StandardCharsets.ISO_8859_1);
      text = t;
    }
    return t;
  }

  /** The charset the text is sent in. */
  public Charset charset() {
    return charset;
  }

  /** The encoded text (a copy). */
  public byte[] bytes() {
    return encoded.clone();
  }

  /** The size of the encoded text in bytes. */
  public long size() {
    return encoded.length;
  }

  /**
   * Writes the encoded text to {@code out} in one write, without a copy: the array handed to the
   * stream is the part's own, so the stream must not keep or change it (no stream of the JDK or
   * of an HTTP client does). A {@code ByteArrayInputStream}'s {@code transferTo} does the same on
   * JDK 17 but copies on later JDKs for streams outside java.io.
   */
  public void writeTo(OutputStream out) throws IOException {
    out.write(encoded);
  }

  /** A stream over the encoded text. */
  public InputStream openStream() {
    return new ByteArrayInputStream(encoded);
  }

  @Override
  public ContentType contentType() {
    return contentType;
  }

  @Override
  public Optional<String> contentId() {
    return meta.id();
  }

  @Override
  public Optional<String> contentLocation() {
    return meta.location();
  }

  @Override
  public Map<String, String> headers() {
    return meta.headers();
  }

  @Override
  public TextPart withContentId(String contentId) {
    return new TextPart(contentType, text, charset, encoded, meta.withId(contentId));
  }

  @Override
  public TextPart withContentLocation(String contentLocation) {
    return new TextPart(contentType, text, charset, encoded, meta.withLocation(contentLocation));
  }

  @Override
  public TextPart withHeader(String name, String value) {
    return new TextPart(contentType, text, charset, encoded, meta.withHeader(name, value));
  }

  @Override
  public String toString() {
    return "TextPart[" + contentType + ", " + encoded.length + " bytes"
        + meta.id().map(id -> ", cid " + id).orElse("") + "]";
  }
}
