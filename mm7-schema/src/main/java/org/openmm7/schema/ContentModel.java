package org.openmm7.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The content model of an element as its XSD declares it: a tree of sequences, choices and
 * all-groups with their minOccurs/maxOccurs, whose leaves are child elements (element references
 * resolved, a complexContent extension written as the base type's content followed by its own).
 * Immutable and thread-safe.
 *
 * <p>{@link #check} tells whether a list of child element names fits the model and, when it does
 * not, which children are misplaced, which have no room left and which required ones are missing
 * (see {@link ContentCheck}).
 *
 * <p>The textual form ({@link #toString}, {@link #parse}) is what the compiled path model stores:
 * {@code seq(MM7Version,SenderIdentification?,choice(Number,ShortCode)+)}. A group is
 * {@code seq(..)}, {@code choice(..)} or {@code all(..)}; a particle is followed by {@code ?}
 * (0..1), {@code *} (0..unbounded), {@code +} (1..unbounded), {@code {min,max}} or
 * {@code {min,}} (min..unbounded), or nothing (exactly once).
 */
public final class ContentModel {

    /** maxOccurs="unbounded". */
    public static final int UNBOUNDED = -1;

    /** A node of the model. */
    public sealed interface Particle permits Element, Group {
        int minOccurs();

        /** The upper bound, or {@link #UNBOUNDED}. */
        int maxOccurs();
    }

    /** A child element (by local name) with its occurrence bounds. */
    public record Element(String name, int minOccurs, int maxOccurs) implements Particle {
        public Element {
            Objects.requireNonNull(name);
            checkBounds(minOccurs, maxOccurs);
        }
    }

    /** The kinds of model group. */
    public enum Kind { SEQUENCE, CHOICE, ALL }

    /** A sequence, choice or all-group of particles, with its own occurrence bounds. */
    public record Group(Kind kind, int minOccurs, int maxOccurs, List<Particle> particles) implements Particle {
        public Group {
            Objects.requireNonNull(kind);
            particles = List.copyOf(particles);
            checkBounds(minOccurs, maxOccurs);
        }
    }

    private static void checkBounds(int min, int max) {
        if (min < 0 || (max != UNBOUNDED && max < min)) {
            throw new IllegalArgumentException("bad occurrence bounds " + min + ".." + max);
        }
    }

    private final Particle root;
    private final List<String> elementNames;
    private volatile ContentAutomaton automaton;

    public ContentModel(Particle root) {
        this.root = Objects.requireNonNull(root);
        Set<String> names = new LinkedHashSet<>();
        collectNames(root, names);
        this.elementNames = List.copyOf(names);
    }

    public Particle root() {
        return root;
    }

    /** The names of the elements the model mentions, each once, in declaration order. */
    public List<String> elementNames() {
        return elementNames;
    }

    /**
     * Checks child element names (in document order) against the model. Names the model does not
     * mention are listed as unknown and otherwise ignored. Work and memory are linear in the number of
     * children (with a bound per model; beyond about 260,000 child-state cells the check falls back
     * to a greedy scan that reports misplaced children only, see {@link ContentCheck#exact()}).
     */
    public ContentCheck check(List<String> childNames) {
        ContentAutomaton a = automaton;
        if (a == null) {
            a = new ContentAutomaton(root);
            automaton = a;
        }
        return a.check(childNames);
    }

    private static void collectNames(Particle p, Set<String> out) {
        if (p instanceof Element e) {
            out.add(e.name());
        } else {
            for (Particle c : ((Group) p).particles()) {
                collectNames(c, out);
            }
        }
    }

    // ---- textual form ----

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        write(root, b);
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentModel m && m.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    private static void write(Particle p, StringBuilder b) {
        if (p instanceof Element e) {
            b.append(e.name());
        } else {
            Group g = (Group) p;
            b.append(switch (g.kind()) {
                case SEQUENCE -> "seq(";
                case CHOICE -> "choice(";
                case ALL -> "all(";
            });
            for (int i = 0; i < g.particles().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(g.particles().get(i), b);
            }
            b.append(')');
        }
        int min = p.minOccurs();
        int max = p.maxOccurs();
        if (min == 1 && max == 1) {
            return;
        }
        if (min == 0 && max == 1) {
            b.append('?');
        } else if (min == 0 && max == UNBOUNDED) {
            b.append('*');
        } else if (min == 1 && max == UNBOUNDED) {
            b.append('+');
        } else {
            b.append('{').append(min).append(',').append(max == UNBOUNDED ? "" : Integer.toString(max)).append('}');
        }
    }

    /** Reads the textual form written by {@link #toString}. */
    public static ContentModel parse(String text) {
        Parser p = new Parser(text);
        Particle root = p.particle(0);
        if (p.pos != text.length()) {
            throw p.error("unexpected text");
        }
        return new ContentModel(root);
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 32;
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Particle particle(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) {
                pos++;
            }
            String word = s.substring(start, pos);
            if (word.isEmpty()) {
                throw error("expected a name or a group");
            }
            Particle p;
            if (pos < s.length() && s.charAt(pos) == '(') {
                Kind kind = switch (word) {
                    case "seq" -> Kind.SEQUENCE;
                    case "choice" -> Kind.CHOICE;
                    case "all" -> Kind.ALL;
                    default -> throw error("unknown group '" + word + "'");
                };
                pos++;
                List<Particle> members = new ArrayList<>();
                if (peek() != ')') {
                    members.add(particle(depth + 1));
                    while (peek() == ',') {
                        pos++;
                        members.add(particle(depth + 1));
                    }
                }
                expect(')');
                int[] occ = occurs();
                p = new Group(kind, occ[0], occ[1], members);
            } else {
                int[] occ = occurs();
                p = new Element(word, occ[0], occ[1]);
            }
            return p;
        }

        private int[] occurs() {
            char c = peek();
            switch (c) {
                case '?' -> { pos++; return new int[] {0, 1}; }
                case '*' -> { pos++; return new int[] {0, UNBOUNDED}; }
                case '+' -> { pos++; return new int[] {1, UNBOUNDED}; }
                case '{' -> {
                    pos++;
                    int min = number();
                    expect(',');
                    int max = peek() == '}' ? UNBOUNDED : number();
                    expect('}');
                    if (max != UNBOUNDED && max < min) {
                        throw error("maxOccurs below minOccurs");
                    }
                    return new int[] {min, max};
                }
                default -> { return new int[] {1, 1}; }
            }
        }

        private int number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && pos - start < 9) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a number");
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + pos + " of content model '" + s + "'");
        }
    }
}
