package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;

/**
 * A POST to the inbox API from a browser page must come from the inbox's own origin, beside the
 * custom header. Before: any Origin was accepted once the header was there.
 */
class InboxOriginTest {
  private static int post(Mm7StubServer stub, String host, String origin) throws Exception {
    try (Socket s = new Socket("127.0.0.1", stub.port())) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      o.write(("POST /api/messages/1/delivery-report HTTP/1.1\r\nHost: " + host + "\r\n"
          + (origin == null ? "" : "Origin: " + origin + "\r\n") + InboxHandler.POST_HEADER + ": 1\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      o.flush();
      return Integer.parseInt(new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1).substring(9));
    }
  }

  @Test
  void aPostFromAnotherOriginIsRefused() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      InboxHooks.pushes(stub, new InboxHooks.FakePushes());
      String host = "127.0.0.1:" + stub.port();
      for (String foreign : new String[] {"http://attacker.example", "http://attacker.example:" + stub.port(),
          "null", "http://localhost:" + stub.port(), "http://127.0.0.1:" + (stub.port() + 1), "file://",
          "ftp://" + host, "garbage value"}) {
        assertEquals(403, post(stub, host, foreign), foreign);
      }
      // the inbox's own page, and a client that is no browser (no Origin): past the guard (404: no message 1)
      assertEquals(404, post(stub, host, "http://" + host));
      assertEquals(404, post(stub, "localhost:" + stub.port(), "http://LOCALHOST:" + stub.port()));
      assertEquals(404, post(stub, host, null));
    }
  }
}
