package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaValidationTest {

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void everyXsdCompilesOnItsOwn(Mm7Release r) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // only file: / jar: URLs of the local copies are read: the import is relative
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
        var url = getClass().getResource(r.schemaResource());
        assertNotNull(url, r.schemaResource());
        assertNotNull(f.newSchema(url));
        assertNotNull(Mm7Schemas.schema(r));
    }

    @Test
    void soapEnvelopeSchemaCompiles() throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        assertNotNull(f.newSchema(new StreamSource(
                getClass().getResourceAsStream("/org/openmm7/schema/xsd/soap-envelope.xsd"))));
    }

    @Test
    void schemaIsCached() {
        assertSame(Mm7Schemas.schema(Mm7Release.latest()), Mm7Schemas.schema(Mm7Release.latest()));
    }

    @Test
    void schemaIsUsableFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Mm7Release r = Mm7Release.values()[i % Mm7Release.values().length];
                results.add(pool.submit(() -> Validation.errorOf(r,
                        Samples.envelope(r, Samples.commonBodies().get("SubmitReq")))));
            }
            for (Future<String> f : results) {
                assertNull(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void everyOperationOfEveryReleaseValidates(Mm7Release r) {
        for (Map.Entry<String, String> e : Samples.commonBodies().entrySet()) {
            String xml = Samples.envelope(r, e.getValue());
            assertNull(Validation.errorOf(r, xml), () -> r + " " + e.getKey() + "\n" + xml);
        }
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void aBodyOfAnotherNamespaceIsNotDeclared(Mm7Release r) {
        Mm7Release other = r == Mm7Release.latest() ? Mm7Release.REL_5_MM7_1_0 : Mm7Release.latest();
        String body = Samples.commonBodies().get("SubmitReq").replace("${ns}", other.namespace())
                .replace("${version}", "5.3.0");
        assertNotNull(Validation.errorOf(r, body), "a SubmitReq of " + other + " must not validate against " + r);
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void elementOutOfOrderFails(Mm7Release r) {
        String body = """
                <SubmitReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Recipients><To><Number>1</Number></To></Recipients>
                  <SenderIdentification/></SubmitReq>""";
        assertNotNull(Validation.errorOf(r, Samples.envelope(r, body)));
        String late = """
                <SubmitReq xmlns="${ns}"><MM7Version>${version}</MM7Version><SenderIdentification/>
                  <Recipients><To><Number>1</Number></To></Recipients>
                  <Subject>s</Subject><Priority>High</Priority></SubmitReq>""";
        assertNotNull(Validation.errorOf(r, Samples.envelope(r, late)));
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void unknownElementFails(Mm7Release r) {
        String body = """
                <SubmitReq xmlns="${ns}"><MM7Version>${version}</MM7Version><SenderIdentification/>
                  <Recipients><To><Number>1</Number></To></Recipients>
                  <Colour>blue</Colour></SubmitReq>""";
        String error = Validation.errorOf(r, Samples.envelope(r, body));
        assertNotNull(error);
        assertTrue(error.contains("Colour"), error);
        // the body is strict: an element that is no operation of the release is refused too
        String unknownOperation = Validation.errorOf(r, Samples.envelope(r, "<StatusReq xmlns=\"${ns}\"/>"));
        assertNotNull(unknownOperation);
        assertTrue(unknownOperation.contains("StatusReq"), unknownOperation);
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void wrongValuesFail(Mm7Release r) {
        String badVersion = Samples.commonBodies().get("CancelRsp").replace("${version}", "six");
        assertNotNull(Validation.errorOf(r, Samples.envelope(r, badVersion)));
        String badStatus = Samples.commonBodies().get("DeliveryReportReq").replace(">Retrieved<", ">Gone<");
        assertNotNull(Validation.errorOf(r, Samples.envelope(r, badStatus)));
        String noMustUnderstand = Samples.envelope(r, Samples.commonBodies().get("CancelRsp"))
                .replace(" env:mustUnderstand=\"1\"", "");
        assertNotNull(Validation.errorOf(r, noMustUnderstand));
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void oddVersionPairingsValidate(Mm7Release r) {
        for (String v : new String[] {"5.2.0", "5.3.0", "5.6.0", "6.3.0", "6.8.0", "10.11.12"}) {
            String body = Samples.commonBodies().get("CancelRsp").replace("${version}", v);
            assertNull(Validation.errorOf(r, Samples.envelope(r, body)), v);
        }
    }

    @Test
    void richSamplesOfTheLatestReleaseValidate() {
        for (String name : List.of("REL-6-MM7-1-4-SubmitReq.xml", "REL-6-MM7-1-4-DeliverReq.xml",
                "REL-6-MM7-1-4-DeliveryReportReq.xml", "REL-6-MM7-1-4-extendedReplaceReq.xml")) {
            assertNull(Validation.errorOf(Mm7Release.REL_6_MM7_1_4, Samples.resource(name)), name);
        }
    }

    @Test
    void rel5SamplesValidate() {
        assertNull(Validation.errorOf(Mm7Release.REL_5_MM7_1_0, Samples.resource("REL-5-MM7-1-0-SubmitReq.xml")));
        assertNull(Validation.errorOf(Mm7Release.REL_5_MM7_1_2, Samples.resource("REL-5-MM7-1-2-RSErrorRsp-fault.xml")));
    }

    @Test
    void rel6ElementsFailInAnEarlyRel5Release() {
        Mm7Release r5 = Mm7Release.REL_5_MM7_1_0;
        String ns5 = r5.namespace();
        String ns6 = Mm7Release.REL_6_MM7_1_4.namespace();
        for (String name : List.of("REL-6-MM7-1-4-SubmitReq.xml", "REL-6-MM7-1-4-DeliverReq.xml",
                "REL-6-MM7-1-4-DeliveryReportReq.xml", "REL-6-MM7-1-4-extendedReplaceReq.xml")) {
            String xml = Samples.resource(name).replace(ns6, ns5);
            assertNotNull(Validation.errorOf(r5, xml), name + " must not validate as " + r5);
        }
    }

    @Test
    void extendedOperationsOnlyWhereDeclared() {
        String xml = Samples.resource("REL-6-MM7-1-4-extendedReplaceReq.xml");
        for (Mm7Release r : Mm7Release.values()) {
            String moved = xml.replace(Mm7Release.REL_6_MM7_1_4.namespace(), r.namespace());
            String error = Validation.errorOf(r, moved.substring(moved.indexOf("<mm7:extendedReplaceReq")
                    , moved.indexOf("</env:Body>")).replace("<mm7:extendedReplaceReq>",
                    "<mm7:extendedReplaceReq xmlns:mm7=\"" + r.namespace() + "\">"));
            if (r.hasOperation("extendedReplaceReq")) {
                assertNull(error, r::toString);
            } else {
                assertNotNull(error, r::toString);
            }
        }
    }

    @Test
    void validatorsOfTheSchemaDoNotFetchExternalDtds() throws Exception {
        // no properties set on the validator: what the factory was given must carry over
        javax.xml.validation.Validator v = Mm7Schemas.schema(Mm7Release.REL_5_MM7_1_0).newValidator();
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">
                <x/>""";
        org.xml.sax.SAXException e = org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class,
                () -> v.validate(new StreamSource(new java.io.StringReader(xml))));
        assertTrue(String.valueOf(e.getMessage()).contains("accessExternalDTD"), e.getMessage());
    }
}
