package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An HTML page where MM7 was expected is told apart from XML and MIME in place, without a string
 * of the body's start or a lower-case copy per reply; the answers are the former code's (kept
 * here as the reference).
 */
class HtmlReplyTest {
  private static boolean reference(String contentType, byte[] body) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
      return true;
    }
    int i = 0;
    while (i < body.length && i < 256 && Character.isWhitespace((char) (body[i] & 0xff))) {
      i++;
    }
    if (i >= body.length || body[i] != '<') {
      return false;
    }
    String start = new String(body, i, Math.min(body.length - i, 16), StandardCharsets.ISO_8859_1)
        .toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html");
  }

  private static boolean html(String contentType, String body) {
    return new HttpReply(200, "OK", contentType, body.getBytes(StandardCharsets.ISO_8859_1)).looksLikeHtml();
  }

  @Test
  void pagesAndTypesAreRecognised() {
    assertTrue(html("text/HTML; charset=utf-8", ""));
    assertTrue(html("application/xhtml+xml", "<?xml version='1.0'?>"));
    assertTrue(html(null, "  \r\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html>"));
    assertTrue(html("text/xml", "\t<HtMl><body>Error 500</body></html>"));
    assertFalse(html("text/xml", "<?xml version=\"1.0\"?><env:Envelope/>"));
    assertFalse(html("multipart/related; boundary=x", "--x\r\nContent-Type: text/html\r\n\r\n<html>"));
    assertFalse(html(null, "<htm"));
    assertFalse(html(null, "<!doctype htm"));
    assertFalse(html(null, ""));
    assertFalse(html(null, "x<html>"));
  }

  @Test
  void answersAsTheFormerCodeOnGeneratedReplies() {
    Random random = new Random(9110);
    String[] starts = {"<html", "<HTML>", "<!doctype html>", "<!DOCTYPE html", "<!DocType HTML", "<?xml", "<env:",
        "<htm", "<!doctype", "--", "", "<h\u00c0ml", "<\u00ceTML"};
    String[] types = {null, "text/xml", "text/html", "TEXT/HTML", "multipart/related", "application/xhtml+xml",
        "text/h\u0130ml", "text/htm"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder body = new StringBuilder();
      int spaces = random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(3);
      for (int k = 0; k < spaces; k++) {
        body.append(" \t\r\n\u000b\u000c\u00a0".charAt(random.nextInt(7)));
      }
      body.append(starts[random.nextInt(starts.length)]);
      if (random.nextBoolean()) {
        body.append(" lang=en>");
      }
      String type = types[random.nextInt(types.length)];
      byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
      assertEquals(reference(type, bytes), new HttpReply(200, "OK", type, bytes).looksLikeHtml(), type + " " + body);
    }
  }
}
