/**
 * The stub's request path (not API: anything here may change in any release): the Jetty
 * listeners, authentication from the headers, the body's arrival and buffering, the recording of
 * each request ({@link org.openmm7.stub.internal.http.RequestRecorder},
 * {@link org.openmm7.stub.internal.http.Recordings}), the decision what to answer
 * ({@link org.openmm7.stub.internal.http.StubDecisions}, {@link org.openmm7.stub.internal.http.VaspSide},
 * the peer's dialect) and the answer or fault written back
 * ({@link org.openmm7.stub.internal.http.Mm7Exchange}). Public only where
 * {@link org.openmm7.stub.Mm7StubServer} or another internal package needs it.
 */
package org.openmm7.stub.internal.http;
