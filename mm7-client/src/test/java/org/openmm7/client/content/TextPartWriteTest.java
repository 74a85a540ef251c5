package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A text part writes its encoded bytes in one write, without a copy; the plain UTF-8 part's type is made once. */
class TextPartWriteTest {
  @Test
  void writeToWritesTheEncodedTextInOneWrite() throws Exception {
    for (TextPart part : List.of(TextPart.of("Hello, w\u00f6rld \ud83d\ude00"), TextPart.of(""),
        TextPart.of("caf\u00e9", "text/plain", StandardCharsets.ISO_8859_1),
        TextPart.of("x".repeat(300_000), ContentType.parse("text/plain")))) {
      List<Integer> writes = new ArrayList<>();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      part.writeTo(new OutputStream() {
        @Override
        public void write(int b) {
          throw new AssertionError("a byte at a time");
        }

        @Override
        public void write(byte[] b, int off, int len) {
          writes.add(len);
          all.write(b, off, len);
        }
      });
      assertArrayEquals(part.bytes(), all.toByteArray(), part.toString());
      assertArrayEquals(part.openStream().readAllBytes(), all.toByteArray(), part.toString());
      assertEquals(List.of(part.bytes().length), writes, part.toString());
    }
  }

  @Test
  void thePlainTextPartIsWhatTheGeneralFormMakes() {
    for (String text : List.of("", "ascii", "\u00e9t\u00e9", "\ud83d\ude00")) {
      TextPart shortForm = TextPart.of(text);
      TextPart general = TextPart.of(text, "text/plain", StandardCharsets.UTF_8);
      assertEquals(general.contentType(), shortForm.contentType());
      assertEquals(general.contentType().toString(), shortForm.contentType().toString());
      assertEquals("text/plain; charset=utf-8", shortForm.contentType().toString());
      assertEquals(general.charset(), shortForm.charset());
      assertArrayEquals(general.bytes(), shortForm.bytes());
    }
  }
}
