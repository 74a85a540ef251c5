package org.openmm7.client.oracle;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random MIME trees written by angus-mail: every transfer encoding (7bit, 8bit and binary where
 * the bytes allow them, base64, quoted-printable), folded and lower-case header names,
 * preambles and epilogues, nested multipart/related and multipart/mixed.
 */
final class AngusGen {
  private final Random r;
  /** The boundary of every multipart made, for {@link #padDelimiters}. */
  private final java.util.List<String> boundaries = new java.util.ArrayList<>();

  AngusGen(Random r) {
    this.r = r;
  }

  /** A multipart whose Content-Type (boundary included) is set; the caller may add parts. */
  MimeMultipart multipart(String subtype) throws MessagingException {
    Multi mp = new Multi(subtype);
    if (Gen.chance(r, 50)) {
      mp.parameter("boundary", boundary());
    }
    boundaries.add(new ContentType(mp.getContentType()).getParameter("boundary"));
    if (Gen.chance(r, 30)) {
      mp.setPreamble(Gen.chance(r, 50) ? "This is a multi-part message in MIME format." : "pre\r\namble -- \r\n");
    }
    return mp;
  }

  /**
   * A boundary of any characters RFC 2046 5.1.1 allows (bchars: digits, letters, '()+_,-./:=?'
   * and space, not last), 1 to 70 of them, with a random tail so that it cannot occur in content.
   */
  private String boundary() {
    String bchars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      sb.append(bchars.charAt(r.nextInt(bchars.length())));
    }
    sb.append(Long.toString(r.nextLong() & Long.MAX_VALUE, 36)); // unique, and no space last
    return sb.length() > 70 ? sb.substring(sb.length() - 70) : sb.toString();
  }

  /** A part of content: a leaf, or (while depth lasts) a nested multipart. */
  MimeBodyPart part(int depth) throws MessagingException, IOException {
    MimeBodyPart p = depth > 0 && Gen.chance(r, 35) ? nested(depth) : leaf();
    if (Gen.chance(r, 60)) {
      p.setHeader(name("Content-ID"), "<" + Gen.word(r) + "@" + Gen.word(r) + ">");
    }
    if (Gen.chance(r, 30)) {
      p.setHeader(name("Content-Location"), Gen.word(r) + ".dat");
    }
    if (Gen.chance(r, 30)) {
      // a folded header: CRLF and a blank continue it (RFC 5322 2.2.3)
      p.setHeader(name("Content-Description"), Gen.word(r) + "\r\n\t" + Gen.word(r));
    }
    return p;
  }

  private MimeBodyPart nested(int depth) throws MessagingException, IOException {
    String subtype = r.nextBoolean() ? "related" : "mixed";
    MimeMultipart mp = multipart(subtype);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      mp.addBodyPart(part(depth - 1));
    }
    MimeBodyPart p = new MimeBodyPart();
    String type = mp.getContentType();
    if (Gen.chance(r, 30)) {
      // an epilogue after the close delimiter: written as the part's raw body
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      mp.writeTo(out);
      out.write("epilogue, to be ignored\r\n".getBytes(StandardCharsets.US_ASCII));
      p.setDataHandler(new DataHandler(new ByteArrayDataSource(out.toByteArray(), type)));
    } else {
      p.setContent(mp);
    }
    p.setHeader(name("Content-Type"), fold(type));
    return p;
  }

  /** The header value folded before each parameter, sometimes (RFC 5322 2.2.3: CRLF then a blank). */
  private String fold(String value) {
    return Gen.chance(r, 30) ? value.replaceAll(";\\s*", ";\r\n\t") : value;
  }

  /**
   * The body with blanks after some delimiter lines: RFC 2046 5.1.1 allows transport padding
   * (spaces and tabs) between a boundary and the CRLF that ends its line.
   */
  byte[] padDelimiters(byte[] body) {
    if (!Gen.chance(r, 30)) {
      return body;
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    for (String b : boundaries) {
      String pad = Gen.pick(r, " ", "\t", "  \t ");
      text = text.replace("--" + b + "\r\n", "--" + b + pad + "\r\n").replace("--" + b + "--\r\n", "--" + b + "--" + pad + "\r\n");
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private MimeBodyPart leaf() throws MessagingException {
    byte[] bytes;
    String type;
    if (r.nextBoolean()) {
      Charset cs = Gen.pick(r, StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII,
          StandardCharsets.UTF_16BE);
      String text = Gen.text(r);
      bytes = text.getBytes(cs);
      type = Gen.pick(r, "text/plain", "application/smil", "text/html") + "; charset=" + cs.name().toLowerCase();
    } else {
      bytes = ModelGen.ContentGen.bytes(r);
      type = Gen.pick(r, "image/gif", "application/octet-stream", "audio/amr");
    }
    String cte = transferEncoding(bytes);
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
    p.setHeader(name("Content-Type"), fold(type));
    p.setHeader(name("Content-Transfer-Encoding"), Gen.chance(r, 20) ? cte.toUpperCase() : cte);
    return p;
  }

  /** A transfer encoding the bytes allow (RFC 2045 2.7-2.9: 7bit and 8bit are CRLF lines of at most 998 octets without NUL). */
  private String transferEncoding(byte[] b) {
    boolean lines = true;
    boolean ascii = true;
    int run = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == 0 || (c == '\r' && (i + 1 >= b.length || b[i + 1] != '\n')) || (c == '\n' && (i == 0 || b[i - 1] != '\r'))) {
        lines = false;
      }
      ascii &= c < 0x80;
      run = c == '\n' ? 0 : run + 1;
      if (run > 998) {
        lines = false;
      }
    }
    if (b.length > 0 && b[b.length - 1] == '\r') {
      lines = false;
    }
    String[] always = {"base64", "quoted-printable", "binary"};
    if (lines && r.nextBoolean()) {
      return ascii ? Gen.pick(r, "7bit", "8bit") : "8bit";
    }
    return Gen.pick(r, always);
  }

  /** A header name as given, or in lower case (names are case-insensitive, RFC 2045 / 5322). */
  private String name(String canonical) {
    return Gen.chance(r, 30) ? canonical.toLowerCase() : canonical;
  }

  /** A MimeMultipart of any subtype whose Content-Type can be set. */
  static final class Multi extends MimeMultipart {
    Multi(String subtype) throws MessagingException {
      super(subtype);
    }

    /** Adds a Content-Type parameter (type, start) next to the boundary. */
    void parameter(String name, String value) throws MessagingException {
      ContentType ct = new ContentType(contentType);
      ct.setParameter(name, value);
      contentType = ct.toString();
    }

    @Override
    public void updateHeaders() throws MessagingException {
      super.updateHeaders();
    }
  }
}
