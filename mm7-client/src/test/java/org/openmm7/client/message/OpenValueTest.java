package org.openmm7.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What every open value type shares (one table behind all six). */
class OpenValueTest {
  @Test
  void equalSpellingsOfDifferentElementsAreDifferentValues() {
    assertNotEquals(MessageClass.of("Vendor"), Priority.of("Vendor"));
    assertEquals(MessageClass.of("Vendor"), MessageClass.of(" Vendor "));
    assertEquals(MessageClass.of("Vendor").hashCode(), MessageClass.of("Vendor").hashCode());
  }

  @Test
  void listedValuesAreTheConstantsWhateverTheirCase() {
    assertSame(MessageStatus.RETRIEVED, MessageStatus.of("retrieved"));
    assertSame(Address.AddressCoding.OBFUSCATED, Address.AddressCoding.of("OBFUSCATED"));
    assertTrue(ChargedParty.of("thirdparty").isKnown());
    assertFalse(ChargedParty.of("Operator").isKnown());
    assertEquals("Operator", ChargedParty.of("Operator").wireName());
    assertNull(ContentClass.fromWire("hologram"));
    assertEquals(List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH), Priority.values());
    assertThrows(UnsupportedOperationException.class, () -> Priority.values().add(Priority.HIGH));
  }

  @Test
  void anEmptyValueIsRefusedNamingItsElement() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageStatus.of("  "));
    assertTrue(e.getMessage().contains("MMStatus"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Address.AddressCoding.of(""));
    assertTrue(e.getMessage().contains("addressCoding"), e.getMessage());
  }
}
