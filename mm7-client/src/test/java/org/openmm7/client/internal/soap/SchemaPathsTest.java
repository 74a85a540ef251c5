package org.openmm7.client.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.openmm7.schema.ContentModel;
import org.openmm7.schema.Mm7Release;

/**
 * The tree of content models the decoder steps through by element name holds, for every path of
 * every release, the model the release gives that path string, and no child a model does not
 * mention.
 */
class SchemaPathsTest {
  @Test
  void everyPathReachedByNamesHasTheReleasesModelForIt() {
    int checked = 0;
    for (Mm7Release release : Mm7Release.values()) {
      for (String path : release.paths()) {
        String[] names = path.split("/");
        if (!release.hasOperation(names[0]) && !names[0].endsWith("ErrorRsp")) {
          continue;
        }
        SchemaPaths.Node node = SchemaPaths.root(release, names[0]);
        for (int i = 1; i < names.length && node != null; i++) {
          node = node.child(names[i]);
        }
        if (node == null) {
          continue; // below an element without a content model (open content, a simple type)
        }
        assertEquals(path, node.path);
        assertEquals(release.contentModel(path).orElse(null), node.model, release + " " + path);
        checked++;
      }
      assertSame(SchemaPaths.root(release, "SubmitReq"), SchemaPaths.root(release, "SubmitReq"));
    }
    assertEquals(true, checked > 100, "paths checked: " + checked);
  }

  @Test
  void aNameTheModelDoesNotMentionHasNoNode() {
    SchemaPaths.Node submit = SchemaPaths.root(Mm7Release.REL_6_MM7_1_4, "SubmitReq");
    ContentModel model = Mm7Release.REL_6_MM7_1_4.contentModel("SubmitReq").orElseThrow();
    assertEquals(model, submit.model);
    assertNull(submit.child("NoSuchElement"));
    assertEquals("SubmitReq/Recipients", submit.child("Recipients").path);
  }
}
