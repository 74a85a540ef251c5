package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmm7.client.Profile.Setting;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.schema.Mm7Release;

/** The Profile value, its built-in profiles and its file format. */
class ProfileTest {

  static List<Profile> builtIns() {
    return Profile.builtIns();
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void everyBuiltInSurvivesItsFileFormat(Profile p) {
    Profile back = Profile.parse(p.toText(), p.name());
    assertEquals(p, back);
    assertEquals(p.toText(), back.toText());
    assertFalse(p.sources().isEmpty(), p.name() + " names its public source");
    assertEquals(p, Profile.builtIn(p.name().toUpperCase()).orElseThrow());
  }

  @Test
  void theSpecificationIsEveryDefault() {
    Profile spec = Profile.specification();
    assertEquals(List.of(), spec.departures());
    assertEquals(Mm7Release.REL_6_MM7_1_4, spec.release());
    assertEquals("6.8.0", spec.mm7Version());
    assertEquals(500, spec.faultHttpStatus());
    assertTrue(spec.chunked(), "HTTP/1.1 servers take chunked bodies (RFC 9112 7.1)");
    assertEquals(0, spec.maxRecipients());
    assertEquals(Profile.AuthFailure.HTTP_401, spec.authFailure());
    assertEquals(List.of(), Profile.builder().build().departures());
  }

  @Test
  void departuresNameWhatAPeerDoesDifferently() {
    Profile sinch = Profile.builtIn("sinch").orElseThrow();
    assertTrue(sinch.departures().containsAll(List.of(Setting.MAX_RECIPIENTS, Setting.NUMBER_FORMAT,
        Setting.SMIL_REQUIRED, Setting.CHUNKED, Setting.SOAP_ACTION)), sinch.departures().toString());
    assertFalse(sinch.departures().contains(Setting.FAULT_HTTP_STATUS));
    Profile mbuni = Profile.builtIn("mbuni").orElseThrow();
    assertEquals(200, mbuni.faultHttpStatus());
    assertEquals(Profile.ReportTransactionIds.MESSAGE_ID, mbuni.reportTransactionIds());
    assertTrue(mbuni.toString().startsWith("mbuni[") && mbuni.toString().contains("faultHttpStatus=200"),
        mbuni.toString());
  }

  @Test
  void aFileStartsFromABaseAndOverridesSome() {
    Profile p = Profile.parse("""
        # our test relay: Sinch, but it takes two recipients
        base = sinch
        name = sinch-two
        maxRecipients = 2
        deliveryReports = Forwarded, Retrieved
        maxMessageSize = 300k
        pushInterval = 90s
        source = https://example.net/our-notes
        """, "test");
    assertEquals("sinch-two", p.name());
    assertEquals(2, p.maxRecipients());
    assertTrue(p.smilRequired(), "from the base");
    assertEquals(List.of(MessageStatus.FORWARDED, MessageStatus.RETRIEVED), p.deliveryReports());
    assertEquals(300 * 1024, p.maxMessageSize());
    assertEquals(Duration.ofSeconds(90), p.pushInterval());
    assertEquals(List.of("https://example.net/our-notes"), p.sources(), "the file's sources replace the base's");
  }

  @Test
  void codeBuildsAndChangesProfiles() {
    Profile p = Profile.builder().name("lab").maxRecipients(3).authSchemes(Profile.AuthScheme.DIGEST)
        .acceptedReleases(Mm7Release.REL_5_MM7_1_2).build();
    Profile q = p.toBuilder().maxRecipients(0).build();
    assertEquals(3, p.maxRecipients());
    assertEquals(0, q.maxRecipients());
    assertNotEquals(p, q);
    assertTrue(q.accepts(Mm7Release.REL_5_MM7_1_2));
    assertFalse(q.accepts(Mm7Release.REL_6_MM7_1_4));
    assertEquals(p, p.toBuilder().build());
    assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
  }

  @Test
  void badFilesSayWhichLineAndWhy() {
    assertError("x line 2: unknown key 'maxRecipient'", "\nmaxRecipient = 1\n");
    assertError("(did you mean 'maxRecipients'?)", "max_recipients = 1");
    assertError("x line 1: 'yes' is not true or false", "chunked = yes");
    assertError("x line 1: 'sometimes' is not one of as-given, plus, no-plus", "numberFormat = sometimes");
    assertError("x line 1: 'REL-7-MM7-1-0' is not an MM7 release", "release = REL-7-MM7-1-0");
    assertError("x line 2: 'maxRecipients' is set twice", "maxRecipients = 1\nmaxRecipients = 2");
    assertError("x line 2: 'base' must come before every other key", "chunked = false\nbase = sinch");
    assertError("x line 1: no built-in profile 'nosuch' (one of specification, mbuni", "base = nosuch");
    assertError("x line 1: expected 'key = value', found 'just words'", "just words");
    assertError("x line 1: faults travel with HTTP 500 or 200, not 404", "faultHttpStatus = 404");
    assertError("x line 1: 'Delivered' is not an MMStatus", "deliveryReports = Forwarded,Delivered");
    assertError("x line 1: 'SubmitRsp' is not an operation a relay takes", "unsupportedOperations = SubmitRsp");
    assertError("x line 1: 'Recipients' is not an optional SubmitReq element", "strippedElements = Recipients");
    assertError("x line 1: '12 parsecs' is not a size in bytes", "maxMessageSize = 12 parsecs");
    assertError("x line 1: a profile name is lower-case letters", "name = Big Relay");
    assertError("x line 1: an empty item in the list", "authSchemes = basic,,digest");
  }

  private static void assertError(String expected, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.parse(text, "x"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void resolveTakesABuiltInNameOrAFile(@TempDir Path dir) throws IOException {
    assertEquals("skycore", Profile.resolve("skycore").name());
    Path file = dir.resolve("our-relay.profile");
    Files.writeString(file, "base = mbuni\nfaultHttpStatus = 500\n", StandardCharsets.UTF_8);
    Profile p = Profile.resolve(file.toString());
    assertEquals("our-relay", p.name(), "named after its file");
    assertEquals(500, p.faultHttpStatus());
    assertEquals(Mm7Release.REL_5_MM7_1_0, p.release(), "from mbuni");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Profile.resolve(dir.resolve("missing").toString()));
    assertTrue(e.getMessage().contains("built-in profiles: specification, mbuni"), e.getMessage());
  }

  @Test
  void numberFormatsOnlyMoveThePlus() {
    assertEquals("447700900123", Profile.NumberFormat.WITHOUT_PLUS.apply("+447700900123"));
    assertEquals("+447700900123", Profile.NumberFormat.WITH_PLUS.apply("447700900123"));
    assertEquals("+447700900123", Profile.NumberFormat.WITH_PLUS.apply("+447700900123"));
    assertEquals(" 0770 ", Profile.NumberFormat.AS_GIVEN.apply(" 0770 "));
    assertTrue(Profile.NumberFormat.WITHOUT_PLUS.matches("447700900123"));
    assertFalse(Profile.NumberFormat.WITHOUT_PLUS.matches("+447700900123"));
  }
}
