package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.SAXException;

/**
 * The content-model check against an independent judge: the JDK's XML Schema validator over the
 * same XSDs. For many child lists of elements of several operations and releases (lists generated
 * from the model, the same lists with children swapped, moved, doubled or dropped, and random
 * lists over the element's alphabet), {@link ContentModel#check} says the list fits exactly when
 * the validator accepts a document whose element has those children. Seeded; a few thousand
 * validations.
 */
class ContentModelOracleTest {

    private static final int LISTS_PER_PATH = 120;
    private static final String TIME = "2024-05-01T09:30:47Z";

    static List<Arguments> paths() {
        List<Arguments> out = new ArrayList<>();
        List<String> common = List.of("SubmitReq", "SubmitReq/Recipients", "SubmitReq/Recipients/To",
                "SubmitReq/Recipients/Bcc", "SubmitReq/SenderIdentification", "SubmitReq/SenderIdentification/SenderAddress",
                "DeliverReq", "DeliverReq/Sender", "DeliverReq/Recipients", "DeliveryReportReq", "ReadReplyReq",
                "ReplaceReq", "CancelReq", "SubmitRsp", "SubmitRsp/Status", "DeliverRsp", "RSErrorRsp");
        for (Mm7Release r : List.of(Mm7Release.REL_5_MM7_1_2, Mm7Release.REL_6_MM7_1_0, Mm7Release.REL_6_MM7_1_4)) {
            for (String p : common) {
                out.add(Arguments.of(r, p));
            }
        }
        Mm7Release latest = Mm7Release.latest();
        for (String p : List.of("SubmitReq/DeliveryCondition", "DeliverReq/Previouslysentby",
                "DeliverReq/Previouslysentby/UserAgent", "DeliverReq/Previouslysentdateandtime", "extendedReplaceReq",
                "extendedCancelReq", "extendedReplaceRsp")) {
            out.add(Arguments.of(latest, p));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void theCheckAgreesWithTheJdkValidator(Mm7Release release, String path) {
        ContentModel model = release.contentModel(path).orElseThrow(() -> new AssertionError("no model at " + path));
        Validator validator = validator(release);
        Random random = new Random(path.hashCode() * 31L + release.ordinal());
        List<String> alphabet = model.elementNames();
        int accepted = 0;
        int refused = 0;
        List<String> baseline = minimal(model.root());
        assertNull(validate(validator, document(release, path, baseline)), "the minimal list validates: " + baseline);
        for (int i = 0; i < LISTS_PER_PATH; i++) {
            List<String> children = switch (i % 4) {
                case 0 -> generate(model.root(), random);
                case 1, 2 -> mutate(generate(model.root(), random), alphabet, random);
                default -> randomList(alphabet, random);
            };
            String xml = document(release, path, children);
            String error = validate(validator, xml);
            ContentCheck check = model.check(children);
            assertEquals(error == null, check.valid(), () -> path + " " + children + ": validator says "
                    + (error == null ? "valid" : error) + "; check says " + check);
            if (error == null) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertTrue(accepted > 0 && refused > 0, "both verdicts occur: " + accepted + " accepted, " + refused + " refused");
    }

    // ---- lists of children ----

    /** The shortest list the model accepts: required elements, the first alternative of a choice. */
    static List<String> minimal(ContentModel.Particle p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.minOccurs(); i++) {
            if (p instanceof ContentModel.Element e) {
                out.add(e.name());
            } else {
                ContentModel.Group g = (ContentModel.Group) p;
                if (g.kind() == ContentModel.Kind.CHOICE) {
                    out.addAll(minimalOne(g.particles().get(0)));
                } else {
                    for (ContentModel.Particle c : g.particles()) {
                        out.addAll(minimal(c));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> minimalOne(ContentModel.Particle p) {
        List<String> once = minimal(p);
        if (once.isEmpty() && p instanceof ContentModel.Element e) {
            return List.of(e.name());
        }
        return once;
    }

    /** A random list the model accepts. */
    static List<String> generate(ContentModel.Particle p, Random random) {
        List<String> out = new ArrayList<>();
        int max = p.maxOccurs() == ContentModel.UNBOUNDED ? p.minOccurs() + 3 : p.maxOccurs();
        int n = p.minOccurs() + random.nextInt(max - p.minOccurs() + 1);
        for (int i = 0; i < n; i++) {
            if (p instanceof ContentModel.Element e) {
                out.add(e.name());
                continue;
            }
            ContentModel.Group g = (ContentModel.Group) p;
            switch (g.kind()) {
                case CHOICE -> out.addAll(generate(g.particles().get(random.nextInt(g.particles().size())), random));
                case SEQUENCE -> g.particles().forEach(c -> out.addAll(generate(c, random)));
                case ALL -> {
                    List<ContentModel.Particle> members = new ArrayList<>(g.particles());
                    Collections.shuffle(members, random);
                    members.forEach(c -> out.addAll(generate(c, random)));
                }
            }
        }
        return out;
    }

    private static List<String> mutate(List<String> list, List<String> alphabet, Random random) {
        List<String> out = new ArrayList<>(list);
        int changes = 1 + random.nextInt(2);
        for (int k = 0; k < changes; k++) {
            int i = out.isEmpty() ? 0 : random.nextInt(out.size());
            switch (random.nextInt(5)) {
                case 0 -> { // swap two
                    if (out.size() > 1) {
                        Collections.swap(out, i, random.nextInt(out.size()));
                    }
                }
                case 1 -> { // move one
                    if (!out.isEmpty()) {
                        String e = out.remove(i);
                        out.add(random.nextInt(out.size() + 1), e);
                    }
                }
                case 2 -> { // double one
                    if (!out.isEmpty()) {
                        out.add(i, out.get(i));
                    }
                }
                case 3 -> { // drop one
                    if (!out.isEmpty()) {
                        out.remove(i);
                    }
                }
                default -> out.add(out.isEmpty() ? 0 : random.nextInt(out.size() + 1),
                        alphabet.get(random.nextInt(alphabet.size())));
            }
        }
        return out;
    }

    private static List<String> randomList(List<String> alphabet, Random random) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(Math.min(8, alphabet.size() + 3));
        for (int i = 0; i < n; i++) {
            out.add(alphabet.get(random.nextInt(alphabet.size())));
        }
        return out;
    }

    // ---- documents ----

    /** A SOAP envelope whose element at {@code path} has {@code children}; every other element is minimal and valid. */
    static String document(Mm7Release r, String path, List<String> children) {
        String op = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        StringBuilder b = new StringBuilder();
        b.append("<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">")
                .append("<env:Header><mm7:TransactionID xmlns:mm7=\"").append(r.namespace())
                .append("\" env:mustUnderstand=\"1\">t</mm7:TransactionID></env:Header><env:Body>")
                .append("<").append(op).append(" xmlns=\"").append(r.namespace()).append("\">");
        content(r, op, path, children, b);
        b.append("</").append(op).append("></env:Body></env:Envelope>");
        return b.toString();
    }

    private static void content(Mm7Release r, String at, String target, List<String> variant, StringBuilder b) {
        ContentModel model = r.contentModel(at).orElse(null);
        if (model == null) {
            b.append(leafValue(at.substring(at.lastIndexOf('/') + 1)));
            return;
        }
        List<String> children = at.equals(target) ? variant : target.startsWith(at + "/")
                ? withChild(minimal(model.root()), model.elementNames(), target.substring(at.length() + 1).split("/")[0])
                : minimal(model.root());
        for (String c : children) {
            b.append('<').append(c);
            if (c.equals("Content")) {
                b.append(" href=\"cid:c1\"");
            }
            b.append('>');
            content(r, at + "/" + c, target, variant, b);
            b.append("</").append(c).append('>');
        }
    }

    /** The minimal list with the element on the way to the target added at its place in the schema order. */
    private static List<String> withChild(List<String> minimal, List<String> order, String child) {
        if (minimal.contains(child)) {
            return minimal;
        }
        List<String> out = new ArrayList<>(minimal);
        int at = 0;
        while (at < out.size() && order.indexOf(out.get(at)) < order.indexOf(child)) {
            at++;
        }
        out.add(at, child);
        return out;
    }

    private static String leafValue(String name) {
        return switch (name) {
            case "MM7Version" -> "6.8.0";
            case "DeliveryReport", "ReadReply", "DistributionIndicator", "DRMContent" -> "true";
            case "TimeStamp", "Date", "EarliestDeliveryTime", "ExpiryDate", "DateTime" -> TIME;
            case "Priority" -> "Normal";
            case "MessageClass" -> "Personal";
            case "ChargedParty" -> "Sender";
            case "ContentClass" -> "text";
            case "MMStatus" -> "Indeterminate";
            case "MMStatusExtension" -> "RejectionByOtherRS";
            case "StatusCode" -> "1000";
            case "DC" -> "1";
            case "Content", "ReplyCharging", "UACapabilities" -> "";
            default -> "x";
        };
    }

    private static Validator validator(Mm7Release r) {
        Validator v = Mm7Schemas.schema(r).newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
        return v;
    }

    private static String validate(Validator v, String xml) {
        try {
            v.validate(new StreamSource(new StringReader(xml)));
            return null;
        } catch (SAXException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
