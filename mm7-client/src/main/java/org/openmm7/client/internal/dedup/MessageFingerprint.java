package org.openmm7.client.internal.dedup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Mm7Message;

/**
 * A SHA-256 digest of a decoded request's canonical form: every field of the message (the model's
 * classes and records, walked field by field), the release and MM7Version it came in, and its
 * content's types, headers and decoded bytes. Two requests with the same fingerprint say the same
 * thing, however they were packaged: a retry written with another MIME boundary, another transfer
 * encoding, other namespace prefixes or another order of XML attributes has the fingerprint of the
 * first attempt. The Content-ID of the top content part (the SOAP body's {@code href} target, which
 * senders commonly generate anew) is left out; the Content-IDs inside it, which a SMIL presentation
 * refers to, are not.
 */
public final class MessageFingerprint {
  private static final HexFormat HEX = HexFormat.of();

  private MessageFingerprint() {}

  /**
   * The fingerprint, as 64 hex digits.
   *
   * @throws UncheckedIOException when a content part cannot be read
   */
  public static String of(String release, String mm7Version, Mm7Message message) {
    MessageDigest digest = sha256();
    Feed feed = new Feed(digest);
    feed.text(release);
    feed.text(mm7Version == null ? "" : mm7Version.strip());
    feed.value(message, true);
    return HEX.formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<Class<?>, List<Method>> ACCESSORS = new ConcurrentHashMap<>();

  /** Writes values into the digest, each tagged and length-prefixed so that no two forms collide. */
  private static final class Feed {
    private final MessageDigest digest;
    private final byte[] buffer = new byte[8192];

    Feed(MessageDigest digest) {
      this.digest = digest;
    }

    void value(Object v, boolean top) {
      if (v == null) {
        tag('N');
      } else if (v instanceof MimePart p) {
        part(p, top);
      } else if (v instanceof Record r) {
        tag('R');
        text(r.getClass().getName());
        for (RecordComponent c : r.getClass().getRecordComponents()) {
          text(c.getName());
          value(read(c.getAccessor(), r), top);
        }
      } else if (v instanceof Mm7Message m) {
        tag('C');
        text(m.getClass().getName());
        for (Method accessor : accessors(m.getClass())) {
          text(accessor.getName());
          value(read(accessor, m), top);
        }
      } else if (v instanceof Collection<?> c) {
        tag('L');
        number(c.size());
        for (Object o : c) {
          value(o, false);
        }
      } else if (v instanceof Map<?, ?> m) {
        tag('M');
        number(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          value(e.getKey(), false);
          value(e.getValue(), false);
        }
      } else if (v instanceof Optional<?> o) {
        tag('O');
        value(o.orElse(null), false);
      } else {
        // strings, numbers, enums, java.time values, Mm7Status, ContentType: their text is their value
        tag('S');
        text(v.getClass().getName());
        text(v.toString());
      }
    }

    private static Object read(Method accessor, Object o) {
      try {
        return accessor.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + accessor.getName() + " of " + o.getClass().getName(), e);
      }
    }

    /**
     * A message class's fields, read through their accessors (each field has a public accessor of
     * its name, as a record component has), in the order of their names so the form is stable.
     */
    private static List<Method> accessors(Class<?> type) {
      return ACCESSORS.computeIfAbsent(type, t -> Arrays.stream(t.getDeclaredFields())
          .filter(f -> !Modifier.isStatic(f.getModifiers()))
          .map(f -> accessor(t, f.getName()))
          .sorted(Comparator.comparing(Method::getName))
          .toList());
    }

    private static Method accessor(Class<?> type, String field) {
      try {
        return type.getMethod(field);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type.getName() + " has a field " + field + " without an accessor", e);
      }
    }

    private void part(MimePart p, boolean top) {
      tag('P');
      text(p.contentType().toString());
      value(top ? null : p.contentId().orElse(null), false);
      value(p.contentLocation().orElse(null), false);
      value(p.headers(), false);
      if (p instanceof Multipart m) {
        tag('[');
        number(m.parts().size());
        for (MimePart child : m.parts()) {
          part(child, false);
        }
      } else if (p instanceof TextPart t) {
        tag('T');
        text(t.text());
      } else {
        tag('B');
        // the bytes' own digest, a fixed 32 bytes, keeps the outer form unambiguous whatever the length
        MessageDigest bytes = sha256();
        try (InputStream in = ((BinaryPart) p).openStream()) {
          for (int r; (r = in.read(buffer)) >= 0; ) {
            bytes.update(buffer, 0, r);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        digest.update(bytes.digest());
      }
    }

    private void tag(char c) {
      digest.update((byte) c);
    }

    private void number(long n) {
      for (int i = 56; i >= 0; i -= 8) {
        digest.update((byte) (n >>> i));
      }
    }

    void text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      number(b.length);
      digest.update(b);
    }
  }
}
