package dev.franking.client;

import dev.franking.B64;
import dev.franking.Commitment;
import dev.franking.Kid;
import dev.franking.Stamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The messaging platform's relay (PROTOCOL.md §3): it has authenticated the sender, asks the report
 * service for one stamp per recipient over the commitment, and delivers envelope, commitment and
 * stamp to each recipient. It sees the commitment and ciphertext, never content or franking keys,
 * and keeps no per-message state: the stamp is self-authenticating.
 */
public final class Relay {
    private final FrankingApi api;
    private final String relayToken;

    /**
     * {@code relayToken}: a bearer token of scope {@code stamp} whose {@code sub} is the relay
     * itself.
     */
    public Relay(FrankingApi api, String relayToken) {
        this.api = api;
        this.relayToken = relayToken;
    }

    /**
     * What one recipient's client is handed: routing ids as the relay names them, and the stamp.
     */
    public record Delivery(
            String messageId,
            String senderId,
            String conversationId,
            String recipientId,
            Commitment commitment,
            byte[] envelope,
            List<byte[]> attachmentBlobs,
            Stamp stamp) {}

    /**
     * Relays one message whose sender the relay has authenticated as {@code authenticatedSenderId};
     * the sender id in the stamp request is the relay's, never a claim of the message. A real relay
     * batches (up to 1,000 messages and 10,000 stamps a request).
     */
    public List<Delivery> relay(String authenticatedSenderId, Sender.ToRelay m) {
        var request =
                new ApiJson.StampsRequest(
                        List.of(
                                new ApiJson.StampMessage(
                                        m.messageId(),
                                        authenticatedSenderId,
                                        m.conversationId(),
                                        m.commitment().toBase64(),
                                        m.recipientIds())));
        List<ApiJson.StampOut> stamps = api.stamps(relayToken, request).stamps().get(0);
        List<Delivery> out = new ArrayList<>(stamps.size());
        for (ApiJson.StampOut s : stamps) {
            Stamp stamp = new Stamp(new Kid(s.kid()), s.receivedAt(), B64.decode(s.mac()));
            out.add(
                    new Delivery(
                            m.messageId(),
                            authenticatedSenderId,
                            m.conversationId(),
                            s.recipientId(),
                            m.commitment(),
                            m.envelope(),
                            m.attachmentBlobs(),
                            stamp));
        }
        return out;
    }
}
