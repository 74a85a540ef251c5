package org.openmm7.schema;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A content model compiled to a Glushkov automaton (one state per element occurrence in the
 * model, plus a start state; no epsilon moves), and the check of a child list against it.
 *
 * <p>The check finds the cheapest repair of the child list: a child can be kept (consumed by the
 * automaton, cost 0), dropped (cost 1) or a required element inserted (cost 1). The cost of the
 * rest of the list from every (child, state) is computed from the end backwards, then one cheapest
 * repair is walked from the start, keeping children where it can: work about children x states x
 * out-degree, memory one int per (child, state). A dropped child whose name the repair inserts
 * elsewhere is misplaced (it was moved); other dropped children are misplaced when the repaired
 * list has a gap where one could go, else surplus; remaining insertions are missing elements.
 *
 * <p>Bounds: a particle's occurrences are unrolled up to {@link #MAX_COPIES} copies (more are read
 * as unbounded); an all-group is matched as its members in any order and number (MM7's schemas
 * have none). Immutable after construction.
 */
final class ContentAutomaton {

    static final int MAX_COPIES = 16;
    static final int MAX_POSITIONS = 2048;
    /** Above this many (child, state) cells the check is greedy rather than exact (1 MB of costs). */
    static final long MAX_CELLS = 1L << 18;

    private static final int INF = Integer.MAX_VALUE / 2;

    private final List<String> labels = new ArrayList<>(); // label of position p is labels.get(p - 1)
    private final List<BitSet> follow = new ArrayList<>();
    private final Map<String, Integer> symbols = new HashMap<>();
    private final int states;
    private final int[] labelOf;      // state -> symbol (start: -1)
    private final String[] symbolNames;
    private final int[][] next;       // state -> states it may move to
    private final int[][][] moves;    // state, symbol -> states
    private final boolean[] accepting;
    /** When there are at most 64 states: the moves as bit sets (state, symbol -> states), for the quick scan. */
    private final long[][] moveMasks;
    private final long acceptMask;
    /** Whether some insertion move goes back to an earlier state (a repeat): then insertions need more than one pass. */
    private final boolean backEdges;

    ContentAutomaton(ContentModel.Particle root) {
        Fragment f = build(root);
        states = labels.size() + 1;
        for (String l : labels) {
            symbols.putIfAbsent(l, symbols.size());
        }
        symbolNames = new String[symbols.size()];
        for (Map.Entry<String, Integer> e : symbols.entrySet()) {
            symbolNames[e.getValue()] = e.getKey();
        }
        labelOf = new int[states];
        labelOf[0] = -1;
        for (int p = 1; p < states; p++) {
            labelOf[p] = symbols.get(labels.get(p - 1));
        }
        next = new int[states][];
        next[0] = members(f.first);
        for (int p = 1; p < states; p++) {
            next[p] = members(follow.get(p - 1));
        }
        moves = new int[states][symbols.size()][];
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < symbols.size(); a++) {
                moves[s][a] = labelled(next[s], a);
            }
        }
        accepting = new boolean[states];
        accepting[0] = f.nullable;
        for (int p = f.last.nextSetBit(0); p >= 0; p = f.last.nextSetBit(p + 1)) {
            accepting[p] = true;
        }
        boolean back = false;
        for (int s = 0; s < states; s++) {
            for (int t : next[s]) {
                back |= t <= s;
            }
        }
        backEdges = back;
        if (states <= 64) {
            moveMasks = new long[states][symbols.size()];
            long acc = 0;
            for (int s = 0; s < states; s++) {
                for (int a = 0; a < symbols.size(); a++) {
                    for (int t : moves[s][a]) {
                        moveMasks[s][a] |= 1L << t;
                    }
                }
                if (accepting[s]) {
                    acc |= 1L << s;
                }
            }
            acceptMask = acc;
        } else {
            moveMasks = null;
            acceptMask = 0;
        }
    }

    // ---- construction (positions are numbered from 1; state 0 is the start) ----

    private record Fragment(boolean nullable, BitSet first, BitSet last) {
        static Fragment empty() {
            return new Fragment(true, new BitSet(), new BitSet());
        }
    }

    private Fragment build(ContentModel.Particle p) {
        int max = p.maxOccurs();
        int min = Math.min(p.minOccurs(), MAX_COPIES);
        boolean unbounded = max == ContentModel.UNBOUNDED || max > MAX_COPIES;
        if (max == 0) {
            return Fragment.empty();
        }
        int copies = unbounded ? Math.max(min, 1) : max;
        Fragment whole = Fragment.empty();
        for (int i = 0; i < copies; i++) {
            Fragment one = once(p);
            if (i >= min) {
                one = new Fragment(true, one.first, one.last);
            }
            if (unbounded && i == copies - 1) {
                loop(one);
            }
            whole = concat(whole, one);
        }
        return whole;
    }

    /** One occurrence of the particle, ignoring its own bounds. */
    private Fragment once(ContentModel.Particle p) {
        if (p instanceof ContentModel.Element e) {
            if (labels.size() >= MAX_POSITIONS) {
                throw new IllegalStateException("content model too large (more than " + MAX_POSITIONS + " positions)");
            }
            labels.add(e.name());
            follow.add(new BitSet());
            BitSet self = new BitSet();
            self.set(labels.size());
            return new Fragment(false, self, (BitSet) self.clone());
        }
        ContentModel.Group g = (ContentModel.Group) p;
        switch (g.kind()) {
            case SEQUENCE -> {
                Fragment f = Fragment.empty();
                for (ContentModel.Particle c : g.particles()) {
                    f = concat(f, build(c));
                }
                return f;
            }
            case CHOICE -> {
                return choice(g.particles(), g.particles().isEmpty());
            }
            default -> { // ALL: members in any order and number
                Fragment f = choice(g.particles(), true);
                loop(f);
                return new Fragment(true, f.first, f.last);
            }
        }
    }

    private Fragment choice(List<ContentModel.Particle> members, boolean nullable) {
        BitSet first = new BitSet();
        BitSet last = new BitSet();
        boolean n = nullable;
        for (ContentModel.Particle c : members) {
            Fragment f = build(c);
            first.or(f.first);
            last.or(f.last);
            n |= f.nullable;
        }
        return new Fragment(n, first, last);
    }

    private Fragment concat(Fragment a, Fragment b) {
        for (int p = a.last.nextSetBit(0); p >= 0; p = a.last.nextSetBit(p + 1)) {
            follow.get(p - 1).or(b.first);
        }
        BitSet first = (BitSet) a.first.clone();
        if (a.nullable) {
            first.or(b.first);
        }
        BitSet last = (BitSet) b.last.clone();
        if (b.nullable) {
            last.or(a.last);
        }
        return new Fragment(a.nullable && b.nullable, first, last);
    }

    private void loop(Fragment f) {
        for (int p = f.last.nextSetBit(0); p >= 0; p = f.last.nextSetBit(p + 1)) {
            follow.get(p - 1).or(f.first);
        }
    }

    // loops, not BitSet.stream() and lambdas: an automaton is built on a stub's first request, and
    // the stream classes and a class per lambda cost a cold start more than the work itself

    /** The set's members, ascending. */
    private static int[] members(BitSet set) {
        int[] out = new int[set.cardinality()];
        int n = 0;
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            out[n++] = i;
        }
        return out;
    }

    /** Those of {@code states} (in their order) whose label is {@code symbol}. */
    private int[] labelled(int[] states, int symbol) {
        int n = 0;
        for (int t : states) {
            if (labelOf[t] == symbol) {
                n++;
            }
        }
        int[] out = new int[n];
        n = 0;
        for (int t : states) {
            if (labelOf[t] == symbol) {
                out[n++] = t;
            }
        }
        return out;
    }

    // ---- checking ----

    /** What every valid list of children gets (a record of empty lists: one instance serves all). */
    private static final ContentCheck VALID = new ContentCheck(List.of(), List.of(), List.of(), List.of(), true);

    ContentCheck check(List<String> names) {
        if (acceptsAsTheyAre(names)) {
            return VALID; // the usual case: no arrays, no lists
        }
        List<Integer> unknown = new ArrayList<>();
        int[] input = new int[names.size()];
        int[] index = new int[names.size()];
        int n = 0;
        for (int i = 0; i < names.size(); i++) {
            Integer sym = symbols.get(names.get(i));
            if (sym == null) {
                unknown.add(i);
            } else {
                input[n] = sym;
                index[n++] = i;
            }
        }
        if (accepts(input, n)) {
            // the usual case, in one scan
            return unknown.isEmpty() ? VALID : new ContentCheck(List.of(), List.of(), List.of(), unknown, true);
        }
        if ((long) (n + 1) * states > MAX_CELLS) {
            return greedy(input, index, n, unknown);
        }
        int[] toGo = costsToGo(input, n);
        return explain(toGo, n, input, index, unknown);
    }

    /**
     * Whether every name is the model's and the automaton accepts them as they are: {@link
     * #accepts} read straight from the names (false when unsure: the full check decides).
     */
    private boolean acceptsAsTheyAre(List<String> names) {
        if (moveMasks == null) {
            return false;
        }
        long current = 1L;
        for (int i = 0, size = names.size(); i < size; i++) {
            Integer a = symbols.get(names.get(i));
            if (a == null) {
                return false;
            }
            current = move(current, a);
            if (current == 0) {
                return false;
            }
        }
        return (current & acceptMask) != 0;
    }

    /** Whether the automaton accepts the children as they are (a scan of state sets; false when unsure). */
    private boolean accepts(int[] input, int n) {
        if (moveMasks == null) {
            return false;
        }
        long current = 1L;
        for (int i = 0; i < n; i++) {
            current = move(current, input[i]);
            if (current == 0) {
                return false;
            }
        }
        return (current & acceptMask) != 0;
    }

    /** The set of states reached from the states in {@code current} by the symbol {@code a} (0: none). */
    private long move(long current, int a) {
        long to = 0;
        for (long rest = current; rest != 0; rest &= rest - 1) {
            to |= moveMasks[Long.numberOfTrailingZeros(rest)][a];
        }
        return to;
    }

    /**
     * The cost of the cheapest repair of children i.. from state s to an accepting end, for every
     * (i, s), at {@code i * states + s}; computed from the end backwards.
     */
    private int[] costsToGo(int[] input, int n) {
        int[] g = new int[(n + 1) * states];
        int end = n * states;
        for (int s = 0; s < states; s++) {
            g[end + s] = accepting[s] ? 0 : INF;
        }
        insertions(g, end);
        for (int i = n - 1; i >= 0; i--) {
            int col = i * states;
            int after = col + states;
            int a = input[i];
            for (int s = 0; s < states; s++) {
                int best = g[after + s] + 1; // drop child i
                for (int t : moves[s][a]) {
                    best = Math.min(best, g[after + t]); // keep it
                }
                g[col + s] = best;
            }
            insertions(g, col);
        }
        return g;
    }

    /** Adds the insertion moves within one column: a state may move on without consuming a child, at cost 1. */
    private void insertions(int[] g, int col) {
        for (int round = 0; round <= states; round++) {
            boolean changed = false;
            for (int s = states - 1; s >= 0; s--) {
                for (int t : next[s]) {
                    if (g[col + t] + 1 < g[col + s]) {
                        g[col + s] = g[col + t] + 1;
                        changed = true;
                    }
                }
            }
            if (!changed || !backEdges) {
                return; // without back edges, one pass from the last state down settles every state
            }
        }
    }

    /**
     * Walks one cheapest repair from the start, preferring to keep a child, then to insert, then to
     * drop: so of two equally cheap repairs the one that keeps the earlier children is taken, and a
     * child that comes too late (or a second occurrence) is the one reported.
     */
    private ContentCheck explain(int[] g, int n, int[] input, int[] index, List<Integer> unknown) {
        List<Integer> repaired = new ArrayList<>(); // symbols kept or inserted, in order
        List<Boolean> inserted = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();  // input indices
        int i = 0;
        int s = 0;
        int guard = (n + 1) * (states + 1);
        while (i < n || g[n * states + s] > 0) {
            if (guard-- < 0) {
                throw new IllegalStateException("content check did not converge");
            }
            int v = g[i * states + s];
            int step = -1;
            if (i < n) {
                for (int t : moves[s][input[i]]) {
                    if (g[(i + 1) * states + t] == v) {
                        step = t;
                        break;
                    }
                }
                if (step >= 0) {
                    repaired.add(input[i]);
                    inserted.add(false);
                    i++;
                    s = step;
                    continue;
                }
            }
            for (int t : next[s]) {
                if (g[i * states + t] + 1 == v) {
                    step = t;
                    break;
                }
            }
            if (step >= 0) {
                repaired.add(labelOf[step]);
                inserted.add(true);
                s = step;
                continue;
            }
            if (i < n && g[(i + 1) * states + s] + 1 == v) {
                dropped.add(i);
                i++;
                continue;
            }
            throw new IllegalStateException("no cheapest step at child " + i + ", state " + s);
        }

        // a dropped child whose name the repair inserts was moved: misplaced, not missing
        List<Integer> misplaced = new ArrayList<>();
        List<Integer> surplus = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean[] movedTo = new boolean[inserted.size()];
        List<Integer> unpaired = new ArrayList<>();
        for (int d : dropped) {
            int at = -1;
            for (int j = 0; j < inserted.size() && at < 0; j++) {
                if (inserted.get(j) && !movedTo[j] && repaired.get(j) == input[d]) {
                    at = j;
                }
            }
            if (at >= 0) {
                movedTo[at] = true;
                misplaced.add(index[d]);
            } else {
                unpaired.add(d);
            }
        }
        for (int j = 0; j < inserted.size(); j++) {
            if (inserted.get(j) && !movedTo[j]) {
                missing.add(symbolNames[repaired.get(j)]);
            }
        }
        if (!unpaired.isEmpty()) {
            boolean[] fitsSomewhere = insertable(repaired);
            for (int d : unpaired) {
                (fitsSomewhere[input[d]] ? misplaced : surplus).add(index[d]);
            }
        }
        misplaced.sort(null);
        return new ContentCheck(misplaced, surplus, missing, unknown, true);
    }

    /** Which symbols could be added at some gap of an accepted list and leave it accepted. */
    private boolean[] insertable(List<Integer> list) {
        int m = list.size();
        BitSet[] forward = new BitSet[m + 1];
        forward[0] = new BitSet();
        forward[0].set(0);
        for (int j = 0; j < m; j++) {
            BitSet f = new BitSet();
            int a = list.get(j);
            BitSet from = forward[j];
            for (int s = from.nextSetBit(0); s >= 0; s = from.nextSetBit(s + 1)) {
                for (int t : moves[s][a]) {
                    f.set(t);
                }
            }
            forward[j + 1] = f;
        }
        boolean[] result = new boolean[symbols.size()];
        BitSet backward = new BitSet();
        for (int s = 0; s < states; s++) {
            if (accepting[s]) {
                backward.set(s);
            }
        }
        for (int j = m; j >= 0; j--) {
            BitSet after = backward;
            BitSet at = forward[j];
            for (int s = at.nextSetBit(0); s >= 0; s = at.nextSetBit(s + 1)) {
                for (int t : next[s]) {
                    if (after.get(t)) {
                        result[labelOf[t]] = true;
                    }
                }
            }
            if (j > 0) {
                int a = list.get(j - 1);
                BitSet before = new BitSet();
                for (int s = 0; s < states; s++) {
                    for (int t : moves[s][a]) {
                        if (after.get(t)) {
                            before.set(s);
                            break;
                        }
                    }
                }
                backward = before;
            }
        }
        return result;
    }

    /** For very long lists: follow every state the children allow, and skip a child that fits none. */
    private ContentCheck greedy(int[] input, int[] index, int n, List<Integer> unknown) {
        List<Integer> misplaced = new ArrayList<>();
        if (moveMasks != null) {
            long current = 1L;
            for (int i = 0; i < n; i++) {
                long to = 0;
                for (long rest = current; rest != 0; rest &= rest - 1) {
                    to |= moveMasks[Long.numberOfTrailingZeros(rest)][input[i]];
                }
                if (to == 0) {
                    misplaced.add(index[i]);
                } else {
                    current = to;
                }
            }
            return new ContentCheck(misplaced, List.of(), List.of(), unknown, false);
        }
        BitSet current = new BitSet();
        current.set(0);
        for (int i = 0; i < n; i++) {
            int a = input[i];
            BitSet to = new BitSet();
            for (int s = current.nextSetBit(0); s >= 0; s = current.nextSetBit(s + 1)) {
                for (int t : moves[s][a]) {
                    to.set(t);
                }
            }
            if (to.isEmpty()) {
                misplaced.add(index[i]);
            } else {
                current = to;
            }
        }
        return new ContentCheck(misplaced, List.of(), List.of(), unknown, false);
    }
}
