package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every spelling of the SMIL media types is a SMIL presentation; nothing else is. */
class SmilTypeTest {
  @Test
  void everySpellingOfTheSmilTypesIsRecognised() {
    for (String t : List.of("application/smil", "application/smil+xml", "APPLICATION/SMIL", "Application/Smil+XML",
        "application/smil; charset=utf-8", "application/smil;charset=\"US-ASCII\"", " application/smil ; name=pres.smil",
        "application/SMIL+xml; charset=UTF-16; name=\"a b.smil\"", "application/smil;")) {
      assertTrue(Smil.isSmil(t), t);
      assertTrue(Smil.isSmil(ContentType.parse(t)), t);
    }
  }

  @Test
  void otherTypesAreNot() {
    for (String t : List.of("application/xml", "text/plain", "application/smilx", "application/vnd.smil",
        "text/smil", "application/xml+smil", "multipart/related; type=\"application/smil\"", "smil", "")) {
      assertFalse(Smil.isSmil(t), t);
    }
    assertFalse(Smil.isSmil((String) null));
    assertFalse(Smil.isSmil((ContentType) null));
  }

  @Test
  void aPartBuiltWithEitherTypeIsSmil() {
    assertTrue(Smil.isSmil(BinaryPart.ofBytes(new byte[] {'<'}, "application/smil").contentType()));
    assertTrue(Smil.isSmil(TextPart.of("<smil/>", "application/smil+xml", java.nio.charset.StandardCharsets.UTF_8)
        .contentType()));
    Multipart presentation = Smil.presentation(TextPart.of("hi"));
    assertTrue(Smil.isSmil(presentation.leaves().get(0).contentType()), "the generated presentation's own type");
  }
}
