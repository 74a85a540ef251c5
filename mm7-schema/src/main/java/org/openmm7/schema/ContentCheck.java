package org.openmm7.schema;

import java.util.List;

/**
 * What {@link ContentModel#check} found in a list of child elements. Indices are positions in the
 * list that was checked, ascending.
 *
 * @param misplaced children the model has a place for, but not where they are (the fewest such
 *     children that, moved elsewhere, make the list fit)
 * @param surplus children for which the model has no place left: one more than maxOccurs allows, or
 *     a second alternative of a choice taken once
 * @param missing names of required elements that are absent (a child that is present but misplaced
 *     is not also reported missing)
 * @param unknown children whose name the model does not mention at all
 * @param exact false when the list was too long for the exact check and a greedy scan was used
 *     instead: then only {@code misplaced} and {@code unknown} are filled in, and {@code misplaced}
 *     may name more children than the fewest
 */
public record ContentCheck(List<Integer> misplaced, List<Integer> surplus, List<String> missing,
        List<Integer> unknown, boolean exact) {

    public ContentCheck {
        misplaced = List.copyOf(misplaced);
        surplus = List.copyOf(surplus);
        missing = List.copyOf(missing);
        unknown = List.copyOf(unknown);
    }

    /** Whether the known children fit the model: nothing misplaced, in surplus or missing. */
    public boolean fits() {
        return misplaced.isEmpty() && surplus.isEmpty() && missing.isEmpty();
    }

    /** Whether the children are exactly what the model accepts (fits and nothing unknown). */
    public boolean valid() {
        return fits() && unknown.isEmpty();
    }
}
