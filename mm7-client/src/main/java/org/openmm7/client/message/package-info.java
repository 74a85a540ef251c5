/**
 * The MM7 messages, independent of the release (namespace) they travel in.
 *
 * <p>Requests ({@link org.openmm7.client.message.SubmitRequest} and the others) are final classes
 * built with {@code builder()...build()}; {@code toBuilder()} copies one to change some fields.
 * They compare by value, and {@code build()} refuses a message without its required fields with an
 * {@link java.lang.IllegalStateException} naming the field. New fields can be added in later versions
 * without breaking callers. Small values ({@link org.openmm7.client.message.Address},
 * {@link org.openmm7.client.message.ResponseStatus}, {@link org.openmm7.client.message.Recipients},
 * ...) are records. The five responses that carry only a Status are one
 * {@link org.openmm7.client.message.StatusResponse} naming its operation; a status's
 * {@code code()} is the number and {@code mm7Status()} the open value.
 *
 * <p><b>Null and absent.</b> One rule for OpenMM7's public API:
 * <ul>
 *   <li>A message's optional field (an element or attribute a peer may leave out) is {@code null}
 *       when absent, and its accessor says so. Messages and their values hold no {@code Optional}.
 *   <li>A collection is never null: empty when absent, and unmodifiable.
 *   <li>A required field is never null (the builder refuses to build without it) and never a boxed
 *       primitive; optional flags and numbers are boxed so that absent can be told from false or 0.
 *   <li>A method that looks something up or waits for something, and may find nothing, returns an
 *       {@code Optional}: {@link org.openmm7.client.message.Mm7Operation#fromElementName(String)},
 *       {@code Mm7StubServer.takeRequest(Duration)}.
 *   <li>Parameters are non-null unless their documentation says otherwise.
 * </ul>
 */
package org.openmm7.client.message;
