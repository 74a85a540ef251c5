package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryTest {

    private static final Mm7Release LATEST = Mm7Release.REL_6_MM7_1_4;
    private static final Mm7Release FIRST = Mm7Release.REL_5_MM7_1_0;

    @Test
    void names() {
        assertEquals("REL-6-MM7-1-4", LATEST.releaseName());
        assertEquals("http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4", LATEST.namespace());
        assertEquals("/org/openmm7/schema/xsd/REL-6-MM7-1-4.xsd", LATEST.schemaResource());
        assertEquals("REL-5-MM7-1-0", FIRST.releaseName());
        assertEquals(LATEST, Mm7Release.latest());
        assertEquals(11, Mm7Release.values().length);
    }

    @Test
    void lookups() {
        for (Mm7Release r : Mm7Release.values()) {
            assertEquals(Optional.of(r), Mm7Release.fromNamespace(r.namespace()));
            assertEquals(Optional.of(r), Mm7Release.fromName(r.releaseName()));
        }
        assertEquals(Optional.empty(), Mm7Release.fromNamespace(Mm7Release.NAMESPACE_PREFIX + "REL-6-MM7-6-7"));
        assertEquals(Optional.empty(), Mm7Release.fromNamespace("urn:MM7Submit.Req"));
        assertEquals(Optional.empty(), Mm7Release.fromNamespace(null));
        assertEquals(Optional.empty(), Mm7Release.fromName("REL_6_MM7_1_4"));
        assertEquals(Optional.empty(), Mm7Release.fromName(null));
    }

    @Test
    void defaultVersions() {
        assertEquals("6.8.0", LATEST.defaultVersion());
        assertEquals("5.3.0", FIRST.defaultVersion());
        assertEquals("5.3.0", Mm7Release.REL_5_MM7_1_2.defaultVersion());
        assertEquals("6.3.0", Mm7Release.REL_6_MM7_1_0.defaultVersion());
        for (Mm7Release r : Mm7Release.values()) {
            assertTrue(r.defaultVersion().matches("\\d+\\.\\d+\\.\\d+"), r::toString);
            assertTrue(r.defaultVersion().startsWith(r.releaseName().substring(4, 5) + "."), r::toString);
        }
    }

    @Test
    void ordering() {
        assertTrue(LATEST.isAtLeast(FIRST));
        assertTrue(LATEST.isAtLeast(LATEST));
        assertFalse(FIRST.isAtLeast(LATEST));
        assertTrue(Mm7Release.REL_6_MM7_1_0.isAtLeast(Mm7Release.REL_5_MM7_1_5));
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void operationsOfEveryRelease(Mm7Release r) {
        Set<String> base = Set.of("SubmitReq", "SubmitRsp", "DeliverReq", "DeliverRsp", "CancelReq", "CancelRsp",
                "ReplaceReq", "ReplaceRsp", "DeliveryReportReq", "DeliveryReportRsp", "ReadReplyReq",
                "ReadReplyRsp", "RSErrorRsp", "VASPErrorRsp");
        assertTrue(r.operations().containsAll(base), () -> r + " " + r.operations());
        assertFalse(r.operations().contains("TransactionID"));
        assertFalse(r.hasOperation("TransactionID"));
        assertTrue(r.has("TransactionID"));
        assertTrue(r.has("TransactionID@mustUnderstand"));
        assertTrue(r.hasOperation("SubmitReq"));
        assertFalse(r.hasOperation(null));
        assertFalse(r.hasOperation("Submit"));
        Set<String> extended = Set.of("extendedCancelReq", "extendedCancelRsp", "extendedReplaceReq", "extendedReplaceRsp");
        boolean expected = r.isAtLeast(Mm7Release.REL_6_MM7_1_3);
        for (String op : extended) {
            assertEquals(expected, r.hasOperation(op), () -> r + " " + op);
        }
        assertEquals(base.size() + (expected ? extended.size() : 0), r.operations().size(), () -> r.operations().toString());
        assertThrows(UnsupportedOperationException.class, () -> r.operations().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> r.paths().add("x"));
    }

    @Test
    void keyPathsOfTheLatestRelease() {
        for (String p : List.of(
                "SubmitReq", "TransactionID",
                "SubmitReq/SenderIdentification/VASPID",
                "SubmitReq/SenderIdentification/SenderAddress/ShortCode",
                "SubmitReq/Recipients/To/Number",
                "SubmitReq/Recipients/Cc/RFC2822Address",
                "SubmitReq/Recipients/Bcc/ShortCode",
                "SubmitReq/Recipients/To/Number@addressCoding",
                "SubmitReq/Recipients/To/Number@addressCoding#encrypted",
                "SubmitReq/Recipients/To/Number@addressCoding#obfuscated",
                "SubmitReq/Recipients/To/Number@displayOnly",
                "SubmitReq/Recipients/To/Number@id",
                "SubmitReq/Content@allowAdaptations",
                "SubmitReq/Content@href",
                "SubmitReq/ReplyCharging@replyChargingSize",
                "SubmitReq/ReplyCharging@replyDeadline",
                "SubmitReq/Priority#High",
                "SubmitReq/MessageClass#Informational",
                "SubmitReq/ChargedParty#ThirdParty",
                "SubmitReq/ChargedPartyID",
                "SubmitReq/DeliveryCondition/DC",
                "SubmitReq/ContentClass#megapixel",
                "SubmitReq/DRMContent",
                "SubmitReq/ApplicID",
                "DeliverReq/Sender/RFC2822Address",
                "DeliverReq/Previouslysentby/UserAgent/Number",
                "DeliverReq/Previouslysentby/UserAgent@sequence",
                "DeliverReq/Previouslysentdateandtime/DateTime@sequence",
                "DeliverReq/SenderSPI",
                "DeliverReq/RecipientSPI",
                "DeliverReq/UACapabilities@UAProf",
                "DeliverReq/UACapabilities@TimeStamp",
                "DeliveryReportReq/MMStatus#Deferred",
                "DeliveryReportReq/MMStatus#Retrieved",
                "DeliveryReportReq/MMStatusExtension#RejectionByOtherRS",
                "ReadReplyReq/MMStatus#Read",
                "SubmitRsp/Status/StatusCode",
                "SubmitRsp/Status/Details",
                "SubmitRsp/MessageID",
                "RSErrorRsp/Status/StatusText",
                "extendedCancelReq/CancelID",
                "extendedReplaceReq/ReplaceID",
                "extendedReplaceRsp/MessageID")) {
            assertTrue(LATEST.has(p), p);
        }
        assertFalse(LATEST.has("SubmitReq/Status"));
        assertFalse(LATEST.has("SubmitReq/Priority#Urgent"));
        assertFalse(LATEST.has("ReadReplyReq/MMStatus#Deferred"));
        assertFalse(LATEST.has(null));
        // Details is xs:anyType: nothing below it
        assertTrue(LATEST.paths().stream().noneMatch(p -> p.contains("/Details/") || p.contains("/Details@")));
    }

    @Test
    void anEarlyRel5ReleaseLacksTheRel6Elements() {
        for (String p : List.of(
                "SubmitReq/ChargedPartyID", "SubmitReq/ChargedParty#ThirdParty", "SubmitReq/DeliveryCondition",
                "SubmitReq/ApplicID", "SubmitReq/ReplyApplicID", "SubmitReq/AuxApplicInfo",
                "SubmitReq/ContentClass", "SubmitReq/DRMContent", "ReplaceReq/ContentClass",
                "SubmitReq/Recipients/To/Number@addressCoding", "SubmitReq/Recipients/To/Number@id",
                "DeliverReq/VASPID", "DeliverReq/Previouslysentby", "DeliverReq/Previouslysentdateandtime",
                "DeliverReq/SenderSPI", "DeliverReq/RecipientSPI", "DeliverReq/UACapabilities",
                "DeliveryReportReq/MMStatus#Deferred", "DeliveryReportReq/MMStatusExtension",
                "DeliveryReportReq/UACapabilities", "extendedCancelReq", "extendedReplaceRsp/MessageID")) {
            assertFalse(FIRST.has(p), p);
            assertTrue(LATEST.has(p), p);
        }
        for (String p : List.of("SubmitReq/Recipients/To/Number", "SubmitReq/Recipients/To/Number@displayOnly",
                "SubmitReq/Content@allowAdaptations", "DeliveryReportReq/MMStatus#Forwarded",
                "DeliverReq/Sender/ShortCode", "SubmitReq/ReplyCharging@replyDeadline")) {
            assertTrue(FIRST.has(p), p);
        }
    }

    @Test
    void childElementsInSchemaOrder() {
        List<String> submit = LATEST.childElements("SubmitReq");
        assertEquals(List.of("MM7Version", "SenderIdentification", "Recipients"), submit.subList(0, 3));
        assertEquals(List.of("MM7Version", "SenderIdentification", "Recipients", "ServiceCode", "LinkedID",
                "MessageClass", "TimeStamp", "ReplyCharging", "EarliestDeliveryTime", "ExpiryDate",
                "DeliveryReport", "ReadReply", "Priority", "Subject", "ChargedParty", "ChargedPartyID",
                "DistributionIndicator", "DeliveryCondition", "ApplicID", "ReplyApplicID", "AuxApplicInfo",
                "ContentClass", "DRMContent", "Content"), submit);
        assertEquals(List.of("MM7Version", "SenderIdentification", "Recipients", "ServiceCode", "LinkedID",
                "MessageClass", "TimeStamp", "ReplyCharging", "EarliestDeliveryTime", "ExpiryDate",
                "DeliveryReport", "ReadReply", "Priority", "Subject", "ChargedParty",
                "DistributionIndicator", "Content"), FIRST.childElements("SubmitReq"));
        assertEquals(List.of("VASPID", "VASID", "SenderAddress"), LATEST.childElements("SubmitReq/SenderIdentification"));
        assertEquals(List.of("To", "Cc", "Bcc"), LATEST.childElements("SubmitReq/Recipients"));
        assertEquals(List.of("Number", "RFC2822Address", "ShortCode"), LATEST.childElements("SubmitReq/Recipients/To"));
        assertEquals(List.of("StatusCode", "StatusText", "Details"), LATEST.childElements("SubmitRsp/Status"));
        assertEquals(List.of("MM7Version", "Status", "MessageID"), LATEST.childElements("SubmitRsp"));
        assertEquals(List.of("MM7Version", "Status"), FIRST.childElements("RSErrorRsp"));
        assertEquals(List.of("MM7Version", "MMSRelayServerID", "MessageID", "Recipient", "Sender", "Date",
                "MMStatus", "MMStatusExtension", "StatusText", "ApplicID", "ReplyApplicID", "AuxApplicInfo",
                "UACapabilities"), LATEST.childElements("DeliveryReportReq"));
        assertEquals(List.of("MM7Version", "MMSRelayServerID", "VASPID", "VASID", "LinkedID", "Sender",
                "Recipients", "Previouslysentby", "Previouslysentdateandtime", "SenderSPI", "RecipientSPI",
                "TimeStamp", "ReplyChargingID", "Priority", "Subject", "ApplicID", "ReplyApplicID",
                "AuxApplicInfo", "UACapabilities", "Content"), LATEST.childElements("DeliverReq"));
        assertEquals(List.of(), LATEST.childElements("SubmitReq/Subject"));
        assertEquals(List.of(), LATEST.childElements("SubmitReq/Content"));
        assertEquals(List.of(), LATEST.childElements("SubmitRsp/Status/Details"));
        assertEquals(List.of(), LATEST.childElements("NoSuchElement"));
        assertEquals(List.of(), LATEST.childElements(null));
        assertEquals(List.of(), LATEST.childElements("TransactionID"));
    }

    @ParameterizedTest
    @EnumSource(Mm7Release.class)
    void pathsAreConsistent(Mm7Release r) {
        SortedSet<String> paths = r.paths();
        for (String p : paths) {
            // every child listed by childElements is a path, and every element path's parent lists it
            for (String c : r.childElements(p)) {
                assertTrue(paths.contains(p + "/" + c), p + "/" + c);
            }
            int slash = p.lastIndexOf('/');
            if (slash > 0 && p.indexOf('@') < 0 && p.indexOf('#') < 0) {
                String parent = p.substring(0, slash);
                assertTrue(r.childElements(parent).contains(p.substring(slash + 1)), p);
            }
        }
        for (String op : r.operations()) {
            assertEquals("MM7Version", r.childElements(op).get(0), op);
        }
    }

    @Test
    void lazyLoadingIsThreadSafe() throws Exception {
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (Mm7Release r : Mm7Release.values()) {
                        seen.add(System.identityHashCode(r.paths()) + ":" + r);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors);
        assertEquals(Mm7Release.values().length, seen.size(), "one path set per release");
    }
}
