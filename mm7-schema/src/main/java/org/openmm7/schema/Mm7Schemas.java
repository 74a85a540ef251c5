package org.openmm7.schema;

import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.util.EnumMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/** Compiled {@link Schema}s of the MM7 releases, each with the SOAP 1.1 envelope schema. */
public final class Mm7Schemas {

    /** The folder on the classpath that holds the release XSDs and {@code soap-envelope.xsd}. */
    static final String XSD_FOLDER = "/org/openmm7/schema/xsd/";
    static final String SOAP_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private static final Map<Mm7Release, Schema> CACHE = new EnumMap<>(Mm7Release.class);

    private Mm7Schemas() {
    }

    /**
     * A cached, thread-safe {@link Schema}: the release XSD plus the SOAP envelope schema, loaded from
     * the classpath with external access disabled (schemaLocations are resolved to the local
     * resources only). A whole SOAP Envelope validates against it: Header entries such as
     * TransactionID and the Body's operation element are checked against the release schema.
     */
    public static Schema schema(Mm7Release release) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(release, Mm7Schemas::load);
        }
    }

    private static Schema load(Mm7Release release) {
        URL url = Mm7Schemas.class.getResource(release.schemaResource());
        if (url == null) {
            throw new IllegalStateException("schema resource not found on the classpath: " + release.schemaResource());
        }
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setResourceResolver(new LocalResolver());
            InputStream envelope = open("soap-envelope.xsd");
            InputStream rel = open(release.releaseName() + ".xsd");
            StreamSource soapSource = new StreamSource(envelope, systemIdOf("soap-envelope.xsd"));
            StreamSource relSource = new StreamSource(rel, url.toExternalForm());
            try (envelope; rel) {
                return f.newSchema(new javax.xml.transform.Source[] {soapSource, relSource});
            }
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalStateException("cannot compile the schema of " + release.releaseName(), e);
        }
    }

    private static InputStream open(String fileName) {
        InputStream in = Mm7Schemas.class.getResourceAsStream(XSD_FOLDER + fileName);
        if (in == null) {
            throw new IllegalStateException("schema resource not found on the classpath: " + XSD_FOLDER + fileName);
        }
        return in;
    }

    private static String systemIdOf(String fileName) {
        URL u = Mm7Schemas.class.getResource(XSD_FOLDER + fileName);
        return u == null ? fileName : u.toExternalForm();
    }

    /** Resolves imports and includes to files of the local XSD folder only; nothing else is loaded. */
    private static final class LocalResolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespaceURI, String publicId, String systemId,
                String baseURI) {
            String file = null;
            if (SOAP_ENVELOPE_NS.equals(namespaceURI)) {
                file = "soap-envelope.xsd";
            } else if (namespaceURI != null && namespaceURI.startsWith(Mm7Release.NAMESPACE_PREFIX)) {
                file = namespaceURI.substring(Mm7Release.NAMESPACE_PREFIX.length()) + ".xsd";
            } else if (systemId != null) {
                String name = systemId.substring(systemId.lastIndexOf('/') + 1);
                if (name.endsWith(".xsd") && !name.contains("\\")) {
                    file = name;
                }
            }
            if (file == null || Mm7Schemas.class.getResource(XSD_FOLDER + file) == null) {
                throw new IllegalStateException("refusing to load schema " + systemId + " (namespace "
                        + namespaceURI + "): only the local MM7 schemas are allowed");
            }
            return new ResourceInput(file, publicId, systemIdOf(file), baseURI);
        }
    }

    private static final class ResourceInput implements LSInput {
        private final String file;
        private String publicId;
        private String systemId;
        private String baseURI;

        ResourceInput(String file, String publicId, String systemId, String baseURI) {
            this.file = file;
            this.publicId = publicId;
            this.systemId = systemId;
            this.baseURI = baseURI;
        }

        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader characterStream) { }
        @Override public InputStream getByteStream() { return open(file); }
        @Override public void setByteStream(InputStream byteStream) { }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String stringData) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { this.systemId = systemId; }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { this.publicId = publicId; }
        @Override public String getBaseURI() { return baseURI; }
        @Override public void setBaseURI(String baseURI) { this.baseURI = baseURI; }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { }
    }
}
