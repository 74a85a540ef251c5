package org.openmm7.client.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP for tests from outside the project's own code: the JDK's HttpURLConnection (an independent
 * Basic and Digest client) and a raw socket. Shared by the client's and the stub's tests.
 */
public final class JdkHttp {
  private JdkHttp() {}

  /** A POST with HttpURLConnection, which answers Basic and Digest challenges on its own; the status. */
  public static int post(URI uri, String user, String password, String contentType, byte[] body) throws Exception {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setAuthenticator(new java.net.Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(user, password.toCharArray());
      }
    });
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    c.setRequestProperty("Content-Type", contentType);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    return status;
  }

  /** Writes a raw request and reads the answer until the server closes (at most 5 s). */
  public static String raw(URI uri, String request) throws Exception {
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
