package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;

/**
 * The inbox shows a SMIL presentation as slides whatever its part's media type is spelled:
 * application/smil or application/smil+xml, with a charset or none (then it is decoded as bytes),
 * other parameters, upper case.
 */
class SmilSlidesTest {
  private static final Pattern SMIL_TYPE = Pattern.compile("Content-Type: ?application/smil[^\r\n]*",
      Pattern.CASE_INSENSITIVE);

  @Test
  void slidesForEverySpellingOfTheSmilType() throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-smil", Mm7Release.latest(),
        InboxTestSupport.pictureMessage("slides", "hello")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    String body = out.toString(StandardCharsets.ISO_8859_1);
    Matcher m = SMIL_TYPE.matcher(body);
    assertTrue(m.find(), "the SMIL part's header");
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      List<String> spellings = List.of("application/smil", "application/smil+xml", "APPLICATION/SMIL",
          "Application/Smil+XML; charset=UTF-8", "application/smil; name=\"presentation.smil\"",
          "application/smil;charset=utf-8");
      for (int i = 0; i < spellings.size(); i++) {
        String relabelled = body.substring(0, m.start()) + "Content-Type: " + spellings.get(i) + body.substring(m.end());
        assertEquals(200, InboxTestSupport.post(stub.endpoint(), e.contentType(),
            relabelled.getBytes(StandardCharsets.ISO_8859_1), null));
        HttpResponse<String> r = InboxTestSupport.get(stub.endpoint().resolve("/api/messages/" + (i + 1)));
        assertEquals(200, r.statusCode());
        JsonNode d = new ObjectMapper().readTree(r.body());
        String what = spellings.get(i) + ": " + d.get("parts") + " " + d.get("smil");
        assertEquals("smil", d.get("parts").get(0).get("kind").asText(), what);
        assertNotNull(d.get("smil"), what);
        JsonNode slides = d.get("smil").get("slides");
        assertEquals(1, slides.size(), what);
        JsonNode items = slides.get(0).get("items");
        assertEquals(1, items.get(0).get("part").asInt(), "the picture is part 1: " + what);
        assertEquals(2, items.get(1).get("part").asInt(), "the text is part 2: " + what);
      }
    }
  }

  @Test
  void clockValuesAreReadAsSmilDefinesThem() {
    // SMIL 2.0 clock values: timecounts with a unit (seconds without one), partial and full clocks
    String[][] cases = {{"5000ms", "5000"}, {"5s", "5000"}, {"5", "5000"}, {"1.5s", "1500"}, {"0.1min", "6000"},
        {"1h", "3600000"}, {"00:00:05", "5000"}, {"01:30.5", "90500"}, {"1:02:03", "3723000"}, {" 250ms ", "250"}};
    for (String[] c : cases) {
      assertEquals(Long.valueOf(c[1]), InboxApi.clockMillis(c[0]), c[0]);
    }
    for (String bad : new String[] {null, "indefinite", "media", "5 s", "-5s", "5sec", "", "1:2"}) {
      assertEquals(null, InboxApi.clockMillis(bad), String.valueOf(bad));
    }
  }

  @Test
  void slidesCarryTheirTimingAndTheLayoutItsRegions() {
    String smil = "<smil><head><layout><region id=\"Image\" top=\"0\" left=\"0\" width=\"176\" height=\"144\" fit=\"meet\"/>"
        + "<region id=\"Text\" top=\"144\" height=\"64\"/></layout></head><body>"
        + "<par dur=\"8s\"><img src=\"a.gif\" region=\"Image\"/><text src=\"t.txt\" region=\"Text\" begin=\"2s\" dur=\"3s\"/></par>"
        + "<par><text src=\"t.txt\" region=\"Text\"/></par><par dur=\"indefinite\"/></body></smil>";
    JsonNode o = InboxApi.slides(smil, List.of());
    assertEquals("176", o.get("regions").get("Image").get("width").asText());
    assertEquals("meet", o.get("regions").get("Image").get("fit").asText());
    assertEquals("144", o.get("regions").get("Text").get("top").asText());
    JsonNode slides = o.get("slides");
    assertEquals(3, slides.size());
    assertEquals(8000, slides.get(0).get("durMillis").asLong());
    assertEquals("8s", slides.get(0).get("dur").asText());
    JsonNode caption = slides.get(0).get("items").get(1);
    assertEquals(2000, caption.get("beginMillis").asLong());
    assertEquals(3000, caption.get("durMillis").asLong());
    assertTrue(slides.get(1).get("durMillis").isNull(), "no dur: the viewer's default");
    assertTrue(slides.get(2).get("durMillis").isNull(), "indefinite");
  }
}
