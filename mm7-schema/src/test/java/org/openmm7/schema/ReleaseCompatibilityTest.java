package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Properties that let one writer order and one reader serve every release. */
class ReleaseCompatibilityTest {

    @Test
    void commonChildrenKeepTheirRelativeOrderBetweenConsecutiveReleases() {
        Mm7Release[] all = Mm7Release.values();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < all.length; i++) {
            Mm7Release older = all[i - 1];
            Mm7Release newer = all[i];
            Set<String> common = new TreeSet<>(older.paths());
            common.retainAll(newer.paths());
            for (String path : common) {
                List<String> a = new ArrayList<>(older.childElements(path));
                List<String> b = new ArrayList<>(newer.childElements(path));
                a.retainAll(b);
                b.retainAll(a);
                if (!a.equals(b)) {
                    problems.add(older + " -> " + newer + " " + path + ": " + a + " vs " + b);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReleaseOrderAgreesWithTheLatestOrder() {
        Mm7Release latest = Mm7Release.latest();
        for (Mm7Release r : Mm7Release.values()) {
            for (String path : r.paths()) {
                List<String> mine = r.childElements(path);
                List<String> ref = latest.childElements(path);
                List<String> common = new ArrayList<>(ref);
                common.retainAll(mine);
                List<String> mineCommon = new ArrayList<>(mine);
                mineCommon.retainAll(ref);
                assertEquals(common, mineCommon, r + " " + path);
            }
        }
    }

    @Test
    void releasesOnlyAdd() {
        Mm7Release[] all = Mm7Release.values();
        for (int i = 1; i < all.length; i++) {
            Set<String> removed = new TreeSet<>(all[i - 1].paths());
            removed.removeAll(all[i].paths());
            assertTrue(removed.isEmpty(), all[i - 1] + " -> " + all[i] + " removes " + removed);
        }
    }
}
