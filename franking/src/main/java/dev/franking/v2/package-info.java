/**
 * Franking protocol v2 (PROTOCOL.md §1 to §6) as a plain Java library, hard to misuse: typed
 * values, no caller-chosen nonce, no raw key bytes without {@link
 * dev.franking.v2.InsecureSecretAccess}, verified types that only the verifier makes, and checks
 * that throw one {@link dev.franking.v2.FrankingException} naming the failed check.
 *
 * <ul>
 *   <li>Sender: {@link dev.franking.v2.ConversationHeads#prev}, {@link
 *       dev.franking.v2.MessageContent}, {@link dev.franking.v2.Opening#commit}, {@link
 *       dev.franking.v2.AttachmentCipher#encrypt}, {@link dev.franking.v2.Envelope#seal} (§1, §2,
 *       §6).
 *   <li>Relay: {@link dev.franking.v2.RouteSalt}, {@link dev.franking.v2.Route#compute}, {@link
 *       dev.franking.v2.RecipientStamp#of} (§3).
 *   <li>Stamp service: {@link dev.franking.v2.Stamper} over a {@link dev.franking.v2.StampKeyRing}
 *       (§3).
 *   <li>Recipient: {@link dev.franking.v2.Receipt#open}, {@link
 *       dev.franking.v2.ReceivedMessage#openAttachment}, {@link
 *       dev.franking.v2.ConversationHeads#record} (§4).
 *   <li>Report service: {@link dev.franking.v2.ReportVerifier} (§5), giving a {@link
 *       dev.franking.v2.VerifiedReport} with its {@link dev.franking.v2.Transcript}.
 * </ul>
 */
package dev.franking.v2;
