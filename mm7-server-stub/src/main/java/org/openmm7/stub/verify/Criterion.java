package org.openmm7.stub.verify;

import org.openmm7.stub.RecordedRequest;

/** One condition of a {@link RequestPattern}: what it expects, and how a recording measures up. */
interface Criterion {

  /** What is tested, e.g. {@code subject} or {@code header X-Campaign}. */
  String name();

  /** The expectation in words, e.g. {@code containing "Hello"}. */
  String expected();

  /** Whether the recording meets it, and what it holds instead. */
  Check check(RecordedRequest r);

  /** @param actual what the recording holds, in words (shown when unmet) */
  record Check(boolean met, String actual) {}
}
