package org.openmm7.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * The MM7 schema releases (one XML namespace each) and what each of them contains.
 *
 * <p>Everything structural is derived from the release's XSD, so this registry and the XSD cannot
 * disagree: the module's build walks each XSD and stores the result as a resource, read lazily,
 * once, thread-safely, on first use (without that resource, the XSD on the classpath is parsed
 * instead, with the same result). Paths follow this grammar:
 * <ul>
 *   <li>{@code E}: a global element, e.g. {@code SubmitReq}, {@code TransactionID};</li>
 *   <li>{@code P/C}: child element {@code C} of the element at {@code P},
 *       e.g. {@code SubmitReq/Recipients/To/Number};</li>
 *   <li>{@code P@A}: attribute {@code A} of the element at {@code P},
 *       e.g. {@code SubmitReq/Content@allowAdaptations};</li>
 *   <li>{@code P#V}: enumeration value {@code V} of the simple type of the element or attribute at
 *       {@code P}, e.g. {@code DeliveryReportReq/MMStatus#Deferred},
 *       {@code SubmitReq/Recipients/To/Number@addressCoding#encrypted}.</li>
 * </ul>
 */
public enum Mm7Release {
    REL_5_MM7_1_0("5.3.0"),
    REL_5_MM7_1_1("5.3.0"),
    REL_5_MM7_1_2("5.3.0"),
    REL_5_MM7_1_3("5.3.0"),
    REL_5_MM7_1_4("5.3.0"),
    REL_5_MM7_1_5("5.3.0"),
    REL_6_MM7_1_0("6.3.0"),
    REL_6_MM7_1_1("6.4.0"),
    REL_6_MM7_1_2("6.5.0"),
    REL_6_MM7_1_3("6.6.0"),
    REL_6_MM7_1_4("6.8.0");

    /** The common prefix of every MM7 namespace URI. */
    public static final String NAMESPACE_PREFIX =
            "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/";

    /** values() clones its array on every call: the look-ups below run for every decoded message. */
    private static final Mm7Release[] ALL = values();

    private final String defaultVersion;
    private final String releaseName;
    private final String namespace;
    private final Optional<Mm7Release> asOptional;
    private volatile XsdPathModel model;

    Mm7Release(String defaultVersion) {
        this.defaultVersion = defaultVersion;
        this.releaseName = name().replace('_', '-');
        this.namespace = NAMESPACE_PREFIX + releaseName;
        this.asOptional = Optional.of(this);
    }

    /** The release name as used in the namespace, e.g. {@code "REL-6-MM7-1-4"}. */
    public String releaseName() {
        return releaseName;
    }

    /** The namespace URI: {@link #NAMESPACE_PREFIX} followed by {@link #releaseName()}. */
    public String namespace() {
        return namespace;
    }

    /** The MM7Version value sent by default with this namespace (see README.md for the choice). */
    public String defaultVersion() {
        return defaultVersion;
    }

    /** The classpath resource of this release's XSD, e.g. {@code "/org/openmm7/schema/xsd/REL-6-MM7-1-4.xsd"}. */
    public String schemaResource() {
        return "/org/openmm7/schema/xsd/" + releaseName + ".xsd";
    }

    /** Whether this release is the same as or later than {@code other}. */
    public boolean isAtLeast(Mm7Release other) {
        return ordinal() >= other.ordinal();
    }

    /** The global elements that are operations (request, response and error elements), not TransactionID. */
    public Set<String> operations() {
        return model().operations();
    }

    /** Whether {@code elementName} is an operation (global body element) of this release. */
    public boolean hasOperation(String elementName) {
        return elementName != null && model().operations().contains(elementName);
    }

    /** Whether this release's schema has the given path (see the class comment for the grammar). */
    public boolean has(String path) {
        return path != null && model().has(path);
    }

    /**
     * The child element names of the element at {@code path}, in schema order (base type first);
     * empty if the element is simple, has no element children, or is unknown. This is the order to
     * write in; whether a list of children is in a valid order is for {@link #contentModel} to say
     * (choices such as Recipients' To/Cc/Bcc repeat in any order).
     */
    public List<String> childElements(String path) {
        return path == null ? List.of() : model().childElements(path);
    }

    /**
     * The content model of the element at {@code path} as the XSD declares it (sequences, choices,
     * occurrence bounds, a base type's content first), for checking the order and number of an
     * element's children; empty when the element has no element children or is unknown.
     */
    public Optional<ContentModel> contentModel(String path) {
        return path == null ? Optional.empty() : Optional.ofNullable(model().contentModel(path));
    }

    /** Every path of this release. */
    public SortedSet<String> paths() {
        return model().paths();
    }

    /** The release of an MM7 namespace URI, if it is one of the known ones. */
    public static Optional<Mm7Release> fromNamespace(String namespaceUri) {
        if (namespaceUri == null) {
            return Optional.empty();
        }
        for (int i = ALL.length - 1; i >= 0; i--) { // the latest releases, the most used, first
            if (ALL[i].namespace.equals(namespaceUri)) {
                return ALL[i].asOptional;
            }
        }
        return Optional.empty();
    }

    /** The release of a release name such as {@code "REL-6-MM7-1-4"}. */
    public static Optional<Mm7Release> fromName(String releaseName) {
        if (releaseName == null) {
            return Optional.empty();
        }
        for (Mm7Release r : ALL) {
            if (r.releaseName.equals(releaseName)) {
                return r.asOptional;
            }
        }
        return Optional.empty();
    }

    /** The latest release, REL-6-MM7-1-4. */
    public static Mm7Release latest() {
        return REL_6_MM7_1_4;
    }

    private XsdPathModel model() {
        XsdPathModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    m = XsdPathModel.compiled(releaseName, namespace());
                    if (m == null) {
                        m = XsdPathModel.load(schemaResource(), namespace());
                    }
                    model = m;
                }
            }
        }
        return m;
    }
}
