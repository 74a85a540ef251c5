package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitResponse;

/**
 * A peer on a raw {@link ServerSocket} (127.0.0.1, port 0) whose answers are scripted byte by
 * byte: a thread per connection reads one request (headers and Content-Length body), then hands
 * the socket's output to the script, which may drip, stream gigabytes or answer properly. What
 * became of each connection (bytes written, whether the other side closed it) is queued.
 */
public final class ScriptedPeer implements AutoCloseable {
  /** One request as received. */
  public record Request(String head, byte[] body, Mm7Envelope envelope) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How one connection ended: the bytes of the answer written, and whether a write failed (the client closed). */
  record Ended(long written, boolean cutOff) {}

  public interface Script {
    /** Writes the answer; returns normally when done (the connection is then closed). */
    void answer(Request request, Answer out) throws IOException;
  }

  /** The answer's stream, counting what was written. */
  public static final class Answer {
    final OutputStream out;
    long written;

    Answer(OutputStream out) {
      this.out = out;
    }

    void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written += len;
    }

    void write(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      write(b, 0, b.length);
      out.flush();
    }

    /** Writes {@code bytes} bytes of 'x' in 64 KiB writes (generated, never held). */
    void stream(long bytes) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (long left = bytes; left > 0; ) {
        int n = (int) Math.min(chunk.length, left);
        write(chunk, 0, n);
        left -= n;
      }
      out.flush();
    }

    /** Writes the text a byte at a time, {@code gapMillis} apart (a drip), then ends. */
    void drip(String text, long gapMillis) throws IOException {
      byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < b.length; i++) {
        write(b, i, 1);
        out.flush();
        try {
          Thread.sleep(gapMillis); // the drip itself, not synchronisation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** A proper MM7 answer (1000) to the request, in its namespace, with its TransactionID. */
    public void mm7(Request r) throws IOException {
      Mm7Response rsp = switch (r.envelope().message().operation()) {
        case DELIVER_REQ -> DeliverResponse.builder().status(ResponseStatus.of(org.openmm7.client.message.Mm7Status.SUCCESS)).build();
        case READ_REPLY_REQ -> StatusResponse.readReply(ResponseStatus.of(org.openmm7.client.message.Mm7Status.SUCCESS));
        case SUBMIT_REQ -> SubmitResponse.builder().status(ResponseStatus.of(org.openmm7.client.message.Mm7Status.SUCCESS)).messageId("m-1").build();
        default -> StatusResponse.deliveryReport(ResponseStatus.of(org.openmm7.client.message.Mm7Status.SUCCESS));
      };
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of(r.envelope().transactionId(),
          r.envelope().release(), rsp));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      e.writeTo(body);
      write("HTTP/1.1 200 OK\r\nContent-Type: " + e.contentType() + "\r\nContent-Length: " + body.size()
          + "\r\nConnection: close\r\n\r\n");
      write(body.toByteArray(), 0, body.size());
      out.flush();
    }
  }

  final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final Script script;
  private final Thread acceptor;

  public ScriptedPeer(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "scripted-peer");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/mm7");
  }

  Ended takeEnded(long seconds) throws InterruptedException {
    Ended e = ended.poll(seconds, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no connection of the scripted peer ended within " + seconds + " s");
    }
    return e;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-peer-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    Answer a = null;
    boolean cutOff = false;
    try (s) {
      InputStream in = s.getInputStream();
      Request r = readRequest(in);
      requests.add(r);
      a = new Answer(s.getOutputStream());
      script.answer(r, a);
    } catch (IOException e) {
      cutOff = true;
    } finally {
      open.remove(s);
      ended.add(new Ended(a == null ? 0 : a.written, cutOff));
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the request ended in its head");
      }
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
          : c == '\r' ? 1 : 0;
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    String contentType = null;
    int length = 0;
    for (String line : h.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      } else if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).trim();
      }
    }
    byte[] body = in.readNBytes(length);
    Mm7Envelope envelope;
    try (DecodedMessage d = Mm7Codec.lenient().decode(contentType, new ByteArrayInputStream(body))) {
      envelope = d.envelope();
    }
    return new Request(h, body, envelope);
  }

  @Override
  public void close() throws IOException {
    server.close();
    List<Socket> all = new ArrayList<>(open);
    for (Socket s : all) {
      s.close();
    }
  }
}
