package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quoted-printable and RFC 2047 decoding. */
class DecodersTest {

  private static String qp(String s) throws IOException {
    return new String(
        new QuotedPrintableInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1))).readAllBytes(),
        StandardCharsets.ISO_8859_1);
  }

  @Test
  void quotedPrintable() throws IOException {
    assertEquals("a=b", qp("a=3Db"));
    assertEquals("a=b", qp("a=3db"));
    assertEquals("soft break", qp("soft =\r\nbreak"));
    assertEquals("soft break", qp("soft =\nbreak"));
    assertEquals("soft break", qp("soft =  \r\nbreak"));
    assertEquals("hard\r\nbreak", qp("hard\r\nbreak"));
    assertEquals("bad =zz kept", qp("bad =zz kept"));
    assertEquals("= x", qp("= x"));
    assertEquals("end=", qp("end="));
    assertEquals("\u00fc", qp("=FC"));
  }

  @Test
  void encodedWords() {
    assertEquals("bild-ä.gif", EncodedWords.decode("=?UTF-8?B?YmlsZC3DpC5naWY=?="));
    assertEquals("Grüße aus Köln", EncodedWords.decode("=?iso-8859-1?Q?Gr=FC=DFe_aus?= =?iso-8859-1?Q?_K=F6ln?="));
    assertEquals("plain", EncodedWords.decode("plain"));
    assertEquals("=?nope?B?xx?=", EncodedWords.decode("=?nope?B?xx?="));
  }
}
