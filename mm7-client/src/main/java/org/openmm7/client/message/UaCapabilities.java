package org.openmm7.client.message;

import java.time.OffsetDateTime;

/**
 * UACapabilities: what the terminal can display (Rel-6).
 *
 * @param uaProf    the UAProf URL of the terminal, or {@code null}
 * @param timeStamp when the capabilities were last known, or {@code null}
 */
public record UaCapabilities(String uaProf, OffsetDateTime timeStamp) {
}
