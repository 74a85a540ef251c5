/**
 * The stub's message store (not API: anything here may change in any release): the append-only
 * segment log ({@link org.openmm7.stub.internal.store.StoreLog}) with its group commit, the
 * segments' indexes and zero fill, the message table on disk
 * ({@link org.openmm7.stub.internal.store.MessageIndex}, {@link org.openmm7.stub.internal.store.TablePages})
 * and {@link org.openmm7.stub.internal.store.MessageStore}, which the request path and the pushes
 * use. Public only where {@link org.openmm7.stub.Mm7StubServer} or another internal package needs it.
 */
package org.openmm7.stub.internal.store;
