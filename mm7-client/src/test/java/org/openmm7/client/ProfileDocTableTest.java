package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Profile.Setting;

/**
 * src/docs/profiles.md against the built-in profiles: the generated table of profiles is theirs,
 * the reference table names every setting with the specification's default, and every setting
 * the table of peers' facts cites ({@code name: key=value}) is what that profile holds.
 */
class ProfileDocTableTest {
  private static final boolean UPDATE = Boolean.getBoolean("openmm7.updateDocs");
  private static final String START = "<!-- profiles:start (written by ProfileDocTableTest) -->";
  private static final String END = "<!-- profiles:end -->";
  /** A citation of a setting in the facts table: {@code `sinch: maxRecipients=1`}. */
  private static final Pattern CITED = Pattern.compile("`([a-z0-9.-]+): ([A-Za-z]+)=([^`]*)`");

  private static Path doc() {
    String corpus = System.getProperty("openmm7.corpus");
    Path root = corpus != null ? Path.of(corpus).getParent() : Path.of("..", "src");
    return root.resolve("docs").resolve("profiles.md");
  }

  @Test
  void theTableOfProfilesIsTheBuiltInProfiles() throws IOException {
    String doc = Files.readString(doc());
    int a = doc.indexOf(START);
    int b = doc.indexOf(END);
    assertTrue(a >= 0 && b > a, "markers in " + doc());
    String current = doc.substring(a + START.length(), b).strip();
    String table = table();
    if (!current.equals(table.strip())) {
      if (UPDATE) {
        Files.writeString(doc(), doc.substring(0, a + START.length()) + "\n" + table + doc.substring(b));
        fail("rewrote " + doc() + ": review, commit, rerun");
      }
      fail(doc() + " does not hold the built-in profiles' table; rerun with -Dopenmm7.updateDocs=true");
    }
  }

  @Test
  void everySettingIsDocumentedWithItsDefault() throws IOException {
    String doc = Files.readString(doc());
    for (Setting s : Setting.values()) {
      String row = "| `" + s.key() + "` | `" + Profile.specification().valueOf(s) + "` |";
      assertTrue(doc.contains(row), "the settings table has " + row);
    }
  }

  @Test
  void everyCitedSettingIsWhatTheProfileHolds() throws IOException {
    String doc = Files.readString(doc());
    Matcher m = CITED.matcher(doc);
    Set<String> citedProfiles = new HashSet<>();
    List<String> wrong = new ArrayList<>();
    int cited = 0;
    while (m.find()) {
      cited++;
      Profile p = Profile.builtIn(m.group(1)).orElse(null);
      Setting s = Setting.ofKey(m.group(2)).orElse(null);
      if (p == null || s == null) {
        wrong.add(m.group() + ": no such profile or setting");
        continue;
      }
      citedProfiles.add(p.name());
      if (!p.valueOf(s).equals(m.group(3))) {
        wrong.add(m.group() + ": the profile holds " + p.valueOf(s));
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(cited > 30, "the facts table cites the settings: " + cited);
    for (Profile p : Profile.builtIns()) {
      if (!p.name().equals("specification")) {
        assertTrue(citedProfiles.contains(p.name()), p.name() + "'s facts are traced in the doc");
      }
    }
    // and every departure of a built-in profile is cited as a fact somewhere
    for (Profile p : Profile.builtIns()) {
      for (Setting s : p.departures()) {
        String citation = "`" + p.name() + ": " + s.key() + "=" + p.valueOf(s) + "`";
        assertTrue(doc.contains(citation), "the facts table traces " + citation);
      }
    }
    assertFalse(doc.contains("TODO"));
  }

  private static String table() {
    StringBuilder t = new StringBuilder();
    t.append("| profile | role | release / MM7Version | what departs from the specification | sources |\n");
    t.append("|---|---|---|---|---|\n");
    for (Profile p : Profile.builtIns()) {
      List<String> departures = new ArrayList<>();
      for (Setting s : p.departures()) {
        if (s != Setting.ROLE && s != Setting.RELEASE && s != Setting.MM7_VERSION) {
          departures.add("`" + s.key() + "=" + p.valueOf(s) + "`");
        }
      }
      t.append("| `").append(p.name()).append("` | ").append(p.role().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ").append(p.release().releaseName()).append(" / ").append(p.mm7Version()).append(" | ")
          .append(departures.isEmpty() ? "(nothing else)" : String.join(", ", departures)).append(" | ")
          .append(String.join("; ", p.sources())).append(" |\n");
    }
    return t.toString();
  }
}
