package org.openmm7.stub.verify;

import java.util.Objects;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.stub.RecordedRequest;

/**
 * A request a test awaited: the decoded message, typed, and its recording (raw bytes, headers,
 * findings, the stub's answer).
 *
 * @param <T>       the request's type
 * @param message   the decoded request
 * @param recording what the stub recorded of it
 */
public record Received<T extends Mm7Request>(T message, RecordedRequest recording) {
  public Received {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recording, "recording");
  }
}
