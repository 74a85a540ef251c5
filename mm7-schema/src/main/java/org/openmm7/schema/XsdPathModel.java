package org.openmm7.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The paths of one release, computed from its XSD (a DOM walk of the schema document, not of
 * instance documents). Immutable once built.
 *
 * <p>The walk runs at build time: {@link #main} writes each release's model as a compact text
 * resource ({@link #compiledResource}), which {@link #compiled} reads at run time instead of
 * parsing the XSD (a DOM parse costs a cold JVM about 100 ms; reading the resource a few). A test
 * proves that both give the same model for every release.
 *
 * <p>The compiled form, UTF-8, one record per line, fields separated by a tab:
 * <pre>
 * # comment
 * mm7-path-model 1 &lt;targetNamespace&gt;
 * o &lt;operation&gt;...               (one line, the operations in declaration order)
 * p &lt;path&gt;                       (every path, in sorted order)
 * c &lt;path&gt; &lt;child&gt;...             (the child elements of a path, in schema order)
 * m &lt;path&gt; &lt;content model&gt;         (the content model of a path with element children, {@link ContentModel#toString})
 * </pre>
 */
final class XsdPathModel {

    static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final int MAX_DEPTH = 24;

    private final SortedSet<String> paths;
    /**
     * The same paths for {@link #has}: a hash lookup instead of a sorted set's dozen comparisons of
     * strings that share long prefixes (the encoder asks for every attribute and enumerated value
     * it writes).
     */
    private final Set<String> pathSet;
    private final Map<String, List<String>> children;
    private final Set<String> operations;
    private final Map<String, ContentModel> models;

    private XsdPathModel(SortedSet<String> paths, Map<String, List<String>> children, Set<String> operations,
            Map<String, ContentModel> models) {
        this.paths = Collections.unmodifiableSortedSet(paths);
        this.pathSet = Set.copyOf(paths);
        this.children = children;
        this.operations = operations;
        this.models = models;
    }

    /** The content model of the element at path, or null when it has no element children (or is unknown). */
    ContentModel contentModel(String path) {
        return models.get(path);
    }

    /** The content models of every path that has one (for comparisons). */
    Map<String, ContentModel> contentModels() {
        return models;
    }

    SortedSet<String> paths() {
        return paths;
    }

    boolean has(String path) {
        return pathSet.contains(path);
    }

    Set<String> operations() {
        return operations;
    }

    List<String> childElements(String path) {
        return children.getOrDefault(path, List.of());
    }

    /** The child element lists of every path that has any (for comparisons). */
    Map<String, List<String>> children() {
        return children;
    }

    /** The classpath resource of a release's compiled model, e.g. {@code /org/openmm7/schema/model/REL-6-MM7-1-4.paths}. */
    static String compiledResource(String releaseName) {
        return "/org/openmm7/schema/model/" + releaseName + ".paths";
    }

    private static final String MAGIC = "mm7-path-model";
    private static final String FORMAT = "2";

    /**
     * Build-time entry point: writes the compiled model of every release under {@code args[0]} (the
     * module's class output directory), computed from the XSDs on the classpath.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: XsdPathModel <class output directory>");
        }
        Path root = Path.of(args[0]);
        for (Mm7Release r : Mm7Release.values()) {
            Path file = root.resolve(compiledResource(r.releaseName()).substring(1));
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                load(r.schemaResource(), r.namespace()).write(w, r.namespace(), r.releaseName() + ".xsd");
            }
        }
    }

    /** Writes the compiled form (see the class comment). */
    void write(Writer w, String targetNamespace, String source) throws IOException {
        w.write("# The paths of " + source + ", written at build time by XsdPathModel; do not edit.\n");
        w.write(MAGIC + "\t" + FORMAT + "\t" + field(targetNamespace) + "\n");
        StringBuilder line = new StringBuilder("o");
        for (String op : operations) {
            line.append('\t').append(field(op));
        }
        w.write(line.append('\n').toString());
        for (String p : paths) {
            w.write("p\t" + field(p) + "\n");
        }
        for (String p : new TreeSet<>(children.keySet())) {
            line.setLength(0);
            line.append("c\t").append(field(p));
            for (String c : children.get(p)) {
                line.append('\t').append(field(c));
            }
            w.write(line.append('\n').toString());
        }
        for (String p : new TreeSet<>(models.keySet())) {
            w.write("m\t" + field(p) + "\t" + field(models.get(p).toString()) + "\n");
        }
    }

    private static String field(String s) {
        if (s.isEmpty() || s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalStateException("cannot write '" + s + "' in the compiled path model");
        }
        return s;
    }

    /**
     * The model compiled at build time for this release, or null when the resource is absent (classes
     * compiled without the module's build, e.g. by an IDE): the caller then parses the XSD.
     */
    static XsdPathModel compiled(String releaseName, String targetNamespace) {
        String resource = compiledResource(releaseName);
        try (InputStream in = XsdPathModel.class.getResourceAsStream(resource)) {
            return in == null ? null : read(in, resource, targetNamespace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static XsdPathModel read(InputStream in, String resource, String targetNamespace) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        SortedSet<String> paths = new TreeSet<>();
        Map<String, List<String>> children = new HashMap<>();
        Map<String, ContentModel> models = new HashMap<>();
        Set<String> ops = null;
        boolean header = false;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (!header) {
                if (f.length != 3 || !MAGIC.equals(f[0]) || !FORMAT.equals(f[1])) {
                    throw new IllegalStateException(resource + " is not a compiled path model of format " + FORMAT);
                }
                if (!targetNamespace.equals(f[2])) {
                    throw new IllegalStateException(resource + " is for " + f[2] + ", expected " + targetNamespace);
                }
                header = true;
                continue;
            }
            switch (f[0]) {
                case "p" -> paths.add(f[1]);
                case "c" -> children.put(f[1], List.of(f).subList(2, f.length));
                case "m" -> {
                    if (f.length != 3) {
                        throw new IllegalStateException(resource + ": bad content model line '" + line + "'");
                    }
                    models.put(f[1], ContentModel.parse(f[2]));
                }
                case "o" -> ops = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(f).subList(1, f.length)));
                default -> throw new IllegalStateException(resource + ": unexpected line '" + line + "'");
            }
        }
        if (ops == null) {
            throw new IllegalStateException(resource + " has no operations line");
        }
        return new XsdPathModel(paths, Map.copyOf(children), ops, Map.copyOf(models));
    }

    static XsdPathModel load(String resource, String targetNamespace) {
        Document doc;
        try (InputStream in = XsdPathModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource not found on the classpath: " + resource);
            }
            doc = secureBuilder().parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot parse " + resource, e);
        }
        Element schema = doc.getDocumentElement();
        String tns = schema.getAttribute("targetNamespace");
        if (!targetNamespace.equals(tns)) {
            throw new IllegalStateException(resource + " has targetNamespace " + tns + ", expected " + targetNamespace);
        }
        return new Builder(schema, tns).build();
    }

    static DocumentBuilder secureBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f.newDocumentBuilder();
    }

    /** Walks the schema document. Not thread-safe; used once per release under a lock. */
    private static final class Builder {
        private final String tns;
        private final Map<String, Element> elements = new LinkedHashMap<>();
        private final Map<String, Element> complexTypes = new HashMap<>();
        private final Map<String, Element> simpleTypes = new HashMap<>();
        private final Map<String, Element> attributes = new HashMap<>();
        private final Map<String, Element> attributeGroups = new HashMap<>();
        private final Map<String, Element> groups = new HashMap<>();
        private final SortedSet<String> paths = new TreeSet<>();
        private final Map<String, LinkedHashSet<String>> children = new HashMap<>();
        private final Map<String, ContentModel> models = new HashMap<>();

        Builder(Element schema, String tns) {
            this.tns = tns;
            for (Element top : xsChildren(schema)) {
                String name = top.getAttribute("name");
                switch (top.getLocalName()) {
                    case "element" -> elements.put(name, top);
                    case "complexType" -> complexTypes.put(name, top);
                    case "simpleType" -> simpleTypes.put(name, top);
                    case "attribute" -> attributes.put(name, top);
                    case "attributeGroup" -> attributeGroups.put(name, top);
                    case "group" -> groups.put(name, top);
                    default -> { /* import, include, annotation */ }
                }
            }
        }

        XsdPathModel build() {
            Set<String> ops = new LinkedHashSet<>();
            for (Map.Entry<String, Element> e : elements.entrySet()) {
                String name = e.getKey();
                if (!"TransactionID".equals(name)) {
                    ops.add(name);
                }
                element(name, e.getValue(), 0);
            }
            Map<String, List<String>> ch = new HashMap<>();
            children.forEach((k, v) -> ch.put(k, List.copyOf(v)));
            return new XsdPathModel(paths, Map.copyOf(ch), Collections.unmodifiableSet(ops), Map.copyOf(models));
        }

        /** Declares the element at path and expands its type. */
        private void element(String path, Element decl, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("schema nesting deeper than " + MAX_DEPTH + " at " + path);
            }
            paths.add(path);
            String type = decl.getAttribute("type");
            if (!type.isEmpty()) {
                Element ct = tns.equals(namespaceOf(decl, type)) ? complexTypes.get(localName(type)) : null;
                if (ct != null) {
                    putModel(path, contentOf(ct, 0));
                }
                typeRef(path, decl, type, depth);
                return;
            }
            Element inlineComplex = xsChild(decl, "complexType");
            if (inlineComplex != null) {
                putModel(path, contentOf(inlineComplex, 0));
                complexType(path, inlineComplex, depth);
                return;
            }
            Element inlineSimple = xsChild(decl, "simpleType");
            if (inlineSimple != null) {
                enumerations(path, inlineSimple, 0);
            }
            // neither type nor content: xs:anyType, not descended into
        }

        /** Expands a type reference (attribute value) for the element or attribute at path. */
        private void typeRef(String path, Element context, String qname, int depth) {
            String local = localName(qname);
            String ns = namespaceOf(context, qname);
            if (XS.equals(ns) || !tns.equals(ns)) {
                return; // built-in (including xs:anyType) or foreign: nothing to expand
            }
            Element ct = complexTypes.get(local);
            if (ct != null) {
                complexType(path, ct, depth);
                return;
            }
            Element st = simpleTypes.get(local);
            if (st != null) {
                enumerations(path, st, 0);
                return;
            }
            throw new IllegalStateException("unknown type " + qname + " used at " + path);
        }

        private void complexType(String path, Element ct, int depth) {
            for (Element c : xsChildren(ct)) {
                switch (c.getLocalName()) {
                    case "sequence", "choice", "all" -> particles(path, c, depth);
                    case "group" -> group(path, c, depth);
                    case "attribute", "attributeGroup" -> attribute(path, c, depth);
                    case "complexContent" -> derivation(path, c, depth, true);
                    case "simpleContent" -> derivation(path, c, depth, false);
                    default -> { /* annotation, anyAttribute */ }
                }
            }
        }

        private void derivation(String path, Element content, int depth, boolean complex) {
            for (Element d : xsChildren(content)) {
                boolean extension = "extension".equals(d.getLocalName());
                if (!extension && !"restriction".equals(d.getLocalName())) {
                    continue;
                }
                String base = d.getAttribute("base");
                if (!base.isEmpty() && (extension || !complex)) {
                    // base first; a complex restriction restates its content, so its base is not expanded
                    typeRef(path, d, base, depth);
                }
                for (Element c : xsChildren(d)) {
                    switch (c.getLocalName()) {
                        case "sequence", "choice", "all" -> particles(path, c, depth);
                        case "group" -> group(path, c, depth);
                        case "attribute", "attributeGroup" -> attribute(path, c, depth);
                        case "enumeration" -> enumValue(path, c);
                        default -> { /* anyAttribute, facets */ }
                    }
                }
            }
        }

        private void particles(String path, Element model, int depth) {
            for (Element c : xsChildren(model)) {
                switch (c.getLocalName()) {
                    case "element" -> {
                        String ref = c.getAttribute("ref");
                        String name;
                        Element decl;
                        if (!ref.isEmpty()) {
                            name = localName(ref);
                            decl = tns.equals(namespaceOf(c, ref)) ? elements.get(name) : null;
                        } else {
                            name = c.getAttribute("name");
                            decl = c;
                        }
                        children.computeIfAbsent(path, k -> new LinkedHashSet<>()).add(name);
                        String childPath = path + "/" + name;
                        if (decl != null) {
                            element(childPath, decl, depth + 1);
                        } else {
                            paths.add(childPath);
                        }
                    }
                    case "sequence", "choice", "all" -> particles(path, c, depth);
                    case "group" -> group(path, c, depth);
                    default -> { /* any, annotation */ }
                }
            }
        }

        private void putModel(String path, ContentModel.Particle p) {
            if (p != null) {
                models.put(path, new ContentModel(p));
            }
        }

        // ---- content models: the particle tree of a complex type ----

        /** The content model of a complex type, or null when it has no element content. */
        private ContentModel.Particle contentOf(Element ct, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("type derivation deeper than " + MAX_DEPTH);
            }
            for (Element c : xsChildren(ct)) {
                switch (c.getLocalName()) {
                    case "sequence", "choice", "all", "group" -> {
                        return modelGroup(c, depth);
                    }
                    case "complexContent" -> {
                        return derivedContent(c, depth);
                    }
                    case "simpleContent" -> {
                        return null;
                    }
                    default -> { /* annotation, attributes */ }
                }
            }
            return null;
        }

        private ContentModel.Particle derivedContent(Element complexContent, int depth) {
            for (Element d : xsChildren(complexContent)) {
                boolean extension = "extension".equals(d.getLocalName());
                if (!extension && !"restriction".equals(d.getLocalName())) {
                    continue;
                }
                ContentModel.Particle own = null;
                for (Element c : xsChildren(d)) {
                    if (List.of("sequence", "choice", "all", "group").contains(c.getLocalName())) {
                        own = modelGroup(c, depth);
                        break;
                    }
                }
                if (!extension) {
                    return own; // a complex restriction restates its content
                }
                String base = d.getAttribute("base");
                Element baseType = tns.equals(namespaceOf(d, base)) ? complexTypes.get(localName(base)) : null;
                ContentModel.Particle inherited = baseType == null ? null : contentOf(baseType, depth + 1);
                if (inherited == null || own == null) {
                    return inherited == null ? own : inherited;
                }
                return sequenceOf(List.of(inherited, own));
            }
            return null;
        }

        /** A sequence, choice, all or group reference, with its occurrence bounds. */
        private ContentModel.Particle modelGroup(Element g, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("model groups nested deeper than " + MAX_DEPTH);
            }
            int min = occurs(g, "minOccurs");
            int max = occurs(g, "maxOccurs");
            if ("group".equals(g.getLocalName())) {
                Element def = groups.get(localName(g.getAttribute("ref")));
                ContentModel.Particle inner = null;
                if (def != null) {
                    for (Element c : xsChildren(def)) {
                        if (List.of("sequence", "choice", "all").contains(c.getLocalName())) {
                            inner = modelGroup(c, depth + 1);
                            break;
                        }
                    }
                }
                if (inner == null || (min == 1 && max == 1)) {
                    return inner;
                }
                return new ContentModel.Group(ContentModel.Kind.SEQUENCE, min, max, List.of(inner));
            }
            List<ContentModel.Particle> members = new ArrayList<>();
            for (Element c : xsChildren(g)) {
                switch (c.getLocalName()) {
                    case "element" -> {
                        String ref = c.getAttribute("ref");
                        String name = ref.isEmpty() ? c.getAttribute("name") : localName(ref);
                        members.add(new ContentModel.Element(name, occurs(c, "minOccurs"), occurs(c, "maxOccurs")));
                    }
                    case "sequence", "choice", "all", "group" -> {
                        ContentModel.Particle p = modelGroup(c, depth + 1);
                        if (p != null) {
                            members.add(p);
                        }
                    }
                    default -> { /* any (MM7 content has none), annotation */ }
                }
            }
            ContentModel.Kind kind = switch (g.getLocalName()) {
                case "choice" -> ContentModel.Kind.CHOICE;
                case "all" -> ContentModel.Kind.ALL;
                default -> ContentModel.Kind.SEQUENCE;
            };
            if (kind == ContentModel.Kind.SEQUENCE && min == 1 && max == 1) {
                return sequenceOf(members);
            }
            return new ContentModel.Group(kind, min, max, members);
        }

        /** A sequence of the particles, with the members of plain (1..1) inner sequences lifted into it. */
        private static ContentModel.Particle sequenceOf(List<ContentModel.Particle> parts) {
            List<ContentModel.Particle> flat = new ArrayList<>();
            for (ContentModel.Particle p : parts) {
                if (p instanceof ContentModel.Group g && g.kind() == ContentModel.Kind.SEQUENCE
                        && g.minOccurs() == 1 && g.maxOccurs() == 1) {
                    flat.addAll(g.particles());
                } else {
                    flat.add(p);
                }
            }
            return new ContentModel.Group(ContentModel.Kind.SEQUENCE, 1, 1, flat);
        }

        private static int occurs(Element e, String attribute) {
            String v = e.getAttribute(attribute).trim();
            if (v.isEmpty()) {
                return 1;
            }
            if ("unbounded".equals(v)) {
                return ContentModel.UNBOUNDED;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException ex) {
                throw new IllegalStateException("bad " + attribute + " '" + v + "'", ex);
            }
        }

        private void group(String path, Element ref, int depth) {
            Element g = groups.get(localName(ref.getAttribute("ref")));
            if (g != null) {
                for (Element c : xsChildren(g)) {
                    if (List.of("sequence", "choice", "all").contains(c.getLocalName())) {
                        particles(path, c, depth);
                    }
                }
            }
        }

        private void attribute(String path, Element a, int depth) {
            if ("attributeGroup".equals(a.getLocalName())) {
                Element g = attributeGroups.get(localName(a.getAttribute("ref")));
                if (g != null) {
                    for (Element c : xsChildren(g)) {
                        if ("attribute".equals(c.getLocalName()) || "attributeGroup".equals(c.getLocalName())) {
                            attribute(path, c, depth);
                        }
                    }
                }
                return;
            }
            if ("prohibited".equals(a.getAttribute("use"))) {
                return;
            }
            String ref = a.getAttribute("ref");
            Element decl = a;
            String name = a.getAttribute("name");
            if (!ref.isEmpty()) {
                name = localName(ref);
                decl = tns.equals(namespaceOf(a, ref)) ? attributes.get(name) : null;
            }
            String attrPath = path + "@" + name;
            paths.add(attrPath);
            if (decl == null) {
                return; // foreign attribute, e.g. env:mustUnderstand
            }
            String type = decl.getAttribute("type");
            if (!type.isEmpty()) {
                String ns = namespaceOf(decl, type);
                Element st = tns.equals(ns) ? simpleTypes.get(localName(type)) : null;
                if (st != null) {
                    enumerations(attrPath, st, 0);
                }
            } else {
                Element inline = xsChild(decl, "simpleType");
                if (inline != null) {
                    enumerations(attrPath, inline, 0);
                }
            }
        }

        /** Adds P#V for every enumeration value of a simple type (following restriction bases and unions). */
        private void enumerations(String path, Element simpleType, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            for (Element c : xsChildren(simpleType)) {
                switch (c.getLocalName()) {
                    case "restriction" -> {
                        boolean own = false;
                        for (Element f : xsChildren(c)) {
                            if ("enumeration".equals(f.getLocalName())) {
                                enumValue(path, f);
                                own = true;
                            } else if ("simpleType".equals(f.getLocalName())) {
                                enumerations(path, f, depth + 1);
                            }
                        }
                        String base = c.getAttribute("base");
                        if (!own && !base.isEmpty() && tns.equals(namespaceOf(c, base))) {
                            Element st = simpleTypes.get(localName(base));
                            if (st != null) {
                                enumerations(path, st, depth + 1);
                            }
                        }
                    }
                    case "union" -> {
                        for (String member : c.getAttribute("memberTypes").trim().split("\\s+")) {
                            if (!member.isEmpty() && tns.equals(namespaceOf(c, member))) {
                                Element st = simpleTypes.get(localName(member));
                                if (st != null) {
                                    enumerations(path, st, depth + 1);
                                }
                            }
                        }
                        for (Element f : xsChildren(c)) {
                            if ("simpleType".equals(f.getLocalName())) {
                                enumerations(path, f, depth + 1);
                            }
                        }
                    }
                    default -> { /* list, annotation */ }
                }
            }
        }

        private void enumValue(String path, Element enumeration) {
            paths.add(path + "#" + enumeration.getAttribute("value"));
        }

        private static String localName(String qname) {
            int i = qname.indexOf(':');
            return i < 0 ? qname : qname.substring(i + 1);
        }

        private static String namespaceOf(Element context, String qname) {
            int i = qname.indexOf(':');
            String prefix = i < 0 ? null : qname.substring(0, i);
            return context.lookupNamespaceURI(prefix);
        }

        private static List<Element> xsChildren(Element parent) {
            List<Element> out = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && XS.equals(n.getNamespaceURI())) {
                    out.add((Element) n);
                }
            }
            return out;
        }

        private static Element xsChild(Element parent, String localName) {
            for (Element c : xsChildren(parent)) {
                if (localName.equals(c.getLocalName())) {
                    return c;
                }
            }
            return null;
        }
    }
}
