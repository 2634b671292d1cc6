/**
 * Franking protocol v1 (PROTOCOL.md §1 to §6) as a plain Java library for message clients, the
 * relay and the report service.
 *
 * <ul>
 *   <li>Sender: {@link dev.franking.MessageContent}, {@link dev.franking.Opening#commit}, {@link
 *       dev.franking.Envelope#seal} (§1, §2).
 *   <li>Relay: {@link dev.franking.StampKeyRing}, {@link dev.franking.Stamper} (§3).
 *   <li>Recipient: {@link dev.franking.Envelope#open}, {@link dev.franking.Receipt#check} (§2, §4).
 *   <li>Report service: {@link dev.franking.ReportVerifier}, {@link
 *       dev.franking.AttachmentDescriptor#verify} (§5).
 *   <li>Blob store: {@link dev.franking.AttachmentCipher} (§6).
 * </ul>
 *
 * Verification methods throw a {@link dev.franking.FrankingException} naming the failed check;
 * typed values reject invalid input in their constructors with a {@link
 * dev.franking.LimitException}.
 */
package dev.franking;
