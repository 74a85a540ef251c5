package org.openmm7.client.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openmm7.client.hostile.HostileCorpus;

/**
 * Legal variants of the golden corpus (issue 11): each golden message rewritten in a way the
 * specifications allow and real peers use (the SOAP part without Content-Transfer-Encoding carrying
 * a UTF-8 Subject, 8bit, other prefixes, the MM7 namespace as a default, {@code start} omitted,
 * quoted or capitalised parameters, folded part headers, recipients of mixed kinds in another
 * order, ...). None of them may be a violation: a strict peer accepts every one.
 *
 * <p>A variant is built on the bytes of the capture (its head's Content-Type and its body), never
 * by this library's encoder, so that it is the peer's form and not ours.
 */
public final class LegalVariants {
  /** A Subject outside ASCII: the ordinary case outside English. */
  public static final String UTF8_SUBJECT = "Grüße aus Köln — 你好, Привет, مرحبا";

  private static final String MM7_NS_PREFIX = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/";
  private static final Pattern MM7_DECL = Pattern.compile(" xmlns:mm7=\"(" + Pattern.quote(MM7_NS_PREFIX) + "[^\"]+)\"");
  private static final Pattern SUBJECT = Pattern.compile("(<mm7:Subject>)([^<]*)(</mm7:Subject>)");
  private static final Pattern START_PARAM = Pattern.compile(";\\s*start=\"[^\"]*\"");

  /** One variant: the golden file it came from, what was changed, and the message. */
  public record Variant(Path golden, String name, String contentType, byte[] body) {
    public String operation() {
      String f = golden.getFileName().toString();
      return f.substring(0, f.length() - ".http".length());
    }

    public String release() {
      return golden.getParent().getFileName().toString();
    }

    /** The whole capture: the golden head with this Content-Type and Content-Length, and the body. */
    public byte[] capture() throws IOException {
      String head = head(Files.readAllBytes(golden));
      StringBuilder out = new StringBuilder();
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          out.append("Content-Type: ").append(contentType);
        } else if (lower.startsWith("content-length:")) {
          out.append("Content-Length: ").append(body.length);
        } else {
          out.append(line);
        }
        out.append("\r\n");
      }
      out.append("\r\n");
      byte[] h = out.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[h.length + body.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      return all;
    }

    @Override
    public String toString() {
      return release() + "/" + operation() + " " + name;
    }
  }

  /** A message as text, one char per byte (ISO-8859-1), so that any rewrite keeps the other bytes. */
  private record Msg(String contentType, String body) {
    boolean multipart() {
      return contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    boolean fault() {
      return body.contains(":Fault>");
    }
  }

  private static final Map<String, UnaryOperator<Msg>> TRANSFORMS = new LinkedHashMap<>();

  static {
    TRANSFORMS.put("soap-part-without-cte-utf8-subject", m -> m.multipart() && hasSubject(m)
        ? withSubject(new Msg(m.contentType(), removeFirstPartHeader(m.body(), "Content-Transfer-Encoding")))
        : null);
    TRANSFORMS.put("soap-part-8bit-utf8-subject", m -> m.multipart() && hasSubject(m)
        ? withSubject(new Msg(m.contentType(), firstPartCte(m.body(), "8bit"))) : null);
    TRANSFORMS.put("soap-part-without-cte", m -> m.multipart()
        ? new Msg(m.contentType(), removeFirstPartHeader(m.body(), "Content-Transfer-Encoding")) : null);
    TRANSFORMS.put("soap-part-7bit", m -> m.multipart() ? new Msg(m.contentType(), firstPartCte(m.body(), "7bit")) : null);
    TRANSFORMS.put("envelope-prefix-SOAP-ENV", m -> envelopePrefix(m, "SOAP-ENV"));
    TRANSFORMS.put("envelope-prefix-soapenv", m -> envelopePrefix(m, "soapenv"));
    TRANSFORMS.put("envelope-prefix-soap", m -> envelopePrefix(m, "soap"));
    TRANSFORMS.put("mm7-prefix-generated", m -> new Msg(m.contentType(),
        m.body().replace("xmlns:mm7=", "xmlns:mm7p6a0=").replace("<mm7:", "<mm7p6a0:").replace("</mm7:", "</mm7p6a0:")));
    TRANSFORMS.put("mm7-namespace-default-on-envelope", LegalVariants::defaultNamespaceOnEnvelope);
    TRANSFORMS.put("mm7-namespace-default-per-element", LegalVariants::defaultNamespacePerElement);
    TRANSFORMS.put("start-omitted", m -> m.multipart() && START_PARAM.matcher(m.contentType()).find()
        ? new Msg(START_PARAM.matcher(m.contentType()).replaceFirst(""), m.body()) : null);
    TRANSFORMS.put("parameters-reordered", LegalVariants::parametersReordered);
    TRANSFORMS.put("parameter-names-capitalised", m -> new Msg(capitaliseParameters(m.contentType()),
        m.multipart() ? capitalisePartParameters(m.body()) : m.body()));
    TRANSFORMS.put("charset-quoted", m -> new Msg(m.contentType().replace("charset=utf-8", "charset=\"utf-8\""),
        m.body().replace("charset=utf-8\r\n", "charset=\"utf-8\"\r\n")));
    TRANSFORMS.put("part-headers-folded", m -> m.multipart() ? new Msg(m.contentType(), m.body()
        .replace("Content-Type: text/xml; charset=utf-8\r\n", "Content-Type: text/xml;\r\n charset=utf-8\r\n")
        .replace("Content-Type: multipart/related; type=", "Content-Type: multipart/related;\r\n\ttype=")) : null);
    TRANSFORMS.put("part-headers-without-space", m -> m.multipart()
        ? new Msg(m.contentType(), m.body().replace("\r\nContent-Type: ", "\r\nContent-Type:")
            .replace("\r\nContent-ID: ", "\r\nContent-ID:")) : null);
    TRANSFORMS.put("mail-headers-in-parts", m -> m.multipart() ? new Msg(m.contentType(),
        m.body().replace("\r\nContent-ID: ", "\r\nMIME-Version: 1.0\r\nContent-Description: a part\r\nContent-ID: ")) : null);
    TRANSFORMS.put("xml-declaration-omitted", m -> new Msg(m.contentType(),
        m.body().replaceFirst("<\\?xml [^?]*\\?>", "")));
    TRANSFORMS.put("xml-declaration-single-quotes", m -> new Msg(m.contentType(),
        m.body().replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version='1.0' encoding='utf-8'?>")));
    TRANSFORMS.put("xml-indented", LegalVariants::indented);
    TRANSFORMS.put("recipients-mixed-order", LegalVariants::recipientsMixed);
  }

  private LegalVariants() {}

  /** The names of the variants, in the order they are built. */
  public static List<String> names() {
    return List.copyOf(TRANSFORMS.keySet());
  }

  /** Every golden file of the corpus. */
  public static List<Path> goldenFiles() throws IOException {
    try (Stream<Path> s = Files.walk(HostileCorpus.corpus().resolve("golden"))) {
      return s.filter(p -> p.toString().endsWith(".http")).sorted().collect(Collectors.toList());
    }
  }

  /** Every variant of every golden file. */
  public static List<Variant> all() throws IOException {
    List<Variant> out = new ArrayList<>();
    for (Path g : goldenFiles()) {
      out.addAll(of(g));
    }
    return out;
  }

  /** The variants of one golden file (those that apply to it). */
  public static List<Variant> of(Path golden) throws IOException {
    byte[] all = Files.readAllBytes(golden);
    String head = head(all);
    String contentType = null;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        contentType = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    Msg m = new Msg(contentType, new String(all, head.length() + 4, all.length - head.length() - 4,
        StandardCharsets.ISO_8859_1));
    List<Variant> out = new ArrayList<>();
    for (Map.Entry<String, UnaryOperator<Msg>> t : TRANSFORMS.entrySet()) {
      Msg v = t.getValue().apply(m);
      if (v != null && !v.equals(m)) {
        out.add(new Variant(golden, t.getKey(), v.contentType(), v.body().getBytes(StandardCharsets.ISO_8859_1)));
      }
    }
    return out;
  }

  /** One named variant of one golden file, or null when it does not apply. */
  public static Variant of(Path golden, String name) throws IOException {
    return of(golden).stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }

  private static String head(byte[] all) {
    String s = new String(all, StandardCharsets.ISO_8859_1);
    return s.substring(0, s.indexOf("\r\n\r\n"));
  }

  // ---- the rewrites ----

  private static boolean hasSubject(Msg m) {
    return SUBJECT.matcher(m.body()).find();
  }

  /** The Subject replaced by {@link #UTF8_SUBJECT}, as UTF-8 bytes. */
  private static Msg withSubject(Msg m) {
    String utf8AsLatin1 = new String(UTF8_SUBJECT.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    return new Msg(m.contentType(), SUBJECT.matcher(m.body()).replaceFirst("$1" + Matcher.quoteReplacement(utf8AsLatin1) + "$3"));
  }

  /** The header block of the first part (the SOAP part): from the first delimiter to the blank line. */
  private static int[] firstPartHeaders(String body) {
    int start = body.indexOf("\r\n", body.indexOf("--")) + 2;
    int end = body.indexOf("\r\n\r\n", start) + 2;
    return new int[] {start, end};
  }

  private static String removeFirstPartHeader(String body, String name) {
    int[] h = firstPartHeaders(body);
    String headers = body.substring(h[0], h[1]);
    String kept = Stream.of(headers.split("\r\n"))
        .filter(l -> !l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
        .map(l -> l + "\r\n").collect(Collectors.joining());
    return body.substring(0, h[0]) + kept + body.substring(h[1]);
  }

  private static String firstPartCte(String body, String cte) {
    int[] h = firstPartHeaders(body);
    String headers = removeFirstPartHeader(body.substring(0, h[1]) + "\r\n", "Content-Transfer-Encoding");
    headers = headers.substring(0, headers.length() - 2);
    return headers + "Content-Transfer-Encoding: " + cte + "\r\n" + body.substring(h[1]);
  }

  private static Msg envelopePrefix(Msg m, String prefix) {
    String b = m.body().replace("xmlns:env=", "xmlns:" + prefix + "=").replace("<env:", "<" + prefix + ":")
        .replace("</env:", "</" + prefix + ":").replace(" env:mustUnderstand=", " " + prefix + ":mustUnderstand=")
        .replace(">env:Client<", ">" + prefix + ":Client<").replace(">env:Server<", ">" + prefix + ":Server<");
    return new Msg(m.contentType(), b);
  }

  /** xmlns="REL-..." on the Envelope, no MM7 prefix; not for a fault, whose children would be pulled in. */
  private static Msg defaultNamespaceOnEnvelope(Msg m) {
    if (m.fault() || !MM7_DECL.matcher(m.body()).find()) {
      return null;
    }
    String b = MM7_DECL.matcher(m.body()).replaceFirst(" xmlns=\"$1\"");
    return new Msg(m.contentType(), b.replace("<mm7:", "<").replace("</mm7:", "</"));
  }

  /** No MM7 prefix; xmlns="REL-..." on the TransactionID and on the operation (or error) element. */
  private static Msg defaultNamespacePerElement(Msg m) {
    Matcher d = MM7_DECL.matcher(m.body());
    if (!d.find()) {
      return null;
    }
    String ns = d.group(1);
    String b = d.replaceFirst("").replace("<mm7:", "<").replace("</mm7:", "</");
    b = b.replace("<TransactionID ", "<TransactionID xmlns=\"" + ns + "\" ");
    Matcher op = Pattern.compile("(<env:Body>|<detail>)<(\\w+)").matcher(b);
    if (!op.find() || op.group(2).equals("env")) {
      op = Pattern.compile("(<detail>)<(\\w+)").matcher(b);
      if (!op.find()) {
        return null;
      }
    }
    b = b.substring(0, op.end()) + " xmlns=\"" + ns + "\"" + b.substring(op.end());
    return new Msg(m.contentType(), b);
  }

  /** boundary first, then start, then type, in the HTTP Content-Type. */
  private static Msg parametersReordered(Msg m) {
    if (!m.multipart()) {
      return null;
    }
    String[] p = m.contentType().split(";\\s*");
    List<String> params = new ArrayList<>(List.of(p).subList(1, p.length));
    java.util.Collections.reverse(params);
    return new Msg(p[0] + "; " + String.join("; ", params), m.body());
  }

  private static String capitaliseParameters(String contentType) {
    return contentType.replace("; type=", "; Type=").replace("; start=", "; Start=")
        .replace("; boundary=", "; Boundary=").replace("; charset=", "; Charset=");
  }

  private static String capitalisePartParameters(String body) {
    return body.replace("; type=", "; Type=").replace("; start=", "; Start=")
        .replace("; boundary=", "; Boundary=").replace("; charset=", "; Charset=");
  }

  /** A line break and indentation between elements, never inside a value or an empty element. */
  private static Msg indented(Msg m) {
    String b = m.body();
    int xml = b.indexOf("<env:Envelope");
    int end = b.indexOf("</env:Envelope>") + "</env:Envelope>".length();
    if (xml < 0) {
      return null;
    }
    String env = b.substring(xml, end);
    // after an end tag, or after a start tag followed by another start tag
    env = env.replaceAll("(</[^>]+>)(?=<)", "$1\n  ").replaceAll("(<[^/!?][^>]*[^/]>)(?=<[^/])", "$1\n  ");
    return new Msg(m.contentType(), b.substring(0, xml) + env + b.substring(end));
  }

  /** The addresses inside To in reverse order: kinds interleaved differently (any order is legal). */
  private static Msg recipientsMixed(Msg m) {
    Matcher to = Pattern.compile("<mm7:To>(.*?)</mm7:To>").matcher(m.body());
    if (!to.find()) {
      return null;
    }
    List<String> addresses = new ArrayList<>();
    Matcher a = Pattern.compile("<mm7:(Number|RFC2822Address|ShortCode)[^>]*>[^<]*</mm7:\\1>").matcher(to.group(1));
    while (a.find()) {
      addresses.add(a.group());
    }
    if (addresses.size() < 2) {
      return null;
    }
    java.util.Collections.reverse(addresses);
    String b = m.body().substring(0, to.start(1)) + String.join("", addresses) + m.body().substring(to.end(1));
    return new Msg(m.contentType(), b);
  }
}
