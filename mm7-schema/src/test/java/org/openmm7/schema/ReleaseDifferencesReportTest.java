package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Prints the path differences between consecutive releases (the source of README.md's table). */
class ReleaseDifferencesReportTest {

    @Test
    void printDifferences() {
        Mm7Release[] all = Mm7Release.values();
        StringBuilder out = new StringBuilder("MM7 path differences between consecutive releases\n");
        out.append(all[0]).append(": ").append(all[0].paths().size()).append(" paths\n");
        for (int i = 1; i < all.length; i++) {
            Set<String> added = new TreeSet<>(all[i].paths());
            added.removeAll(all[i - 1].paths());
            Set<String> removed = new TreeSet<>(all[i - 1].paths());
            removed.removeAll(all[i].paths());
            out.append(all[i - 1].releaseName()).append(" -> ").append(all[i].releaseName())
                    .append(": +").append(added.size()).append(" -").append(removed.size()).append('\n');
            added.forEach(p -> out.append("  + ").append(p).append('\n'));
            removed.forEach(p -> out.append("  - ").append(p).append('\n'));
        }
        System.out.println(out);
        assertFalse(all[all.length - 1].paths().isEmpty());
    }
}
