package org.openmm7.bench;

import java.io.Closeable;
import java.io.IOException;
import org.openmm7.client.message.SubmitRequest;

/** What case 1 measures: one blocking submit of a SubmitReq to the relay, shared by all threads. */
public interface SubmitClient extends Closeable {
  /** Submits and waits for the relay's answer; fails on anything but a successful SubmitRsp. */
  void submit(SubmitRequest request) throws IOException;
}
