package org.openmm7.stub.hostile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.Mm7Response;

/**
 * Sends a message as raw bytes over a socket (so that broken framing reaches the server as it is)
 * and reads one HTTP response. The message is written by a second thread, so that a server that
 * answers early (a refused 100 MB body) is heard while the rest is still being sent; after the
 * last byte the socket's output is shut down (the server sees the end of input).
 */
public final class RawHttp {
  /** One HTTP response; {@code mm7Status} is the StatusCode of a decodable MM7 body, or null. */
  public record Response(int http, String contentType, byte[] body, Integer mm7Status, boolean closed) {
    @Override
    public String toString() {
      return http + " " + (mm7Status == null ? "" : "MM7 " + mm7Status + " ") + contentType + " "
          + new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
    }
  }

  private RawHttp() {}

  public static Response exchange(int port, InputStream message, int readTimeoutMillis) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(readTimeoutMillis);
      OutputStream out = socket.getOutputStream();
      Thread writer = new Thread(() -> {
        byte[] buf = new byte[64 * 1024];
        try (message) {
          int n;
          while ((n = message.read(buf)) >= 0) {
            out.write(buf, 0, n);
          }
          out.flush();
          socket.shutdownOutput();
        } catch (IOException e) {
          // the server closed the connection: what it answered is still to be read
        }
      }, "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      try {
        return read(socket.getInputStream());
      } finally {
        writer.interrupt();
      }
    }
  }

  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while (state < 4 && (c = in.read()) >= 0) {
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : (c == '\r' ? 1 : 0);
      if (head.size() > 64 * 1024) {
        throw new IOException("response head too long");
      }
    }
    if (head.size() == 0) {
      return new Response(0, null, new byte[0], null, true);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    int code = Integer.parseInt(status[1]);
    String contentType = null;
    long length = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("content-type")) {
        contentType = value;
      } else if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body;
    if (chunked) {
      body = dechunk(in);
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
    } else {
      body = readToEnd(in);
    }
    Integer mm7 = null;
    if (body.length > 0 && contentType != null && (contentType.contains("xml") || contentType.contains("multipart"))) {
      try (DecodedMessage d = Mm7Codec.lenient().decode(contentType, new ByteArrayInputStream(body))) {
        if (d.message() instanceof Mm7Response r) {
          mm7 = r.status().code();
        }
      } catch (IOException e) {
        // not MM7: the status stays null
      }
    }
    return new Response(code, contentType, body, mm7, false);
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0 && out.size() < (1 << 20)) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // a kept-alive connection with no length: what came is the body
    }
    return out.toByteArray();
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (c < 0) {
        return out.toByteArray();
      }
      if (line.length() == 0) {
        continue;
      }
      int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
    }
  }
}
