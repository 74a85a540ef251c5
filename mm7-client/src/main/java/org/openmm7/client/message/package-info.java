/**
 * The MM7 messages, independent of the release (namespace) they travel in.
 *
 * <p>Requests ({@link org.openmm7.client.message.SubmitRequest} and the others) are final classes
 * built with {@code builder()...build()}; {@code toBuilder()} copies one to change some fields.
 * They compare by value, and {@code build()} refuses a message without its required fields with an
 * {@link java.lang.IllegalStateException} naming the field. New fields can be added in later versions
 * without breaking callers. Small values ({@link org.openmm7.client.message.Address},
 * {@link org.openmm7.client.message.ResponseStatus}, {@link org.openmm7.client.message.Recipients},
 * ...) are records.
 */
package org.openmm7.client.message;
