package org.openmm7.client.internal.soap;

import org.openmm7.client.codec.DecodeProblem;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLReporter;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.codehaus.stax2.io.Stax2ByteArraySource;

/**
 * Parses a SOAP part into an {@link XmlNode} tree, safely: no DTD (a DOCTYPE is refused outright,
 * so neither entity expansion nor external entities can happen), no processing instructions
 * (SOAP 1.1 forbids them), XML 1.0 only, and bounded depth, element count, attributes and
 * namespace declarations (per element and in all), and value lengths. The input is already
 * bounded in size by the MIME reader; these bounds keep the tree built from it small too (a 4 MiB
 * part of empty attributes would otherwise become a tree of hundreds of megabytes), and the
 * parser's own attribute limit keeps its duplicate checks from going quadratic.
 *
 * <p>Reasons: {@code not-well-formed}, {@code doctype-forbidden},
 * {@code processing-instruction-forbidden}, {@code nesting-too-deep}, {@code too-many-elements},
 * {@code too-many-attributes}, {@code too-many-namespace-declarations}, {@code value-too-long}.
 */
final class XmlTreeReader {
  static final int MAX_DEPTH = 64;
  static final int MAX_ELEMENTS = 100_000;
  /** Attributes on one element, namespace declarations included (MM7 elements have at most six). */
  static final int MAX_ATTRIBUTES_PER_ELEMENT = 64;
  static final int MAX_ATTRIBUTES = 100_000;
  static final int MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT = 32;
  static final int MAX_NAMESPACE_DECLARATIONS = 1_000;
  /** Longest attribute value, in characters. */
  static final int MAX_ATTRIBUTE_LENGTH = 64 * 1024;
  /** Longest character content of one element, in characters. */
  static final int MAX_TEXT_LENGTH = 1024 * 1024;

  private static final Pattern PROLOG_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

  /**
   * One factory per thread, set to reuse its reader: creating a reader (its scanners, entity
   * manager and property copies) was a third of the time of parsing a 1 KB envelope. A factory
   * that reuses its reader is not thread-safe, hence one per thread; each read closes the reader
   * (in parse's finally), which is what makes it reusable by the next. Only for documents up to
   * {@link #REUSE_LIMIT} bytes: a kept reader keeps the buffers it grew, and a thread's reader must
   * not keep megabytes after a large document (the stub runs in 64 MB heaps).
   */
  private static final ThreadLocal<XMLInputFactory> FACTORY =
      new ThreadLocal<>() {
        @Override
        protected XMLInputFactory initialValue() {
          return newFactory(true);
        }
      };
  /** For larger documents: a new reader each time (made on first use: most runs never see one). */
  private static final class Shared {
    static final XMLInputFactory FACTORY = newFactory(false);
  }
  static final int REUSE_LIMIT = 64 * 1024;

  /**
   * Aalto for UTF-8 bytes (nearly every MM7 message): it decodes UTF-8 itself, strictly, and
   * parses a SOAP envelope in about half the JDK parser's time (measured: 1,965-byte SubmitReq
   * 5.6-7.0 us against 12.4-13.6 us, 543-byte SubmitRsp 1.9-2.9 us against 5.3-6.5 us). The same
   * safety settings; the bounds are checked while the tree is built, as for the JDK parser.
   * Thread-safe once configured.
   *
   * <p>Aalto's factory keeps every element and attribute name it has read in a table shared by its
   * readers (that table is much of its speed: a factory per document made a parse three times
   * slower than the JDK's), and the table only grows: a peer sending names that never repeat
   * would grow it without end. So each document counts the names it could add at most; when the
   * count since the last look passes {@link #NAMES_PER_GENERATION}, the tables' real size is read
   * (names a document repeats are not added twice). While they hold at most half of that, the
   * factory stays and the count restarts from their size; otherwise the next parse starts a new
   * factory and the old tables go with the old one. Ordinary traffic (the same few dozen names
   * in every message) keeps its factory for good; names that never repeat replace it after about
   * {@link #NAMES_PER_GENERATION} of them (plus what documents being parsed at that moment add).
   */
  static final class AaltoGeneration {
    static final int NAMES_PER_GENERATION = 20_000;
    private static volatile AaltoGeneration current = new AaltoGeneration();
    private static final java.util.concurrent.atomic.AtomicInteger GENERATIONS =
        new java.util.concurrent.atomic.AtomicInteger(1);

    final XMLInputFactory factory = newAaltoFactory();
    private final java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();

    /** The generation to parse a document of at most {@code documentNames} names with. */
    static AaltoGeneration current(int documentNames) {
      AaltoGeneration g = current;
      PARSES.incrementAndGet();
      if (g.names.addAndGet(documentNames) > NAMES_PER_GENERATION) {
        synchronized (AaltoGeneration.class) {
          if (current == g) {
            int held = g.namesHeld();
            if (held <= NAMES_PER_GENERATION / 2) {
              g.names.set(held + documentNames); // the same names again: nothing to drop
              return g;
            }
            current = new AaltoGeneration();
            GENERATIONS.incrementAndGet();
          }
          g = current;
        }
        g.names.addAndGet(documentNames);
      }
      return g;
    }

    /**
     * The names in the factory's shared tables (one per byte encoding Aalto reads by itself, and
     * one for text it is given decoded; documents here are UTF-8 bytes, but a declaration may name
     * ASCII or Latin-1). Each table handed out is a reader's private copy of the shared one.
     */
    int namesHeld() {
      com.fasterxml.aalto.in.ReaderConfig config =
          ((com.fasterxml.aalto.stax.InputFactoryImpl) factory).getNonSharedConfig(null, null, null, false, false);
      int held = 0;
      for (String encoding : new String[] {"UTF-8", "US-ASCII", "ISO-8859-1"}) {
        config.setActualEncoding(encoding);
        held += config.getBBSymbols().size();
      }
      return held + config.getCBSymbols().size();
    }

    /** Documents parsed with Aalto (for tests). */
    static final java.util.concurrent.atomic.AtomicLong PARSES = new java.util.concurrent.atomic.AtomicLong();

    /** The generation in use (for tests). */
    static AaltoGeneration currentForTest() {
      return current;
    }

    /** How many factories there have been (for tests). */
    static int generations() {
      return GENERATIONS.get();
    }
  }

  /**
   * The JDK parser's factory for a document of this size, asked for only when that parser reads it:
   * nearly every message goes to Aalto, and the JDK's factory loads some thirty classes of its own.
   */
  private static XMLInputFactory jdkFactory(int length) {
    return length <= REUSE_LIMIT ? FACTORY.get() : Shared.FACTORY;
  }

  private static XMLInputFactory newAaltoFactory() {
    XMLInputFactory f = new com.fasterxml.aalto.stax.InputFactoryImpl();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLReporter(Quiet.INSTANCE);
    f.setXMLResolver(Quiet.INSTANCE);
    return f;
  }

  private static XMLInputFactory newFactory(boolean reuse) {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    if (reuse) {
      try {
        f.setProperty("reuse-instance", Boolean.TRUE); // the JDK parser's; reset between documents
      } catch (IllegalArgumentException e) {
        // another StAX implementation: a new reader each time
      }
    }
    // the JDK parser's own bound (10,000 by default): it counts namespace declarations too, and
    // checking those for duplicates is quadratic in their number
    f.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES_PER_ELEMENT + 1));
    f.setXMLReporter(Quiet.INSTANCE);
    f.setXMLResolver(Quiet.INSTANCE);
    return f;
  }

  /**
   * Errors become exceptions (without a reporter the JDK parser also prints some to stderr), and
   * external resources are refused. One class rather than two lambdas (and a ThreadLocal subclass
   * rather than withInitial): each lambda is a class spun at first use, on every JVM's first message.
   */
  private static final class Quiet implements XMLReporter, XMLResolver {
    static final Quiet INSTANCE = new Quiet();

    @Override
    public void report(String message, String errorType, Object relatedInformation, Location location) {
      // the exception that follows carries the message
    }

    @Override
    public Object resolveEntity(String publicId, String systemId, String baseUri, String namespace)
        throws XMLStreamException {
      throw new XMLStreamException("external resources are not read: " + systemId);
    }
  }

  private XmlTreeReader() {}

  /**
   * Parses {@code xml}. {@code labelledCharset} is the charset of the part's Content-Type, or null.
   * A prolog that contradicts the label on bytes without a byte-order mark is a finding; the label
   * wins, because the bytes are what the sender's MIME layer encoded.
   */
  /**
   * The part without the blanks (spaces, tabs, line ends) between its start (or byte order mark)
   * and an XML declaration, reported as {@code whitespace-before-xml-declaration}. XML 1.0 wants the
   * declaration first, but a part with blank lines before it (from a peer, or from how it was
   * captured) reads unambiguously once they are gone. Blanks before anything else are legal (no
   * declaration) and stay. For bytes [offset, end) of the array: a copy without the blanks, or
   * null when there is nothing to remove.
   */
  private static byte[] withoutBlanksBeforeDeclaration(byte[] xml, int offset, int end, Findings findings) {
    int start = offset + (hasUtf8Bom(xml, offset, end) ? 3 : 0);
    int i = start;
    while (i < end && (xml[i] == ' ' || xml[i] == '\t' || xml[i] == '\r' || xml[i] == '\n')) {
      i++;
    }
    if (i == start || i + 6 > end || xml[i] != '<' || xml[i + 1] != '?' || xml[i + 2] != 'x'
        || xml[i + 3] != 'm' || xml[i + 4] != 'l' || !isDeclarationEnd(xml[i + 5])) {
      return null;
    }
    findings.add(DecodeProblem.WHITESPACE_BEFORE_XML_DECLARATION, "SOAP part", (i - start)
        + " blank character(s) before the XML declaration were skipped (XML 1.0 wants the declaration first)");
    byte[] out = new byte[end - offset - (i - start)];
    System.arraycopy(xml, offset, out, 0, start - offset);
    System.arraycopy(xml, i, out, start - offset, end - i);
    return out;
  }

  private static boolean isDeclarationEnd(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '?';
  }

  static XmlNode parse(byte[] xml, Charset labelledCharset, Findings findings) throws Mm7DecodeException {
    return parse(xml, 0, xml.length, labelledCharset, findings, true);
  }

  /** {@code aaltoAllowed} false: the JDK parser whatever the bytes (the tests compare the two). */
  static XmlNode parse(byte[] xml, Charset labelledCharset, Findings findings, boolean aaltoAllowed)
      throws Mm7DecodeException {
    return parse(xml, 0, xml.length, labelledCharset, findings, aaltoAllowed);
  }

  /**
   * Parses bytes [offset, offset + length) of the array in place (the SOAP part where it lies in
   * the received body: no copy of it). The array must not change during the call.
   */
  static XmlNode parse(byte[] xml, int offset, int length, Charset labelledCharset, Findings findings,
      boolean aaltoAllowed) throws Mm7DecodeException {
    java.util.Objects.checkFromIndexSize(offset, length, xml.length);
    byte[] withoutBlanks = withoutBlanksBeforeDeclaration(xml, offset, offset + length, findings);
    if (withoutBlanks != null) {
      xml = withoutBlanks;
      offset = 0;
      length = withoutBlanks.length;
    }
    int end = offset + length;
    // (each "xmlns" takes at least five bytes: a shorter part cannot have too many, no scan needed)
    if (length > 5 * MAX_NAMESPACE_DECLARATIONS && countXmlns(xml, offset, end) > MAX_NAMESPACE_DECLARATIONS) {
      // before parsing: the JDK parser checks each declaration against the element's others
      // (quadratic: 200,000 declarations on one element take ten seconds of CPU)
      throw new Mm7DecodeException(DecodeProblem.TOO_MANY_NAMESPACE_DECLARATIONS, "the SOAP part has more than "
          + MAX_NAMESPACE_DECLARATIONS + " namespace declarations ('xmlns')", excerpt(xml, offset, length), null);
    }
    XMLStreamReader r = null;
    boolean aaltoInPlace = false;
    try {
      String declared = declaredEncoding(xml, offset, end); // read once: both choices below look at it
      Charset effective = chooseCharset(xml, offset, end, declared, labelledCharset, findings);
      int skip = 0;
      if (effective == null) {
        // decode here rather than in the parser: the JDK parser prints its decoding errors to
        // stderr besides throwing them
        effective = autodetected(xml, offset, end);
        skip = effective != null && effective.equals(StandardCharsets.UTF_8) && hasUtf8Bom(xml, offset, end) ? 3 : 0;
      }
      int names = aaltoAllowed && StandardCharsets.UTF_8.equals(effective)
          ? suitsAalto(xml, offset + skip, end, declared) : -1;
      if (names >= 0) {
        aaltoInPlace = offset != 0;
        // from the array itself: through a stream Aalto would copy the document into a buffer first
        r = AaltoGeneration.current(names).factory.createXMLStreamReader(
            new Stax2ByteArraySource(xml, offset + skip, length - skip));
      } else if (effective != null) {
        // malformed bytes are an error, as when the parser decodes them itself (not U+FFFD)
        Reader reader = new InputStreamReader(new ByteArrayInputStream(xml, offset + skip, length - skip),
            effective.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        r = jdkFactory(length).createXMLStreamReader(reader);
      } else {
        r = jdkFactory(length).createXMLStreamReader(new ByteArrayInputStream(xml, offset, length));
      }
      return build(r);
    } catch (XMLStreamException | RuntimeException e) {
      if (aaltoInPlace) {
        // Aalto counts the columns of the first line from the array's start, not the part's: the
        // refusal of a copy of the part (rare; the findings so far are made already), as before
        r = close(r);
        return parse(java.util.Arrays.copyOfRange(xml, offset, end), 0, length, labelledCharset, new Findings(),
            aaltoAllowed);
      }
      // the JDK parser reports some malformed input (bytes its decoder refuses) unchecked
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
      if (msg.contains("JAXP00010002") || msg.contains("elementAttributeLimit")) { // the parser's own bound
        throw new Mm7DecodeException(DecodeProblem.TOO_MANY_ATTRIBUTES, "the SOAP part has more than "
            + MAX_ATTRIBUTES_PER_ELEMENT + " attributes on one element", excerpt(xml, offset, length), e);
      }
      if (hasCause(e, java.nio.charset.CharacterCodingException.class)) {
        msg = "bytes that are not valid in the part's character encoding";
      }
      // a peer sees this text in a fault: no Java class names
      msg = msg.replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ?", "");
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP part is not well-formed XML: " + msg,
          excerpt(xml, offset, length), e);
    } finally {
      close(r);
    }
  }

  /** Closes the reader if there is one (which makes a reused one ready for the next document); null. */
  private static XMLStreamReader close(XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // nothing left to release
      }
    }
    return null;
  }

  /**
   * How often "xmlns" occurs, in any encoding whose ASCII characters are one, two or four bytes
   * (UTF-8 and the like, UTF-16, UTF-32), a bound on the namespace declarations the part can hold.
   */
  private static int countXmlns(byte[] b, int from, int end) {
    int count = 0;
    for (int i = from; i < end; i++) {
      if (b[i] != 'x') {
        continue;
      }
      for (int stride : STRIDES) {
        if (i + 4 * stride < end && b[i + stride] == 'm' && b[i + 2 * stride] == 'l'
            && b[i + 3 * stride] == 'n' && b[i + 4 * stride] == 's') {
          count++;
          break;
        }
      }
    }
    return count;
  }

  private static final int[] STRIDES = {1, 2, 4};

  private static boolean hasUtf8Bom(byte[] xml, int from, int end) {
    return end - from >= 3 && xml[from] == (byte) 0xEF && xml[from + 1] == (byte) 0xBB && xml[from + 2] == (byte) 0xBF;
  }

  /**
   * The encoding XML 1.0 Appendix F gives unlabelled bytes: a UTF-8 or UTF-16 byte-order mark, else
   * the declaration's encoding, else UTF-8; null (the parser decides) for what Java cannot name.
   */
  private static Charset autodetected(byte[] xml, int from, int end) {
    if (hasUtf8Bom(xml, from, end)) {
      return StandardCharsets.UTF_8;
    }
    if (end - from >= 2 && ((xml[from] == (byte) 0xFE && xml[from + 1] == (byte) 0xFF)
        || (xml[from] == (byte) 0xFF && xml[from + 1] == (byte) 0xFE))) {
      return StandardCharsets.UTF_16; // reads and drops the byte-order mark
    }
    if (end - from >= 2 && (xml[from] == 0 || xml[from + 1] == 0)) {
      return null; // UTF-16 or UTF-32 without a mark: the parser's detection
    }
    String declared = declaredEncoding(xml, from, end);
    if (declared == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(declared);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Charset chooseCharset(byte[] xml, int from, int end, String declared, Charset label,
      Findings findings) {
    boolean bom = end - from >= 2 && ((xml[from] == (byte) 0xFE && xml[from + 1] == (byte) 0xFF)
        || (xml[from] == (byte) 0xFF && xml[from + 1] == (byte) 0xFE)
        || hasUtf8Bom(xml, from, end));
    if (bom) {
      return null; // the byte-order mark decides; let the parser read it
    }
    if (label == null) {
      if (declared != null && declared.toLowerCase(Locale.ROOT).startsWith("utf-16")
          && looksAsciiCompatible(xml, from, end)) {
        findings.add(DecodeProblem.XML_ENCODING_MISMATCH, "SOAP part XML prolog",
            "the prolog declares " + declared + " but the bytes are single-byte; read as UTF-8");
        return StandardCharsets.UTF_8;
      }
      return null;
    }
    if (declared != null && !sameCharset(declared, label)) {
      findings.add(DecodeProblem.XML_ENCODING_MISMATCH, "SOAP part XML prolog",
          "the prolog declares " + declared + " but the part is labelled charset=" + label.name()
              + "; read as " + label.name());
    }
    return label;
  }

  private static boolean looksAsciiCompatible(byte[] xml, int from, int end) {
    return end - from >= 2 && xml[from] == '<' && xml[from + 1] != 0;
  }

  private static boolean sameCharset(String declared, Charset label) {
    try {
      return Charset.forName(declared).equals(label);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Most '=' signs (so attributes) a document may have to go to Aalto; MM7 envelopes have a few dozen. */
  static final int AALTO_MAX_EQUALS = 2_000;
  /** Most '<' (so elements, and names) a document may have to go to Aalto. */
  static final int AALTO_MAX_TAGS = 2_000;

  /**
   * Whether Aalto may parse these UTF-8 bytes as the JDK parser would. Everything else goes to the
   * JDK parser, which refuses it with the same reasons as before: bytes that are not strict UTF-8
   * (Aalto accepts overlong forms), anything but '<' after the byte-order mark (Aalto accepts a
   * second one), a prolog naming another encoding (Aalto would follow it), and documents with many
   * '=' (Aalto has no per-element attribute limit, and its duplicate check on a start tag of
   * 200,000 attributes runs for seconds; the JDK parser stops at 65).
   */
  static int suitsAalto(byte[] xml, int start, int end, String declared) {
    if (start >= end || xml[start] != '<') {
      return -1;
    }
    if (declared != null && !declared.equalsIgnoreCase("UTF-8") && !declared.equalsIgnoreCase("UTF8")) {
      return -1;
    }
    int equals = 0;
    int tags = 0;
    int i = start;
    int n = end;
    while (i < n) {
      int c = xml[i];
      if (c >= 0) {
        if ((c == '=' && ++equals > AALTO_MAX_EQUALS) || (c == '<' && ++tags > AALTO_MAX_TAGS)) {
          return -1;
        }
        i++;
        continue;
      }
      int len = strictUtf8SequenceLength(xml, i, n);
      if (len == 0) {
        return -1;
      }
      i += len;
    }
    return equals + tags; // at least the names the document can add to Aalto's symbol table
  }

  /**
   * The length of the well-formed UTF-8 sequence at {@code i} (a lead byte of 0x80 or more), or 0:
   * Unicode's table of well-formed sequences, which excludes overlong forms, surrogates and code
   * points above U+10FFFF.
   */
  static int strictUtf8SequenceLength(byte[] b, int i) {
    return strictUtf8SequenceLength(b, i, b.length);
  }

  /** The same for a sequence that must end before {@code n}. */
  static int strictUtf8SequenceLength(byte[] b, int i, int n) {
    int c = b[i] & 0xff;
    if (c < 0xC2 || c > 0xF4) {
      return 0;
    }
    if (c < 0xE0) {
      return i + 1 < n && (b[i + 1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (i + 2 >= n) {
      return 0;
    }
    int c1 = b[i + 1] & 0xff;
    int lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    int hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (c1 < lo || c1 > hi || (b[i + 2] & 0xC0) != 0x80) {
      return 0;
    }
    if (c < 0xF0) {
      return 3;
    }
    return i + 3 < n && (b[i + 3] & 0xC0) == 0x80 ? 4 : 0;
  }

  private static String declaredEncoding(byte[] xml, int from, int end) {
    String quick = quickDeclaredEncoding(xml, from, end);
    if (quick != null) {
      return quick.isEmpty() ? null : quick;
    }
    int n = Math.min(end - from, 200);
    String head = new String(xml, from, n, StandardCharsets.ISO_8859_1);
    Matcher m = PROLOG_ENCODING.matcher(head);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The usual prologs without a regular expression (a measurable part of decoding a small
   * message): "" for a document without a prolog or a prolog without an encoding, the name for
   * {@code <?xml version="1.0" encoding="NAME"?>}, null (undecided: ask the pattern) otherwise.
   * Read from the bytes (each one character, as ISO-8859-1 decodes them): no copy of the prolog.
   */
  static String quickDeclaredEncoding(byte[] xml, int from, int to) {
    int length = to - from;
    if (length == 0 || xml[from] != '<') {
      return null;
    }
    if (length < 5 || xml[from + 1] != '?' || xml[from + 2] != 'x' || xml[from + 3] != 'm' || xml[from + 4] != 'l') {
      return "";
    }
    int end = from + Math.min(length, 200);
    int close = -1;
    for (int i = from + 5; i < end; i++) {
      if (xml[i] == '>') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      return null;
    }
    int at = indexOf(xml, from, close, ENCODING_IS);
    if (at < 0) {
      return indexOf(xml, from, close, ENCODING_IS, ENCODING_IS.length - 1) >= 0 ? null : "";
    }
    int v = at + ENCODING_IS.length;
    if (v >= close || (xml[v] != '"' && xml[v] != '\'')) {
      return null;
    }
    byte quote = xml[v];
    int stop = -1;
    for (int i = v + 1; i < close; i++) {
      if (xml[i] == quote) {
        stop = i;
        break;
      }
    }
    if (stop <= v + 1) {
      return null;
    }
    for (int i = v + 1; i < stop; i++) {
      int c = xml[i] & 0xFF;
      boolean asciiLetterOrDigit = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      if (!asciiLetterOrDigit && c != '.' && c != '_' && c != ':' && c != '-') {
        return null;
      }
    }
    if (stop - v - 1 == 5 && indexOf(xml, v + 1, stop, UTF_8_NAME) == v + 1) {
      return "UTF-8"; // nearly every MM7 envelope's
    }
    return new String(xml, v + 1, stop - v - 1, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] ENCODING_IS = "encoding=".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] UTF_8_NAME = "UTF-8".getBytes(StandardCharsets.ISO_8859_1);

  /** The first index in [from, to) where the whole of {@code what} lies, or -1. */
  private static int indexOf(byte[] xml, int from, int to, byte[] what) {
    return indexOf(xml, from, to, what, what.length);
  }

  /** The first index in [from, to) where the first {@code n} bytes of {@code what} lie, or -1. */
  private static int indexOf(byte[] xml, int from, int to, byte[] what, int n) {
    outer:
    for (int i = from; i <= to - n; i++) {
      for (int k = 0; k < n; k++) {
        if (xml[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static XmlNode build(XMLStreamReader r) throws XMLStreamException, Mm7DecodeException {
    XmlNode root = null;
    XmlNode current = null;
    int depth = 0;
    int elements = 0;
    int attributes = 0;
    int declarations = 0;
    String version = r.getVersion();
    if (version != null && !version.equals("1.0")) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP part is XML " + version + "; SOAP 1.1 is XML 1.0");
    }
    while (r.hasNext()) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.DTD -> throw new Mm7DecodeException(DecodeProblem.DOCTYPE_FORBIDDEN,
            "the SOAP part declares a DOCTYPE; MM7 messages must not (SOAP 1.1 forbids DTDs)");
        // without a DTD (refused above) no entity is declared: a reference is a well-formedness error
        case XMLStreamConstants.ENTITY_REFERENCE -> throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED,
            "the SOAP part references the undeclared entity &" + abbreviated(r.getLocalName()) + ";");
        case XMLStreamConstants.START_ELEMENT -> {
          if (++depth > MAX_DEPTH) {
            throw new Mm7DecodeException(DecodeProblem.NESTING_TOO_DEEP, "the SOAP part nests elements deeper than " + MAX_DEPTH);
          }
          if (++elements > MAX_ELEMENTS) {
            throw new Mm7DecodeException(DecodeProblem.TOO_MANY_ELEMENTS, "the SOAP part has more than " + MAX_ELEMENTS + " elements");
          }
          int ns = r.getNamespaceCount();
          int ac = r.getAttributeCount();
          if (ns > MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT || (declarations += ns) > MAX_NAMESPACE_DECLARATIONS) {
            throw new Mm7DecodeException(DecodeProblem.TOO_MANY_NAMESPACE_DECLARATIONS, "the SOAP part declares more than "
                + MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT + " namespaces on one element or "
                + MAX_NAMESPACE_DECLARATIONS + " in all");
          }
          if (ac + ns > MAX_ATTRIBUTES_PER_ELEMENT || (attributes += ac) > MAX_ATTRIBUTES) {
            throw new Mm7DecodeException(DecodeProblem.TOO_MANY_ATTRIBUTES, "the SOAP part has more than "
                + MAX_ATTRIBUTES_PER_ELEMENT + " attributes on one element or " + MAX_ATTRIBUTES + " in all");
          }
          checkName(r.getLocalName());
          checkName(r.getPrefix());
          XmlNode node = new XmlNode(r.getNamespaceURI(), r.getLocalName(), r.getPrefix());
          if (ns > 0) {
            String[] declared = new String[2 * ns];
            for (int i = 0; i < ns; i++) {
              String p = r.getNamespacePrefix(i);
              declared[2 * i] = p == null ? "" : p;
              declared[2 * i + 1] = r.getNamespaceURI(i);
            }
            node.setNamespaceDeclarations(declared);
          }
          for (int i = 0; i < r.getAttributeCount(); i++) {
            String ans = r.getAttributeNamespace(i);
            String value = r.getAttributeValue(i);
            if (value.length() > MAX_ATTRIBUTE_LENGTH) {
              throw new Mm7DecodeException(DecodeProblem.VALUE_TOO_LONG, "an attribute value in the SOAP part is longer than "
                  + MAX_ATTRIBUTE_LENGTH + " characters");
            }
            checkName(r.getAttributeLocalName(i));
            node.addAttribute(new XmlNode.Attr(ans == null ? "" : ans, r.getAttributeLocalName(i), value));
          }
          if (current == null) {
            if (root != null) {
              throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "more than one root element");
            }
            root = node;
          } else {
            current.addChild(node);
          }
          current = node;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          current = current.parent;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (current != null) {
            if (current.textLength() + (long) r.getTextLength() > MAX_TEXT_LENGTH) {
              throw new Mm7DecodeException(DecodeProblem.VALUE_TOO_LONG, "<" + current.qualifiedName()
                  + "> in the SOAP part has more than " + MAX_TEXT_LENGTH + " characters of text");
            }
            current.appendText(r.getText());
          }
        }
        case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw new Mm7DecodeException(
            DecodeProblem.PROCESSING_INSTRUCTION_FORBIDDEN, "the SOAP part contains the processing instruction <?"
                + r.getPITarget() + "?>; SOAP 1.1 messages must not");
        default -> {
          // comments, document start/end: nothing to keep
        }
      }
    }
    if (root == null) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP part has no root element");
    }
    return root;
  }

  /** The JDK parser's bound on a name's length (jdk.xml.maxXMLNameLimit), kept whichever parser runs. */
  static final int MAX_NAME_LENGTH = 1000;

  private static void checkName(String name) throws Mm7DecodeException {
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP part has a name longer than " + MAX_NAME_LENGTH
          + " characters: " + abbreviated(name));
    }
  }

  private static String abbreviated(String s) {
    return s == null || s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** The first 512 bytes of [offset, offset + length), for an error's excerpt. */
  static String excerpt(byte[] xml, int offset, int length) {
    int n = Math.min(length, 512);
    return new String(xml, offset, n, StandardCharsets.UTF_8);
  }
}
