/**
 * The relay stub's pushes to the VASP (not API: anything here may change in any release):
 * delivery reports, read replies and deliveries scheduled by
 * {@link org.openmm7.stub.internal.push.PushManager}, kept across restarts in its
 * {@link org.openmm7.stub.internal.push.PushJournal}, sent by
 * {@link org.openmm7.stub.internal.push.PeerSender}; and the VASP stub's requests to the relay
 * ({@link org.openmm7.stub.internal.push.RelayCaller}). Public only where
 * {@link org.openmm7.stub.Mm7StubServer} or another internal package needs it.
 */
package org.openmm7.stub.internal.push;
