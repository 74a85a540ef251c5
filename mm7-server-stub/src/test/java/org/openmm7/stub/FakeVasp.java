package org.openmm7.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.schema.Mm7Release;

/** A VASP endpoint for tests (the JDK's HttpServer): records each push and answers it as told. */
public final class FakeVasp implements AutoCloseable {
  /** One request received: the decoded message, its envelope, and the Authorization header. */
  public record Received(Mm7Envelope envelope, String authorization, int number) {
    public Mm7Message message() {
      return envelope.message();
    }
  }

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  public final List<Received> all = new CopyOnWriteArrayList<>();
  /** (request number from 1, request) -> status code to answer; 1000 by default. */
  public volatile BiFunction<Integer, Received, Integer> answer = (n, r) -> 1000;
  private final HttpServer server;

  public FakeVasp() throws IOException {
    this(0);
  }

  public FakeVasp(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/vasp", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vasp");
  }

  Received take() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the fake VASP within 10 s");
    }
    return r;
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    Received r;
    try (DecodedMessage d = Mm7Codec.lenient().decode(x.getRequestHeaders().getFirst("Content-Type"),
        new ByteArrayInputStream(body))) {
      r = new Received(d.envelope(), x.getRequestHeaders().getFirst("Authorization"), all.size() + 1);
    } catch (IOException | RuntimeException e) {
      x.sendResponseHeaders(400, -1);
      x.close();
      return;
    }
    all.add(r);
    int code = answer.apply(r.number(), r);
    ResponseStatus status = ResponseStatus.of(org.openmm7.client.message.Mm7Status.of(code));
    Mm7Response rsp;
    if (code >= 2000) {
      rsp = ErrorResponse.fromVasp(status);
    } else {
      switch (r.message().operation()) {
        case DELIVER_REQ:
          rsp = DeliverResponse.builder().status(status).build();
          break;
        case READ_REPLY_REQ:
          rsp = StatusResponse.readReply(status);
          break;
        default:
          rsp = StatusResponse.deliveryReport(status);
      }
    }
    Mm7Release rel = r.envelope().release();
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of(r.envelope().transactionId(), rel, rsp));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    byte[] bytes = out.toByteArray();
    x.getResponseHeaders().add("Content-Type", e.contentType());
    x.sendResponseHeaders(code >= 2000 ? 500 : 200, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
    received.add(r);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Waits, in short parks, until the condition holds; fails after the deadline. */
  public static void await(String what, Duration deadline, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }
}
