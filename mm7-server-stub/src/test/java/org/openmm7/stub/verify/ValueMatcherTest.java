package org.openmm7.stub.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The small matchers verification takes: what each accepts, refuses, and how a report words it. */
class ValueMatcherTest {

  @Test
  void textMatchersAcceptTheirTextAndRefuseOthersAndNothing() {
    assertTrue(ValueMatcher.containsString("ice").matches("Price"));
    assertFalse(ValueMatcher.containsString("ice").matches("Prize"));
    assertFalse(ValueMatcher.containsString("ice").matches(null));
    assertTrue(ValueMatcher.startsWith("+46").matches("+46700000001"));
    assertFalse(ValueMatcher.startsWith("+46").matches("0046700000001"));
    assertTrue(ValueMatcher.equalToIgnoringCase("HELLO").matches("hello"));
    assertFalse(ValueMatcher.equalToIgnoringCase("HELLO").matches("hello!"));
    assertTrue(ValueMatcher.matching("\\+\\d{11}").matches("+46700000001"));
    assertFalse(ValueMatcher.matching("\\+\\d{11}").matches("+4670000000"), "the whole text, not a part");
    assertTrue(ValueMatcher.equalTo("a").matches("a"));
    assertFalse(ValueMatcher.equalTo("a").matches("A"));
    assertTrue(ValueMatcher.<String>equalTo(null).matches(null));
  }

  @Test
  void presenceNegationAndPredicates() {
    assertTrue(ValueMatcher.present().matches(""));
    assertFalse(ValueMatcher.present().matches(null));
    assertTrue(ValueMatcher.absent().matches(null));
    assertFalse(ValueMatcher.absent().matches("x"));
    assertTrue(ValueMatcher.not(ValueMatcher.containsString("spam")).matches("offer"));
    assertFalse(ValueMatcher.not(ValueMatcher.containsString("spam")).matches("spam offer"));
    ValueMatcher<String> shortText = ValueMatcher.of("at most 5 characters", s -> s.length() <= 5);
    assertTrue(shortText.matches("hello"));
    assertFalse(shortText.matches("hello!"));
    assertFalse(shortText.matches(null), "a predicate that throws does not match");
  }

  @Test
  void descriptionsReadAsTheReportShowsThem() {
    assertEquals("containing \"Hi\"", ValueMatcher.containsString("Hi").description());
    assertEquals("starting with \"+46\"", ValueMatcher.startsWith("+46").description());
    assertEquals("matching /\\d+/", ValueMatcher.matching("\\d+").description());
    assertEquals("not absent", ValueMatcher.not(ValueMatcher.absent()).description());
    assertEquals("\"a\\u000ab\"", ValueMatcher.equalTo("a\nb").description(), "control characters escaped");
    assertEquals("(none)", ValueMatcher.equalTo(null).description());
    assertEquals(203, ValueMatcher.equalTo("x".repeat(500)).description().length() - 2, "long values cut");
  }

  @Test
  void countsAndTheirWords() {
    assertTrue(Count.times(2).test(2));
    assertFalse(Count.times(2).test(3));
    assertTrue(Count.never().test(0));
    assertFalse(Count.never().test(1));
    assertTrue(Count.atLeast(2).test(5));
    assertFalse(Count.atLeast(2).test(1));
    assertTrue(Count.atMost(2).test(0));
    assertFalse(Count.atMost(2).test(3));
    assertEquals("exactly 1", Count.once().toString());
    assertThrows(IllegalArgumentException.class, () -> Count.times(-1));
  }
}
