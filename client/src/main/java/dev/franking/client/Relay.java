package dev.franking.client;

import dev.franking.v2.Commitment;
import dev.franking.v2.Kid;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.Stamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The messaging platform's relay (PROTOCOL.md §3): it has authenticated the sender, computes one
 * salted route digest per recipient, asks the report service for one stamp per route over the
 * commitment, and delivers envelope, commitment and stamp (with its salt) to each recipient. The
 * report service learns no identifier; the relay sees the commitment and ciphertext, never content
 * or franking keys, and keeps no per-message state: the stamp is self-authenticating.
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
            RecipientStamp stamp) {}

    /**
     * Relays one message whose sender the relay has authenticated as {@code authenticatedSenderId};
     * the sender id in the routes is the relay's, never a claim of the message. A real relay
     * batches (up to 1,000 messages and 10,000 routes a request).
     */
    public List<Delivery> relay(String authenticatedSenderId, Sender.ToRelay m) {
        List<RouteSalt> salts = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        for (String recipient : m.recipientIds()) {
            RouteSalt salt = RouteSalt.generate();
            salts.add(salt);
            routes.add(
                    Route.compute(
                                    salt,
                                    authenticatedSenderId,
                                    recipient,
                                    m.conversationId(),
                                    m.messageId())
                            .toBase64());
        }
        var request =
                new ApiJson.StampsRequest(
                        List.of(new ApiJson.StampMessage(m.commitment().toBase64(), routes)));
        List<ApiJson.StampOut> stamps = api.stamps(relayToken, request).stamps().get(0);
        if (stamps.size() != routes.size()) {
            throw new IllegalStateException("the stamp service answered another number of routes");
        }
        List<Delivery> out = new ArrayList<>(stamps.size());
        for (int i = 0; i < stamps.size(); i++) {
            ApiJson.StampOut s = stamps.get(i);
            Stamp stamp =
                    new Stamp(
                            new Kid(s.kid()), s.receivedAt(), dev.franking.v2.B64.decode(s.mac()));
            out.add(
                    new Delivery(
                            m.messageId(),
                            authenticatedSenderId,
                            m.conversationId(),
                            m.recipientIds().get(i),
                            m.commitment(),
                            m.envelope(),
                            m.attachmentBlobs(),
                            RecipientStamp.of(stamp, salts.get(i))));
        }
        return out;
    }
}
