/**
 * The reference relay: {@link org.openmm7.stub.Mm7StubServer}, its JUnit 5 extension and its
 * recordings. Null and absent follow the rule stated in {@link org.openmm7.client.message}: a
 * method that waits and may find nothing returns an {@code Optional}
 * ({@link org.openmm7.stub.Mm7StubServer#takeRequest(java.time.Duration)}), collections are never
 * null.
 */
package org.openmm7.stub;
