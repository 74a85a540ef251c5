package org.openmm7.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

/**
 * An HTTP response read whole into memory, bounded: MM7 replies are a few kilobytes, and a reply
 * beyond the bound (an error page streaming forever, say) is cut off with
 * {@link TooLargeException} while the connection is discarded rather than drained.
 *
 * @param status      the HTTP status code
 * @param reason      the reason phrase, or empty
 * @param contentType the Content-Type header, or null
 * @param body        the body bytes (empty when there was none)
 */
public record HttpReply(int status, String reason, String contentType, byte[] body) {

  /** The reply exceeded the bound. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient byte[] head;

    TooLargeException(int status, long limit, byte[] head) {
      super("the reply is larger than " + limit + " bytes");
      this.status = status;
      this.head = head;
    }

    public int status() {
      return status;
    }

    public byte[] head() {
      return head;
    }
  }

  /** A handler that reads at most {@code maxBytes} of the body. */
  public static HttpClientResponseHandler<HttpReply> reader(long maxBytes) {
    return response -> read(response, maxBytes);
  }

  private static HttpReply read(ClassicHttpResponse response, long maxBytes) throws IOException {
    Header ct = response.getFirstHeader("Content-Type");
    String contentType = ct == null ? null : ct.getValue();
    HttpEntity entity = response.getEntity();
    byte[] body = new byte[0];
    if (entity != null) {
      try (InputStream in = entity.getContent()) {
        long declared = entity.getContentLength();
        if (declared >= 0 && declared <= Math.min(maxBytes, 64 * 1024)) {
          // the usual reply: read into one array of the declared size (no 8 KiB buffer, no copy)
          body = in.readNBytes((int) declared);
          if (body.length == declared && in.read() < 0) {
            String reason = response.getReasonPhrase();
            return new HttpReply(response.getCode(), reason == null ? "" : reason, contentType, body);
          }
          throw new java.io.EOFException("the reply's body is not the " + declared + " bytes its Content-Length declares");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(
            (int) Math.min(Math.max(entity.getContentLength(), 256), Math.min(maxBytes, 64 * 1024)));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
          total += n;
          if (total > maxBytes) {
            abort(in);
            throw new TooLargeException(response.getCode(), maxBytes, out.toByteArray());
          }
          out.write(buf, 0, n);
        }
        body = out.toByteArray();
      }
    }
    String reason = response.getReasonPhrase();
    return new HttpReply(response.getCode(), reason == null ? "" : reason, contentType, body);
  }

  /**
   * Closes the connection under the body instead of reading the body to its end: closing a
   * Content-Length body would read (and drop) all that is left of it, the rest of a 2 GB answer.
   */
  private static void abort(InputStream in) throws IOException {
    if (in instanceof EofSensorInputStream sensor) {
      sensor.abort();
    }
  }

  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** Whether the body is blank (empty or whitespace only). */
  public boolean isBlank() {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** Whether the reply is an HTML page rather than XML or MIME. */
  public boolean looksLikeHtml() {
    if (contentType != null && containsIgnoreCase(contentType, "html")) {
      return true;
    }
    int i = 0;
    while (i < body.length && i < 256 && Character.isWhitespace((char) (body[i] & 0xff))) {
      i++;
    }
    if (i >= body.length || body[i] != '<') {
      return false; // (the usual answer, XML or MIME)
    }
    // compared in place: no string of the body's start, no lower-case copy, for every reply
    return startsWithIgnoreCase(body, i, "<!doctype html") || startsWithIgnoreCase(body, i, "<html");
  }

  /** Whether {@code s} contains {@code lowerAscii} ignoring ASCII case. */
  private static boolean containsIgnoreCase(String s, String lowerAscii) {
    for (int i = 0; i + lowerAscii.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, lowerAscii, 0, lowerAscii.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code b} holds {@code lowerAscii} at {@code from}, ignoring ASCII case (bytes read as ISO-8859-1). */
  private static boolean startsWithIgnoreCase(byte[] b, int from, String lowerAscii) {
    if (b.length - from < lowerAscii.length()) {
      return false;
    }
    for (int k = 0; k < lowerAscii.length(); k++) {
      int c = b[from + k] & 0xff;
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerAscii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** A bounded excerpt of the body as text. */
  public String excerpt() {
    return excerpt(body, contentType);
  }

  /** A bounded excerpt of some bytes as text, in the charset the Content-Type names (UTF-8 otherwise). */
  public static String excerpt(byte[] bytes, String contentType) {
    Charset cs = StandardCharsets.UTF_8;
    if (contentType != null) {
      int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (i >= 0) {
        String name = contentType.substring(i + 8).split("[;\\s]")[0].replace("\"", "");
        try {
          cs = Charset.forName(name);
        } catch (RuntimeException e) {
          // keep UTF-8
        }
      }
    }
    int len = Math.min(bytes.length, 2048);
    String s = new String(bytes, 0, len, cs);
    return s.length() > 600 ? s.substring(0, 600) : s;
  }
}
