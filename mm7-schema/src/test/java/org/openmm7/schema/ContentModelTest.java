package org.openmm7.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The content-model check on the MM7 models and on hand-written ones (choices, repeats, nesting). */
class ContentModelTest {

    private static final Mm7Release LATEST = Mm7Release.latest();

    private static ContentCheck check(String path, String... children) {
        return LATEST.contentModel(path).orElseThrow().check(List.of(children));
    }

    @Test
    void recipientListsMixAddressKindsInAnyOrder() {
        assertTrue(check("SubmitReq/Recipients/To", "Number", "RFC2822Address", "Number").valid());
        assertTrue(check("SubmitReq/Recipients/Cc", "ShortCode", "Number", "ShortCode", "RFC2822Address").valid());
        assertTrue(check("DeliverReq/Recipients/Bcc", "RFC2822Address").valid());
        assertEquals(List.of("Number"), check("SubmitReq/Recipients/To").missing(), "an empty list needs one address");
    }

    @Test
    void recipientsHoldToCcAndBccInAnyOrderAndNumber() {
        for (Mm7Release r : Mm7Release.values()) {
            ContentModel m = r.contentModel("SubmitReq/Recipients").orElseThrow();
            assertTrue(m.check(List.of("Cc", "To")).valid(), r.releaseName());
            assertTrue(m.check(List.of("Bcc", "To", "Cc", "To")).valid(), r.releaseName());
            assertEquals(List.of("To"), m.check(List.of()).missing(), r.releaseName());
        }
    }

    @Test
    void everyMisplacedChildIsReportedNotOnlyTheFirst() {
        // Subject before Recipients, TimeStamp after Content, Priority before ServiceCode
        List<String> children = List.of("MM7Version", "SenderIdentification", "Subject", "Recipients", "Priority",
                "ServiceCode", "Content", "TimeStamp");
        ContentCheck c = LATEST.contentModel("SubmitReq").orElseThrow().check(children);
        assertEquals(List.of(2, 5, 7), c.misplaced(), "Subject, ServiceCode (after Priority), TimeStamp: " + c);
        assertTrue(c.surplus().isEmpty() && c.missing().isEmpty(), c.toString());
        List<String> rest = new ArrayList<>(children);
        for (int i = c.misplaced().size() - 1; i >= 0; i--) {
            rest.remove((int) c.misplaced().get(i));
        }
        assertTrue(LATEST.contentModel("SubmitReq").orElseThrow().check(rest).valid(), "without them the list fits");
        // two swapped neighbours: the one that comes too late is reported
        assertEquals(List.of(1), check("SubmitRsp/Status", "StatusText", "StatusCode").misplaced());
    }

    @Test
    void aRequiredElementOutOfPlaceIsMisplacedNotMissing() {
        ContentCheck c = check("SubmitReq", "Recipients", "MM7Version", "SenderIdentification");
        assertEquals(1, c.misplaced().size(), c.toString());
        assertEquals(List.of(), c.missing());
        ContentCheck rsp = check("SubmitRsp", "Status", "MM7Version");
        assertEquals(1, rsp.misplaced().size(), rsp.toString());
        assertEquals(List.of(), rsp.missing());
    }

    @Test
    void missingRequiredElementsAreNamed() {
        assertEquals(List.of("Recipients"), check("SubmitReq", "MM7Version", "SenderIdentification", "Subject").missing());
        assertEquals(List.of("MM7Version", "Status"), check("SubmitRsp", "MessageID").missing());
        assertEquals(List.of("StatusText"), check("SubmitRsp/Status", "StatusCode").missing());
        assertEquals(List.of("Number"), check("DeliverReq/Sender").missing(), "a choice's first alternative stands for it");
    }

    @Test
    void aSecondOccurrenceWithNoRoomIsSurplus() {
        ContentCheck twice = check("SubmitReq", "MM7Version", "SenderIdentification", "Recipients", "Subject", "Subject");
        assertEquals(List.of(4), twice.surplus(), twice.toString());
        assertEquals(List.of(), twice.misplaced());
        ContentCheck twoSenders = check("DeliverReq/Sender", "Number", "ShortCode");
        assertEquals(List.of(1), twoSenders.surplus(), "a single choice taken twice: " + twoSenders);
        assertTrue(check("SubmitReq/DeliveryCondition", "DC", "DC", "DC").valid());
    }

    @Test
    void unknownChildrenAreListedAndIgnored() {
        ContentCheck c = check("SubmitRsp", "MM7Version", "Foo", "Status", "Bar");
        assertEquals(List.of(1, 3), c.unknown());
        assertTrue(c.fits());
        assertFalse(c.valid());
    }

    @Test
    void handWrittenModelsWithNestedGroupsAndBounds() {
        ContentModel m = ContentModel.parse("seq(A,choice(B,seq(C,D?))*,E{2,3})");
        assertEquals("seq(A,choice(B,seq(C,D?))*,E{2,3})", m.toString());
        assertTrue(m.check(List.of("A", "E", "E")).valid());
        assertTrue(m.check(List.of("A", "C", "B", "C", "D", "B", "E", "E", "E")).valid());
        assertEquals(List.of("C"), m.check(List.of("A", "D", "E", "E")).missing(), "D needs a C before it");
        assertEquals(List.of(6), m.check(List.of("A", "B", "B", "E", "E", "E", "B")).misplaced(), "a B after the Es");
        assertEquals(List.of(3), m.check(List.of("A", "C", "E", "D", "E")).misplaced(), "D belongs after the C");
        assertEquals(List.of(4), m.check(List.of("A", "E", "E", "E", "E")).surplus());
        assertEquals(List.of("E"), m.check(List.of("A", "B", "E")).missing());
        ContentModel all = ContentModel.parse("all(X,Y?,Z)");
        assertTrue(all.check(List.of("Z", "X")).valid());
        ContentModel bounded = ContentModel.parse("seq(P,Q){0,2}");
        assertTrue(bounded.check(List.of("P", "Q", "P", "Q")).valid());
        assertFalse(bounded.check(List.of("P", "Q", "P", "Q", "P", "Q")).valid());
        assertThrows(IllegalArgumentException.class, () -> ContentModel.parse("seq(A"));
        assertThrows(IllegalArgumentException.class, () -> ContentModel.parse("nope(A)"));
        assertThrows(IllegalArgumentException.class, () -> ContentModel.parse("A{3,1}"));
    }

    @Test
    void workGrowsLinearlyWithTheNumberOfChildren() {
        ContentModel submit = LATEST.contentModel("SubmitReq").orElseThrow();
        List<String> names = submit.elementNames();
        List<String> hostile = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            hostile.add(names.get(names.size() - 1 - i % names.size())); // reverse order, repeated
        }
        List<String> addresses = new ArrayList<>(Collections.nCopies(60_000, "Number"));
        addresses.add(30_000, "Foo");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            ContentCheck big = submit.check(hostile);
            assertFalse(big.misplaced().isEmpty());
            assertFalse(big.exact(), "200000 children are scanned greedily");
            ContentCheck mid = submit.check(hostile.subList(0, 10_000));
            assertTrue(mid.exact(), "10000 children are checked exactly");
            assertTrue(mid.misplaced().size() + mid.surplus().size() >= 10_000 - names.size(), mid.misplaced().size()
                    + " misplaced, " + mid.surplus().size() + " surplus");
            ContentCheck list = LATEST.contentModel("SubmitReq/Recipients/To").orElseThrow().check(addresses);
            assertEquals(List.of(30_000), list.unknown());
            assertTrue(list.fits());
        });
    }

    @Test
    void aValidListIsCheckedWithoutAllocating() {
        // every decoded element with children is checked: the usual valid list makes no arrays or lists
        ContentModel m = LATEST.contentModel("SubmitReq").orElseThrow();
        List<String> children = List.of("MM7Version", "SenderIdentification", "Recipients", "ServiceCode",
                "TimeStamp", "Priority", "Subject", "Content");
        assertTrue(m.check(children).valid());
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        boolean valid = true;
        for (int round = 0; round < 20; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 200; k++) {
                valid &= m.check(children).valid();
            }
            least = Math.min(least, (mx.getCurrentThreadAllocatedBytes() - before) / 200);
        }
        assertTrue(valid);
        assertTrue(least < 16, "a valid list's check allocated " + least + " bytes"); // 120 before
        // an unknown or misplaced child still gets the full answer
        assertEquals(List.of(1), m.check(List.of("MM7Version", "Surprise", "SenderIdentification", "Recipients",
                "ServiceCode", "Content")).unknown());
        assertFalse(m.check(List.of("Content", "MM7Version", "Recipients", "ServiceCode")).valid());
    }
}
