package org.openmm7.client.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;

/** The two parsers behind XmlTreeReader (Aalto for UTF-8, the JDK's otherwise) build the same trees. */
class XmlTreeReaderTest {
  private static Path corpus() {
    return org.openmm7.client.hostile.HostileCorpus.corpus(); // the one place that knows where it is
  }

  /** The SOAP envelope of a corpus file (from its first '<' of a prolog or envelope to the envelope's end tag). */
  private static byte[] envelopeOf(Path file) throws IOException {
    String s = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    int end = s.lastIndexOf("Envelope>");
    if (end < 0) {
      return null;
    }
    int start = s.indexOf("<?xml");
    if (start < 0 || start > end) {
      start = s.lastIndexOf('<', s.indexOf("Envelope"));
    }
    return s.substring(start, end + "Envelope>".length()).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String render(XmlNode n) {
    StringBuilder sb = new StringBuilder();
    render(n, sb);
    return sb.toString();
  }

  private static void render(XmlNode n, StringBuilder sb) {
    sb.append('{').append(n.namespace).append('}').append(n.prefix).append(':').append(n.localName);
    String[] d = n.namespaceDeclarations();
    for (int i = 0; i < d.length; i += 2) {
      sb.append(" xmlns:").append(d[i]).append('=').append(d[i + 1]);
    }
    for (XmlNode.Attr a : n.attributes) {
      sb.append(" {").append(a.namespace()).append('}').append(a.localName()).append('=').append(a.value());
    }
    sb.append('[').append(n.rawText()).append(']');
    for (XmlNode c = n.firstChild; c != null; c = c.nextSibling) {
      render(c, sb);
    }
    sb.append('/');
  }

  private static String outcome(byte[] xml, boolean aalto) {
    try {
      Findings f = new Findings();
      return render(XmlTreeReader.parse(xml, StandardCharsets.UTF_8, f, aalto)) + f.toList();
    } catch (Mm7DecodeException e) {
      return "refused: " + e.reason();
    }
  }

  @Test
  void bothParsersBuildTheSameTreeForEveryCorpusEnvelope() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : new String[] {"golden", "deviations", "rejected"}) {
      try (Stream<Path> s = Files.walk(corpus().resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".http")).forEach(files::add);
      }
    }
    assertTrue(files.size() > 150, "corpus files: " + files.size());
    int compared = 0;
    for (Path file : files) {
      byte[] xml = envelopeOf(file);
      if (xml == null) {
        continue;
      }
      assertEquals(outcome(xml, false), outcome(xml, true), file.toString());
      compared++;
    }
    assertTrue(compared > 150, "envelopes compared: " + compared);
  }

  /** The outcome with the whole refusal (message and excerpt), for parses that must agree to the letter. */
  private static String fullOutcome(byte[] array, int offset, int length, boolean aalto) {
    try {
      Findings f = new Findings();
      return render(XmlTreeReader.parse(array, offset, length, StandardCharsets.UTF_8, f, aalto)) + f.toList();
    } catch (Mm7DecodeException e) {
      return "refused: " + e.reason() + ": " + e.getMessage() + " excerpt " + e.excerpt();
    }
  }

  /**
   * A SOAP part read where it lies in its body (between delimiter lines, other parts' bytes) parses
   * as a copy of it would: the same tree and findings, or the same refusal to the letter, for every
   * corpus envelope and for prologs, byte-order marks, blanks, encodings and broken bytes, through
   * either parser.
   */
  @Test
  void aPartReadInPlaceParsesAsItsCopy() throws IOException {
    List<byte[]> documents = new ArrayList<>();
    for (String dir : new String[] {"golden", "deviations", "rejected"}) {
      try (Stream<Path> s = Files.walk(corpus().resolve(dir))) {
        for (Path file : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".http"))::iterator) {
          byte[] xml = envelopeOf(file);
          if (xml != null) {
            documents.add(xml);
          }
        }
      }
    }
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    for (String text : new String[] {"<a xmlns=\"urn:x\">x</a>", "\n\r\n  <?xml version=\"1.0\"?><a/>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\u00e9</a>",
        "<?xml version=\"1.1\"?><a/>", "<a><b></a>", "<a>&undeclared;</a>", "<!DOCTYPE a><a/>", "<a><?pi x?></a>", "",
        "   ", "<", "<a/><b/>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a b=\"1\" b=\"2\"/>"}) {
      documents.add(text.getBytes(StandardCharsets.UTF_8));
      byte[] withBom = new byte[3 + text.getBytes(StandardCharsets.UTF_8).length];
      System.arraycopy(bom, 0, withBom, 0, 3);
      System.arraycopy(text.getBytes(StandardCharsets.UTF_8), 0, withBom, 3, withBom.length - 3);
      documents.add(withBom);
      documents.add(text.getBytes(StandardCharsets.UTF_16));
    }
    documents.add(new byte[] {'<', 'a', '>', (byte) 0xC0, (byte) 0xBC, '<', '/', 'a', '>'});
    documents.add(new byte[] {'<', 'a', '>', (byte) 0xE2, (byte) 0x82});
    byte[] before = "--=_b\r\nContent-Type: text/xml\r\n\r\n\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] after = {(byte) 0xAC, '\r', '\n', '-', '-', '=', '_', 'b', '-', '-', (byte) 0xFF};
    int compared = 0;
    for (byte[] xml : documents) {
      byte[] body = new byte[before.length + xml.length + after.length];
      System.arraycopy(before, 0, body, 0, before.length);
      System.arraycopy(xml, 0, body, before.length, xml.length);
      System.arraycopy(after, 0, body, before.length + xml.length, after.length);
      for (boolean aalto : new boolean[] {true, false}) {
        assertEquals(fullOutcome(xml, 0, xml.length, aalto), fullOutcome(body, before.length, xml.length, aalto),
            new String(xml, StandardCharsets.UTF_8));
        compared++;
      }
    }
    assertTrue(compared > 300, "parses compared: " + compared);
  }

  @Test
  void nonAsciiTextReadsTheSameThroughEitherParser() {
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a xmlns=\"urn:x\" t=\"\u00e9\u20ac\">"
        + "Gr\u00fc\u00dfe \u4f60\u597d \ud83d\ude00 &amp; &lt;b&gt;<![CDATA[<x>]]></a>").getBytes(StandardCharsets.UTF_8);
    String jdk = outcome(xml, false);
    assertEquals(jdk, outcome(xml, true));
    assertTrue(jdk.contains("Gr\u00fc\u00dfe \u4f60\u597d \ud83d\ude00 & <b><x>"), jdk);
  }

  @Test
  void strictUtf8RefusesOverlongSurrogateAndOutOfRangeSequences() {
    assertEquals(2, XmlTreeReader.strictUtf8SequenceLength(new byte[] {(byte) 0xC3, (byte) 0xA9}, 0));
    assertEquals(3, XmlTreeReader.strictUtf8SequenceLength(new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, 0));
    assertEquals(4, XmlTreeReader.strictUtf8SequenceLength(
        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, 0));
    byte[][] bad = {
        {(byte) 0xC0, (byte) 0xBC}, // overlong '<'
        {(byte) 0xC1, (byte) 0xBF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xBC}, // overlong 3-byte
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
        {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xBC}, // overlong 4-byte
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, // a lone continuation byte
        {(byte) 0xE2, (byte) 0x82}, // cut short
        {(byte) 0xC3, (byte) 0x41}, // not a continuation
    };
    for (byte[] b : bad) {
      assertEquals(0, XmlTreeReader.strictUtf8SequenceLength(b, 0), java.util.Arrays.toString(b));
    }
  }

  @Test
  void documentsAaltoWouldReadDifferentlyGoToTheJdkParserAndAreRefusedAsBefore() {
    String envelope = "<a xmlns=\"urn:x\">x</a>";
    byte[] overlong = {'<', 'a', '>', (byte) 0xC0, (byte) 0xBC, '<', '/', 'a', '>'};
    assertEquals("refused: not-well-formed", outcome(overlong, true));
    byte[] twoBoms = new byte[6 + envelope.length()];
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    System.arraycopy(bom, 0, twoBoms, 0, 3);
    System.arraycopy(bom, 0, twoBoms, 3, 3);
    System.arraycopy(envelope.getBytes(StandardCharsets.US_ASCII), 0, twoBoms, 6, envelope.length());
    assertEquals("refused: not-well-formed", outcome(twoBoms, true));
    assertEquals("refused: not-well-formed", outcome("<a>&undeclared;</a>".getBytes(StandardCharsets.US_ASCII), true));
    String longName = "n".repeat(XmlTreeReader.MAX_NAME_LENGTH + 1);
    assertEquals("refused: not-well-formed",
        outcome(("<" + longName + "/>").getBytes(StandardCharsets.US_ASCII), true));
    StringBuilder many = new StringBuilder("<a ");
    for (int i = 0; i <= XmlTreeReader.AALTO_MAX_EQUALS; i++) {
      many.append('b').append(i).append("=\"\" ");
    }
    assertEquals("refused: too-many-attributes", outcome(many.append("/>").toString()
        .getBytes(StandardCharsets.US_ASCII), true));
    assertFalse(outcome(envelope.getBytes(StandardCharsets.US_ASCII), true).startsWith("refused"));
    assertThrows(Mm7DecodeException.class, () -> XmlTreeReader.parse(
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8,
        new Findings(), true));
  }

  /**
   * Names that never repeat cannot grow Aalto's shared symbol table without end: after documents
   * that could hold NAMES_PER_GENERATION names, parsing moves to a new factory.
   */
  @Test
  void aaltoFactoriesAreReplacedAsNamesGoThroughThem() throws Exception {
    int before = XmlTreeReader.AaltoGeneration.generations();
    int perDocument = 500;
    int documents = 3 * XmlTreeReader.AaltoGeneration.NAMES_PER_GENERATION / perDocument;
    for (int d = 0; d < documents; d++) {
      StringBuilder sb = new StringBuilder("<root xmlns=\"urn:x\">");
      for (int e = 0; e < perDocument - 1; e++) {
        sb.append("<n").append(d).append('_').append(e).append("/>");
      }
      byte[] xml = sb.append("</root>").toString().getBytes(StandardCharsets.UTF_8);
      XmlNode root = XmlTreeReader.parse(xml, StandardCharsets.UTF_8, new Findings(), true);
      assertEquals(perDocument - 1, root.childCount);
    }
    int made = XmlTreeReader.AaltoGeneration.generations() - before;
    assertTrue(made >= 2 && made <= 4, "factories made: " + made);
  }

  /**
   * The same names over and over (ordinary traffic) never replace the factory however many
   * documents go through it; the guard against names that never repeat still works after them.
   */
  @Test
  void aaltoFactoryIsKeptWhileTheSameNamesRepeat() throws Exception {
    StringBuilder sb = new StringBuilder("<env:Envelope xmlns:env=\"urn:e\" xmlns:m=\"urn:m\"><env:Body><m:Req a=\"1\" b=\"2\">");
    for (int e = 0; e < 30; e++) {
      sb.append("<m:field").append(e).append(" c=\"x\">v</m:field").append(e).append('>');
    }
    byte[] xml = sb.append("</m:Req></env:Body></env:Envelope>").toString().getBytes(StandardCharsets.UTF_8);
    long parsesBefore = XmlTreeReader.AaltoGeneration.PARSES.get();
    // a first document of new names may still start one (what other tests left in the table)
    XmlTreeReader.parse(xml, StandardCharsets.UTF_8, new Findings(), true);
    int before = XmlTreeReader.AaltoGeneration.generations();
    for (int d = 0; d < 100_000; d++) {
      XmlNode root = XmlTreeReader.parse(xml, StandardCharsets.UTF_8, new Findings(), true);
      assertEquals(1, root.childCount);
    }
    assertEquals(100_001, XmlTreeReader.AaltoGeneration.PARSES.get() - parsesBefore, "parsed with Aalto");
    assertEquals(before, XmlTreeReader.AaltoGeneration.generations(), "factories made for the same names");

    int held = XmlTreeReader.AaltoGeneration.currentForTest().namesHeld();
    assertTrue(held >= 30 && held <= XmlTreeReader.AaltoGeneration.NAMES_PER_GENERATION / 2, "names held: " + held);
    for (int d = 0; d < XmlTreeReader.AaltoGeneration.NAMES_PER_GENERATION / 100; d++) {
      StringBuilder fresh = new StringBuilder("<root>");
      for (int e = 0; e < 100; e++) {
        fresh.append("<q").append(d).append('_').append(e).append("/>");
      }
      XmlTreeReader.parse(fresh.append("</root>").toString().getBytes(StandardCharsets.UTF_8),
          StandardCharsets.UTF_8, new Findings(), true);
    }
    assertTrue(XmlTreeReader.AaltoGeneration.generations() > before, "new names never replaced the factory");
    assertTrue(XmlTreeReader.AaltoGeneration.currentForTest().namesHeld()
        <= XmlTreeReader.AaltoGeneration.NAMES_PER_GENERATION, "names held after the replacement");
  }

  @Test
  void documentsWithThousandsOfTagsGoToTheJdkParser() {
    StringBuilder sb = new StringBuilder("<root>");
    for (int e = 0; e < XmlTreeReader.AALTO_MAX_TAGS + 10; e++) {
      sb.append("<a/>");
    }
    byte[] xml = sb.append("</root>").toString().getBytes(StandardCharsets.UTF_8);
    long before = XmlTreeReader.AaltoGeneration.PARSES.get();
    assertEquals(outcome(xml, false), outcome(xml, true));
    assertEquals(before, XmlTreeReader.AaltoGeneration.PARSES.get(), "parsed with Aalto");
    outcome("<root><a/></root>".getBytes(StandardCharsets.UTF_8), true);
    assertEquals(before + 1, XmlTreeReader.AaltoGeneration.PARSES.get(), "a small document goes to Aalto");
  }
}
