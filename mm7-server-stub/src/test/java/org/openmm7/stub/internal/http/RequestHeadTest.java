package org.openmm7.stub.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/**
 * The recorded head is written once per request and its header map read back from it only when
 * asked for: the head and the map are what the recorder made before (its code kept below as the
 * reference), and making the head allocates a fraction of what the head and the map cost.
 */
class RequestHeadTest {
  private static final String[] NAMES = {"Host", "Content-Type", "Content-Length", "SOAPAction", "Authorization",
      "X-Trace", "x-lower", "X-UPPER", "Accept-Encoding", "User-Agent", "Connection", "Expect", "X-Empty"};
  private static final String VALUE_CHARS = "abcXYZ019 =;\"',:/<>()@\\\u00e9\u00ff";

  /** The recorder's head and header map as they were made per request before. */
  private record Reference(String head, Map<String, List<String>> headers) {
    static Reference of(String method, String pathQuery, String protocol, HttpFields fields) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(pathQuery).append(' ').append(protocol).append("\r\n");
      for (HttpField f : fields) {
        String value = f.getValue();
        if (f.getHeader() == HttpHeader.AUTHORIZATION) {
          int sp = value.indexOf(' ');
          value = (sp > 0 ? value.substring(0, sp) : value) + " ***";
        }
        headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>(1)).add(value);
        head.append(f.getName()).append(": ").append(value).append("\r\n");
      }
      head.append("\r\n");
      headers.replaceAll((k, v) -> List.copyOf(v));
      return new Reference(head.toString(), Map.copyOf(headers));
    }
  }

  @Test
  void headAndHeadersAreWhatTheRecorderMadeBefore() {
    Random random = new Random(15);
    for (int round = 0; round < 5_000; round++) {
      HttpFields.Mutable fields = HttpFields.build();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        String name = NAMES[random.nextInt(NAMES.length)];
        fields.add(name, name.equals("X-Empty") ? "" : value(random));
      }
      String path = random.nextBoolean() ? "/mm7" : "/mm7?a=b&c=%20d";
      Reference expected = Reference.of("POST", path, "HTTP/1.1", fields);
      String head = RequestHead.of("POST", path, "HTTP/1.1", fields);
      assertEquals(expected.head(), head, "round " + round);
      assertEquals(expected.headers(), RequestHead.headers(head), head);
    }
  }

  @Test
  void credentialsAreMaskedInTheHeadAndTheHeaders() {
    HttpFields fields = HttpFields.build().add("Host", "127.0.0.1").add("Authorization", "Basic dmFzcDpzZWNyZXQ=")
        .add("authorization", "Token-without-scheme");
    String head = RequestHead.of("POST", "/mm7", "HTTP/1.1", fields);
    assertFalse(head.contains("dmFzcDpzZWNyZXQ="), head);
    assertTrue(head.contains("Authorization: Basic ***\r\n"), head);
    assertTrue(head.contains("authorization: Token-without-scheme ***\r\n"), head);
    assertEquals(List.of("Basic ***", "Token-without-scheme ***"), RequestHead.headers(head).get("authorization"));
    assertEquals(Reference.of("POST", "/mm7", "HTTP/1.1", fields).headers(), RequestHead.headers(head));
  }

  @Test
  void aHeadWithoutHeadersHasAnEmptyMap() {
    String head = RequestHead.of("POST", "/mm7", "HTTP/1.0", HttpFields.EMPTY);
    assertEquals("POST /mm7 HTTP/1.0\r\n\r\n", head);
    assertEquals(Map.of(), RequestHead.headers(head));
  }

  /**
   * A SubmitReq's usual head (seven headers, as HttpClient sends them): its text alone, in one
   * array of its size, where the recorder made a map of lists and a string builder grown by copies
   * (about 2.5 KB) for every request.
   */
  @Test
  void writingTheHeadAllocatesLittleMoreThanItsText() {
    HttpFields fields = HttpFields.build().add("Content-Length", "1482")
        .add("Content-Type", "multipart/related; type=\"text/xml\"; start=\"<mm7-soap-0a1b2c3d4e5f>\"; "
            + "boundary=mm7-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .add("Host", "127.0.0.1:41234").add("Connection", "keep-alive").add("User-Agent", "OpenMM7/0.1.0")
        .add("SOAPAction", "\"\"").add("Accept-Encoding", "gzip, x-gzip, deflate");
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int rounds = 20_000;
    long sink = 0;
    for (int i = 0; i < rounds; i++) { // warm: the figure is the compiled code's
      sink += RequestHead.of("POST", "/mm7", "HTTP/1.1", fields).length();
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < rounds; i++) {
      sink += RequestHead.of("POST", "/mm7", "HTTP/1.1", fields).length();
    }
    long perHead = (mx.getThreadAllocatedBytes(thread) - before) / rounds;
    for (int i = 0; i < rounds; i++) {
      sink += Reference.of("POST", "/mm7", "HTTP/1.1", fields).head().length();
    }
    before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < rounds; i++) {
      sink += Reference.of("POST", "/mm7", "HTTP/1.1", fields).head().length();
    }
    long perReference = (mx.getThreadAllocatedBytes(thread) - before) / rounds;
    String head = RequestHead.of("POST", "/mm7", "HTTP/1.1", fields);
    assertTrue(sink > 0);
    // the String and its bytes (Latin-1: a byte a char), plus the builder's one array of that size
    long bound = 2L * head.length() + 160;
    assertTrue(perHead < bound, perHead + " bytes allocated per head of " + head.length() + " chars");
    // the bound is one the recorder's former head and map did not meet
    assertTrue(perReference > bound, perReference + " bytes allocated per head and map before");
  }

  private static String value(Random random) {
    int n = random.nextInt(20);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(VALUE_CHARS.charAt(random.nextInt(VALUE_CHARS.length())));
    }
    return b.toString().strip().isEmpty() ? "v" : b.toString().strip();
  }
}
