package org.openmm7.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-written MM7 messages used by the tests. */
final class Samples {

    private Samples() {
    }

    /** A SOAP envelope with the TransactionID header and {@code body} in the release's namespace. */
    static String envelope(Mm7Release r, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
                  <env:Header>
                    <mm7:TransactionID xmlns:mm7="%1$s" env:mustUnderstand="1">tx-0001</mm7:TransactionID>
                  </env:Header>
                  <env:Body>
                %2$s
                  </env:Body>
                </env:Envelope>
                """.formatted(r.namespace(), body.replace("${ns}", r.namespace()).replace("${version}", r.defaultVersion()));
    }

    /** One body per operation, using only what every release has. */
    static Map<String, String> commonBodies() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("SubmitReq", """
                <SubmitReq xmlns="${ns}">
                  <MM7Version>${version}</MM7Version>
                  <SenderIdentification><VASPID>vasp</VASPID><VASID>vas</VASID>
                    <SenderAddress><ShortCode>1234</ShortCode></SenderAddress></SenderIdentification>
                  <Recipients><To><Number>+4412345678</Number><RFC2822Address displayOnly="true">a@example.org</RFC2822Address></To></Recipients>
                  <ServiceCode>sc</ServiceCode>
                  <MessageClass>Personal</MessageClass>
                  <ReplyCharging replyChargingSize="100" replyDeadline="2030-01-01T00:00:00Z"/>
                  <ExpiryDate>PT12H</ExpiryDate>
                  <DeliveryReport>true</DeliveryReport>
                  <Priority>Low</Priority>
                  <Subject>hello</Subject>
                  <Content href="cid:part1" allowAdaptations="false"/>
                </SubmitReq>""");
        m.put("SubmitRsp", """
                <SubmitRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status>
                  <MessageID>msg-1</MessageID></SubmitRsp>""");
        m.put("CancelReq", """
                <CancelReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <SenderIdentification><VASPID>vasp</VASPID></SenderIdentification>
                  <MessageID>msg-1</MessageID></CancelReq>""");
        m.put("CancelRsp", """
                <CancelRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>2005</StatusCode><StatusText>Message ID not found</StatusText></Status></CancelRsp>""");
        m.put("ReplaceReq", """
                <ReplaceReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <SenderIdentification/>
                  <MessageID>msg-1</MessageID><ServiceCode>sc</ServiceCode>
                  <TimeStamp>2024-01-01T10:00:00Z</TimeStamp><ReadReply>false</ReadReply>
                  <EarliestDeliveryTime>PT1H</EarliestDeliveryTime><DistributionIndicator>false</DistributionIndicator>
                  <Content href="cid:part2"/></ReplaceReq>""");
        m.put("ReplaceRsp", """
                <ReplaceRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status></ReplaceRsp>""");
        m.put("DeliverReq", """
                <DeliverReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <MMSRelayServerID>relay</MMSRelayServerID><LinkedID>l1</LinkedID>
                  <Sender><Number>+4412345678</Number></Sender>
                  <Recipients><To><ShortCode>1234</ShortCode></To></Recipients>
                  <TimeStamp>2024-01-01T10:00:00Z</TimeStamp><ReplyChargingID>rc</ReplyChargingID>
                  <Priority>Normal</Priority><Subject>mo</Subject><Content href="cid:mo"/></DeliverReq>""");
        m.put("DeliverRsp", """
                <DeliverRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status>
                  <ServiceCode>sc</ServiceCode></DeliverRsp>""");
        m.put("DeliveryReportReq", """
                <DeliveryReportReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <MMSRelayServerID>relay</MMSRelayServerID><MessageID>msg-1</MessageID>
                  <Recipient><Number>+4412345678</Number></Recipient><Sender><ShortCode>1234</ShortCode></Sender>
                  <Date>2024-01-01T10:00:00Z</Date><MMStatus>Retrieved</MMStatus><StatusText>ok</StatusText>
                </DeliveryReportReq>""");
        m.put("DeliveryReportRsp", """
                <DeliveryReportRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status></DeliveryReportRsp>""");
        m.put("ReadReplyReq", """
                <ReadReplyReq xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <MessageID>msg-1</MessageID>
                  <Recipient><Number>+4412345678</Number></Recipient><Sender><ShortCode>1234</ShortCode></Sender>
                  <TimeStamp>2024-01-01T10:00:00Z</TimeStamp><MMStatus>Read</MMStatus></ReadReplyReq>""");
        m.put("ReadReplyRsp", """
                <ReadReplyRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>1000</StatusCode><StatusText>Success</StatusText></Status></ReadReplyRsp>""");
        m.put("VASPErrorRsp", """
                <env:Fault><faultcode>env:Server</faultcode><faultstring>Server error</faultstring><detail>
                <VASPErrorRsp xmlns="${ns}"><MM7Version>${version}</MM7Version>
                  <Status><StatusCode>4006</StatusCode><StatusText>Service unavailable</StatusText>
                  <Details><Text>busy</Text></Details></Status></VASPErrorRsp></detail></env:Fault>""");
        return m;
    }

    static String resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
