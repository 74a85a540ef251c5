package org.openmm7.client.content;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Builds MMS content with a generated SMIL presentation (the SMIL 2.0 basic subset that MMS
 * handsets play, as in the OMA MMS conformance document).
 */
public final class Smil {
  /** How long each slide is shown. */
  static final String SLIDE_DURATION = "5000ms";

  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("image/jpeg", "jpg"),
          Map.entry("image/jpg", "jpg"),
          Map.entry("image/png", "png"),
          Map.entry("image/gif", "gif"),
          Map.entry("image/bmp", "bmp"),
          Map.entry("image/vnd.wap.wbmp", "wbmp"),
          Map.entry("text/plain", "txt"),
          Map.entry("text/html", "html"),
          Map.entry("text/x-vcard", "vcf"),
          Map.entry("text/vcard", "vcf"),
          Map.entry("text/x-vcalendar", "vcs"),
          Map.entry("audio/amr", "amr"),
          Map.entry("audio/mpeg", "mp3"),
          Map.entry("audio/mp4", "m4a"),
          Map.entry("audio/midi", "mid"),
          Map.entry("audio/mid", "mid"),
          Map.entry("audio/x-wav", "wav"),
          Map.entry("audio/wav", "wav"),
          Map.entry("audio/3gpp", "3gp"),
          Map.entry("video/3gpp", "3gp"),
          Map.entry("video/3gpp2", "3g2"),
          Map.entry("video/mp4", "mp4"),
          Map.entry("video/mpeg", "mpg"),
          Map.entry("application/smil", "smil"),
          Map.entry("application/smil+xml", "smil"));

  private Smil() {}

  /**
   * Whether content of this type is a SMIL presentation: {@code application/smil} (the name MMS
   * uses) or {@code application/smil+xml} (RFC 4536), in any case and with any parameters
   * ({@code charset} or none). A SMIL part without a charset is decoded as a
   * {@link BinaryPart}, not a {@link TextPart}: ask this of its type, not of its class.
   */
  public static boolean isSmil(ContentType type) {
    return type != null && type.type().equals("application")
        && (type.subtype().equals("smil") || type.subtype().equals("smil+xml"));
  }

  /** {@link #isSmil(ContentType)} of a Content-Type header value; false when it is not one. */
  public static boolean isSmil(String contentType) {
    try {
      return contentType != null && isSmil(ContentType.parse(contentType));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether a message's content is, or holds, a SMIL presentation: a SMIL part, or a multipart
   * whose {@code type} parameter or one of whose parts is SMIL (what relays that require SMIL,
   * such as Sinch, look for).
   */
  public static boolean presentIn(MimePart content) {
    if (content instanceof Multipart m) {
      return m.contentType().parameter("type").map(Smil::isSmil).orElse(false)
          || m.leaves().stream().anyMatch(p -> isSmil(p.contentType()));
    }
    return content != null && isSmil(content.contentType());
  }

  /** See {@link #presentation(List)}. */
  public static Multipart presentation(MimePart... parts) {
    return presentation(Arrays.asList(parts));
  }

  /**
   * {@code multipart/related; type="application/smil"; start=<smil id>}: a generated SMIL
   * presentation followed by the given parts, laid out as a phone shows them: a slide holds one
   * image or video, one text and one audio, in the order given (a text followed by a picture share
   * a slide, as a picture followed by its text does); every slide lasts 5000 ms, with the picture in
   * region {@code Image} above the text ({@code text/plain}) in region {@code Text}. Other media
   * (vCards, for example) are added as {@code <ref>}. The presentation refers to each part by {@code cid:}; parts without a
   * Content-ID or Content-Location get one.
   *
   * @throws IllegalArgumentException if there are no parts
   */
  public static Multipart presentation(List<? extends MimePart> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a presentation needs at least one part");
    }
    List<MimePart> named = new ArrayList<>();
    Set<String> locations = new HashSet<>();
    for (MimePart p : parts) {
      p.contentLocation().ifPresent(locations::add);
    }
    int n = 0;
    for (MimePart p : parts) {
      n++;
      MimePart q = p;
      if (q.contentId().isEmpty()) {
        q = q.withContentId(PartMeta.newContentId(kind(q)));
      }
      if (q.contentLocation().isEmpty()) {
        String ext = EXTENSIONS.getOrDefault(q.contentType().mediaType(), "bin");
        String loc = kind(q) + n + "." + ext;
        for (int k = 2; locations.contains(loc); k++) {
          loc = kind(q) + n + "-" + k + "." + ext;
        }
        locations.add(loc);
        q = q.withContentLocation(loc);
      }
      named.add(q);
    }
    String smil = document(named);
    TextPart smilPart =
        TextPart.of(smil, "application/smil", StandardCharsets.UTF_8)
            .withContentId(PartMeta.newContentId("smil"))
            .withContentLocation("presentation.smil");
    return Multipart.related(smilPart, named.toArray(new MimePart[0]));
  }

  private static String kind(MimePart p) {
    ContentType t = p.contentType();
    if (t.is("image/*")) {
      return "image";
    } else if (t.is("video/*")) {
      return "video";
    } else if (t.is("audio/*")) {
      return "audio";
    } else if (t.is("text/plain")) {
      return "text";
    }
    return "part";
  }

  private static String document(List<MimePart> parts) {
    List<List<MimePart>> slides = new ArrayList<>();
    List<MimePart> slide = null;
    for (MimePart p : parts) {
      String kind = kind(p);
      boolean visual = kind.equals("image") || kind.equals("video");
      // a slide holds at most one of each kind, a picture or a video counting as one kind: a caption
      // given before its picture (mm7 submit --text T --attach pic.jpg) shares the picture's slide
      boolean fresh = slide == null || slide.stream().anyMatch(q -> kind(q).equals(kind)
          || visual && (kind(q).equals("image") || kind(q).equals("video")));
      if (fresh) {
        slide = new ArrayList<>();
        slides.add(slide);
      }
      slide.add(p);
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartElement("smil");
      w.writeStartElement("head");
      w.writeStartElement("layout");
      empty(w, "root-layout", "width", "100%", "height", "100%");
      empty(w, "region", "id", "Image", "top", "0%", "left", "0%", "width", "100%", "height", "80%", "fit", "meet");
      empty(w, "region", "id", "Text", "top", "80%", "left", "0%", "width", "100%", "height", "20%", "fit", "scroll");
      w.writeEndElement();
      w.writeEndElement();
      w.writeStartElement("body");
      for (List<MimePart> s : slides) {
        w.writeStartElement("par");
        w.writeAttribute("dur", SLIDE_DURATION);
        for (MimePart p : s) {
          String src = "cid:" + p.contentId().orElseThrow();
          switch (kind(p)) {
            case "image" -> empty(w, "img", "src", src, "region", "Image");
            case "video" -> empty(w, "video", "src", src, "region", "Image");
            case "text" -> empty(w, "text", "src", src, "region", "Text");
            case "audio" -> empty(w, "audio", "src", src);
            default -> empty(w, "ref", "src", src);
          }
        }
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write SMIL", e);
    }
    return out.toString();
  }

  private static void empty(XMLStreamWriter w, String name, String... attributes) throws XMLStreamException {
    w.writeEmptyElement(name);
    for (int i = 0; i < attributes.length; i += 2) {
      w.writeAttribute(attributes[i], attributes[i + 1]);
    }
  }
}
