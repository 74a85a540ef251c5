package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.openmm7.schema.jaxb.rel6_1_4.ContentClassType;
import org.openmm7.schema.jaxb.rel6_1_4.NumberAddressType;
import org.openmm7.schema.jaxb.rel6_1_4.PriorityType;
import org.openmm7.schema.jaxb.rel6_1_4.Rfc2822AddressType;
import org.openmm7.schema.jaxb.rel6_1_4.SubmitReqType;
import org.openmm7.schema.jaxb.rel6_1_4.TransactionIDType;
import org.openmm7.schema.jaxb.soap.EnvelopeType;

class JaxbTest {

    @Test
    void unmarshalASubmitReqOfTheLatestRelease() throws Exception {
        JAXBContext ctx = JAXBContext.newInstance(
                org.openmm7.schema.jaxb.soap.ObjectFactory.class,
                org.openmm7.schema.jaxb.rel6_1_4.ObjectFactory.class);
        Unmarshaller u = ctx.createUnmarshaller();
        u.setSchema(Mm7Schemas.schema(Mm7Release.REL_6_MM7_1_4));
        String xml = Samples.resource("REL-6-MM7-1-4-SubmitReq.xml");
        JAXBElement<EnvelopeType> env = u.unmarshal(new StreamSource(new StringReader(xml)), EnvelopeType.class);

        Object header = env.getValue().getHeader().getAny().get(0);
        TransactionIDType tx = (TransactionIDType) assertInstanceOf(JAXBElement.class, header).getValue();
        assertEquals("vasp00123-sub", tx.getValue());
        assertEquals(Boolean.TRUE, tx.isMustUnderstand());

        JAXBElement<?> body = assertInstanceOf(JAXBElement.class, env.getValue().getBody().getAny().get(0));
        assertEquals("SubmitReq", body.getName().getLocalPart());
        SubmitReqType submit = assertInstanceOf(SubmitReqType.class, body.getValue());
        assertEquals("6.8.0", submit.getMM7Version());
        assertEquals("TNN", submit.getSenderIdentification().getVASPID());
        assertEquals("12345", submit.getSenderIdentification().getSenderAddress().getShortCode().getValue());
        var lists = submit.getRecipients().getToOrCcOrBcc();
        assertEquals(List.of("To", "Cc", "Bcc"), lists.stream().map(l -> l.getName().getLocalPart()).toList());
        var to = lists.get(0).getValue().getNumberOrRFC2822AddressOrShortCode();
        assertEquals(2, to.size());
        assertEquals("+447700900123", assertInstanceOf(NumberAddressType.class, to.get(0)).getValue());
        assertEquals(Boolean.TRUE, assertInstanceOf(Rfc2822AddressType.class, to.get(1)).isDisplayOnly());
        assertEquals(PriorityType.HIGH, submit.getPriority());
        assertEquals(ContentClassType.IMAGE_BASIC, submit.getContentClass());
        assertEquals(BigInteger.valueOf(32000), submit.getReplyCharging().getReplyChargingSize());
        assertEquals("P2D", submit.getReplyCharging().getReplyDeadline());
        assertEquals(2, submit.getDeliveryCondition().getDC().size());
        assertEquals("cid:SaturnPics-01020930@news.tnn.com", submit.getContent().getHref());
        assertEquals(Boolean.TRUE, submit.getContent().isAllowAdaptations());

        // and back: the generated classes write what the schema accepts
        Marshaller m = ctx.createMarshaller();
        m.setSchema(Mm7Schemas.schema(Mm7Release.REL_6_MM7_1_4));
        StringWriter w = new StringWriter();
        m.marshal(env, w);
        assertTrue(w.toString().contains("SubmitReq"));
    }
}
