package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The generated SMIL presentation: well-formed, one slide per picture, every part referenced. */
class SmilTest {

  @Test
  void presentationIsWellFormedAndReferencesEveryPart() throws Exception {
    BinaryPart img1 = BinaryPart.ofBytes(new byte[] {1}, "image/jpeg");
    TextPart txt1 = TextPart.of("first");
    BinaryPart snd = BinaryPart.ofBytes(new byte[] {2}, "audio/amr").withContentId("snd");
    BinaryPart img2 = BinaryPart.ofBytes(new byte[] {3}, "image/gif").withContentLocation("b.gif");
    TextPart txt2 = TextPart.of("second");
    TextPart txt3 = TextPart.of("third");
    BinaryPart other = BinaryPart.ofBytes(new byte[] {4}, "text/x-vcard");

    Multipart m = Smil.presentation(img1, txt1, snd, img2, txt2, txt3, other);

    assertEquals("related", m.subtype());
    assertEquals("application/smil", m.contentType().parameter("type").orElseThrow());
    MimePart smil = m.parts().get(0);
    assertEquals(m.start().orElseThrow(), smil);
    assertEquals("<" + smil.contentId().orElseThrow() + ">", m.contentType().parameter("start").orElseThrow());
    assertEquals("application/smil", smil.contentType().mediaType());
    assertEquals(8, m.parts().size());

    Set<String> ids = new HashSet<>();
    Set<String> locations = new HashSet<>();
    for (MimePart p : m.parts()) {
      assertTrue(ids.add(p.contentId().orElseThrow()), "unique Content-ID");
      assertTrue(locations.add(p.contentLocation().orElseThrow()), "unique Content-Location");
    }
    assertEquals("snd", m.parts().get(3).contentId().orElseThrow());
    assertEquals("b.gif", m.parts().get(4).contentLocation().orElseThrow());
    assertEquals("image1.jpg", m.parts().get(1).contentLocation().orElseThrow());

    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(((TextPart) smil).text().getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    assertEquals("smil", root.getTagName());
    assertEquals(2, doc.getElementsByTagName("region").getLength());
    NodeList pars = doc.getElementsByTagName("par");
    // slide 1: img1 txt1 snd; slide 2: img2 txt2; slide 3: txt3 other
    assertEquals(3, pars.getLength());
    List<String> srcs = new ArrayList<>();
    for (int i = 0; i < pars.getLength(); i++) {
      Element par = (Element) pars.item(i);
      assertEquals("5000ms", par.getAttribute("dur"));
      NodeList children = par.getChildNodes();
      for (int k = 0; k < children.getLength(); k++) {
        if (children.item(k) instanceof Element e) {
          srcs.add(e.getTagName() + ":" + e.getAttribute("src"));
        }
      }
    }
    List<String> expected = new ArrayList<>();
    String[] tags = {"img", "text", "audio", "img", "text", "text", "ref"};
    for (int i = 1; i < m.parts().size(); i++) {
      expected.add(tags[i - 1] + ":cid:" + m.parts().get(i).contentId().orElseThrow());
    }
    assertEquals(expected, srcs);
    Element firstImg = (Element) doc.getElementsByTagName("img").item(0);
    assertEquals("Image", firstImg.getAttribute("region"));
  }

  /** The element names of each slide's media, e.g. [[text, img], [text]]. */
  private static List<List<String>> slides(MimePart... parts) throws Exception {
    Multipart m = Smil.presentation(parts);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
        ((TextPart) m.parts().get(0)).text().getBytes(StandardCharsets.UTF_8)));
    List<List<String>> out = new ArrayList<>();
    NodeList pars = doc.getElementsByTagName("par");
    for (int i = 0; i < pars.getLength(); i++) {
      List<String> names = new ArrayList<>();
      NodeList children = pars.item(i).getChildNodes();
      for (int k = 0; k < children.getLength(); k++) {
        if (children.item(k) instanceof Element e) {
          names.add(e.getTagName());
        }
      }
      out.add(names);
    }
    return out;
  }

  @Test
  void aCaptionGivenBeforeItsPictureSharesItsSlideAsOnAPhone() throws Exception {
    TextPart caption = TextPart.of("caption");
    BinaryPart picture = BinaryPart.ofBytes(new byte[] {1}, "image/jpeg");
    BinaryPart video = BinaryPart.ofBytes(new byte[] {2}, "video/3gpp");
    BinaryPart sound = BinaryPart.ofBytes(new byte[] {3}, "audio/amr");
    // mm7 submit --text T --attach pic.jpg --smil: the text comes first (was: two slides)
    assertEquals(List.of(List.of("text", "img")), slides(caption, picture));
    assertEquals(List.of(List.of("img", "text")), slides(picture, caption));
    assertEquals(List.of(List.of("text", "img"), List.of("text")), slides(caption, picture, TextPart.of("more")));
    assertEquals(List.of(List.of("img"), List.of("video")), slides(picture, video), "one picture or video a slide");
    assertEquals(List.of(List.of("audio", "text", "img")), slides(sound, caption, picture));
    assertEquals(List.of(List.of("text"), List.of("text", "img")), slides(TextPart.of("a"), TextPart.of("b"), picture));
  }
}
