package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The path models written at build time say what the XSDs say, and the registry uses them. */
class CompiledPathModelTest {

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void theCompiledModelEqualsTheOneWalkedFromTheXsd(Mm7Release r) {
        XsdPathModel compiled = XsdPathModel.compiled(r.releaseName(), r.namespace());
        assertNotNull(compiled, () -> XsdPathModel.compiledResource(r.releaseName())
                + " is missing: the build's compile-path-models step did not run");
        XsdPathModel walked = XsdPathModel.load(r.schemaResource(), r.namespace());
        assertEquals(walked.paths(), compiled.paths());
        assertEquals(List.copyOf(walked.operations()), List.copyOf(compiled.operations()), "operations, in order");
        assertEquals(walked.children(), compiled.children());
        assertEquals(walked.contentModels(), compiled.contentModels());
        for (String p : walked.paths()) {
            assertEquals(walked.childElements(p), compiled.childElements(p), p);
        }
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void theRegistryAnswersFromTheCompiledModel(Mm7Release r) {
        XsdPathModel compiled = XsdPathModel.compiled(r.releaseName(), r.namespace());
        assertEquals(compiled.paths(), r.paths());
        assertEquals(List.copyOf(compiled.operations()), List.copyOf(r.operations()));
        assertSame(r.paths(), r.paths(), "read once");
    }

    @Test
    void writtenAndReadBackUnchanged() throws IOException {
        Mm7Release r = Mm7Release.latest();
        XsdPathModel walked = XsdPathModel.load(r.schemaResource(), r.namespace());
        StringWriter w = new StringWriter();
        walked.write(w, r.namespace(), "test");
        XsdPathModel read = read(w.toString(), r.namespace());
        assertEquals(walked.paths(), read.paths());
        assertEquals(List.copyOf(walked.operations()), List.copyOf(read.operations()));
        assertEquals(walked.children(), read.children());
        assertEquals(walked.contentModels(), read.contentModels());
        assertEquals("seq(MM7Version,SenderIdentification,Recipients,ServiceCode?,LinkedID?,MessageClass?,TimeStamp?,"
                + "ReplyCharging?,EarliestDeliveryTime?,ExpiryDate?,DeliveryReport?,ReadReply?,Priority?,Subject?,"
                + "ChargedParty?,ChargedPartyID?,DistributionIndicator?,DeliveryCondition?,ApplicID?,ReplyApplicID?,"
                + "AuxApplicInfo?,ContentClass?,DRMContent?,Content?)", read.contentModel("SubmitReq").toString());
        assertEquals("choice(To,Cc,Bcc)+", read.contentModel("SubmitReq/Recipients").toString());
        assertEquals("choice(Number,RFC2822Address,ShortCode)+", read.contentModel("SubmitReq/Recipients/Bcc").toString());
        assertEquals("choice(Number,RFC2822Address,ShortCode)", read.contentModel("DeliverReq/Sender").toString());
        // a copy made for another namespace, or damaged, is refused rather than misread
        assertThrows(IllegalStateException.class, () -> read(w.toString(), Mm7Release.REL_5_MM7_1_0.namespace()));
        assertThrows(IllegalStateException.class, () -> read(w.toString().replace("mm7-path-model\t2", "x\t2"),
                r.namespace()));
        assertThrows(IllegalStateException.class, () -> read(w.toString().replace("\np\t", "\nq\t"), r.namespace()));
    }

    @Test
    void noCompiledModelMeansNull() {
        assertNull(XsdPathModel.compiled("REL-9-MM7-9-9", Mm7Release.NAMESPACE_PREFIX + "REL-9-MM7-9-9"));
    }

    private static XsdPathModel read(String text, String namespace) throws IOException {
        return XsdPathModel.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test", namespace);
    }
}
