package org.openmm7.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of the public messages: big ones are builder-built classes that can gain fields
 * without breaking callers, and their builders, accessors, equality and toBuilder cover every
 * field (found by reflection, so a field added later without builder support fails here).
 */
class MessageShapeTest {
  /** A record with more components than this is a message that cannot grow: make it a built class. */
  private static final int MOST_RECORD_COMPONENTS = 4;

  @Test
  void noMessageWithManyFieldsIsARecord() {
    List<String> records = new ArrayList<>();
    for (Class<?> c : MessageFiller.messageTypes()) {
      if (c.isRecord() && c.getRecordComponents().length > MOST_RECORD_COMPONENTS) {
        records.add(c.getSimpleName() + " (" + c.getRecordComponents().length + ")");
      }
    }
    assertEquals(List.of(), records, "records with more than " + MOST_RECORD_COMPONENTS + " components");
  }

  @Test
  void everyRequestIsABuiltFinalClass() {
    for (Class<? extends Mm7Message> c : MessageFiller.messageTypes()) {
      if (Mm7Request.class.isAssignableFrom(c)) {
        assertTrue(!c.isRecord() && Modifier.isFinal(c.getModifiers()), c.getSimpleName() + " is a final class");
        assertEquals(0, c.getConstructors().length, c.getSimpleName() + " is made by its builder only");
      }
    }
  }

  @Test
  void everyFieldHasASetterAnAccessorAndSurvivesToBuilder() {
    for (long seed = 1; seed <= 5; seed++) {
      MessageFiller filler = new MessageFiller(seed);
      for (Class<?> type : MessageFiller.builtTypes()) {
        Map<Field, Object> values = filler.values(type);
        Object message = MessageFiller.build(type, values, f -> true);
        for (Map.Entry<Field, Object> e : values.entrySet()) {
          assertEquals(e.getValue(), MessageFiller.read(message, e.getKey()),
              type.getSimpleName() + "." + e.getKey().getName() + " as set");
        }
        Object copy = MessageFiller.build(invokeToBuilder(message));
        assertEquals(message, copy, type.getSimpleName() + ".toBuilder().build()");
        assertEquals(message.hashCode(), copy.hashCode(), type.getSimpleName() + " hashCode");
        assertEquals(message.toString(), copy.toString());
      }
    }
  }

  @Test
  void equalityAndTextSeeEveryField() {
    MessageFiller a = new MessageFiller(11);
    MessageFiller b = new MessageFiller(12);
    for (Class<?> type : MessageFiller.builtTypes()) {
      Map<Field, Object> values = a.values(type);
      Map<Field, Object> others = b.values(type);
      Object message = MessageFiller.build(type, values, f -> true);
      for (Field f : values.keySet()) {
        if (values.get(f).equals(others.get(f))) {
          continue;
        }
        Object changed = MessageFiller.builder(type);
        values.forEach((g, v) -> invoke(type, g, changed, g.equals(f) ? others.get(f) : v));
        Object other = MessageFiller.build(changed);
        assertNotEquals(message, other, type.getSimpleName() + " differing in " + f.getName());
        assertNotEquals(message.toString(), other.toString(), type.getSimpleName() + ".toString shows " + f.getName());
        assertTrue(message.toString().contains(f.getName() + "="), message.toString());
      }
    }
  }

  @Test
  void absentFieldsAreNullAndListsEmpty() {
    SubmitRequest m = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447700900123"))).build();
    assertEquals(null, m.subject());
    assertEquals(null, m.deliveryReport());
    assertEquals(List.of(), m.deliveryConditions());
    assertEquals("SubmitRequest[recipients=Recipients[to=[+447700900123], cc=[], bcc=[]]]", m.toString());
    DeliverRequest d = DeliverRequest.builder().sender(Address.number("+447700900123")).build();
    assertEquals(List.of(), d.previouslySentBy());
    assertEquals(List.of(), d.previouslySentDates());
    assertThrows(UnsupportedOperationException.class, () -> d.previouslySentBy().add(Address.number("+1")));
  }

  @Test
  void buildNamesTheMissingRequiredField() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SubmitRequest.builder().subject("hi").build());
    assertEquals("SubmitRequest.recipients is required but was not set", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> DeliveryReportRequest.builder().messageId("m")
        .recipient(Address.number("+1")).sender(Address.number("+2")).build());
    assertEquals("DeliveryReportRequest.mmStatus is required but was not set", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> DeliverRequest.builder().build());
    assertTrue(e.getMessage().contains("DeliverRequest.sender"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> ExtendedCancelRequest.builder().vaspId("v").build());
    assertTrue(e.getMessage().contains("ExtendedCancelRequest.cancelId"), e.getMessage());
  }

  @Test
  void aNullInAListIsRefusedWithItsPlace() {
    List<Integer> conditions = new ArrayList<>(List.of(1));
    conditions.add(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SubmitRequest.builder()
        .recipients(Recipients.to(Address.number("+1"))).deliveryConditions(conditions).build());
    assertEquals("SubmitRequest.deliveryConditions holds null at index 1", e.getMessage());
  }

  @Test
  void aBuilderIsNotTiedToWhatItBuilt() {
    SubmitRequest.Builder b = SubmitRequest.builder().recipients(Recipients.to(Address.number("+1"))).addDeliveryCondition(1);
    SubmitRequest first = b.build();
    b.addDeliveryCondition(2).subject("later");
    assertEquals(List.of(1), first.deliveryConditions());
    assertEquals(null, first.subject());
    assertNotNull(b.build().subject());
  }

  private static Object invokeToBuilder(Object message) {
    try {
      return message.getClass().getMethod("toBuilder").invoke(message);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void invoke(Class<?> type, Field f, Object builder, Object value) {
    try {
      MessageFiller.setter(type, f).invoke(builder, value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
