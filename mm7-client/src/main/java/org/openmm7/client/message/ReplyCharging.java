package org.openmm7.client.message;

/**
 * ReplyCharging: the VASP pays for the recipient's reply.
 *
 * @param replyChargingSize the largest reply paid for, in bytes, or {@code null}
 * @param replyDeadline     until when, or {@code null}
 */
public record ReplyCharging(Long replyChargingSize, RelativeOrAbsoluteTime replyDeadline) {
}
