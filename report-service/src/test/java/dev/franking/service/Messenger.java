package dev.franking.service;

import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.B64;
import dev.franking.v2.Commitment;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The client side of a test (PROTOCOL.md v2): a sender commits with the franking library, the relay
 * salts one route per recipient and asks the API for stamps ({@code POST /api/v2/stamps}), the
 * recipient keeps (opening, stamp, route salt) and builds report JSON from them.
 */
public final class Messenger {
    private final Api api;
    private final Supplier<String> relayToken;

    /**
     * The relay of the shared test service: a token minted at each request, in whatever time the
     * test has moved to.
     */
    public Messenger(Api api) {
        this(api, () -> TestTokens.token("relay-1", "stamp"));
    }

    public Messenger(Api api, String relayToken) {
        this(api, () -> relayToken);
    }

    public Messenger(Api api, Supplier<String> relayToken) {
        this.api = api;
        this.relayToken = relayToken;
    }

    /** What a recipient holds of one delivered message: the opening and their stamp (§3, §4). */
    public record Held(
            Opening opening,
            String recipientId,
            String kid,
            long receivedAt,
            String mac,
            String routeSalt) {
        public Commitment commitment() {
            return opening.commitment();
        }
    }

    /** A text message with no {@code prev} (the first of its conversation, as far as it knows). */
    public Opening compose(
            String messageId,
            String sender,
            String conversation,
            String text,
            List<AttachmentDescriptor> atts) {
        return compose(messageId, sender, conversation, text, atts, List.of());
    }

    /**
     * A text message whose sender had seen {@code prev} (§1: sorted here, as the client sends
     * them).
     */
    public Opening compose(
            String messageId,
            String sender,
            String conversation,
            String text,
            List<AttachmentDescriptor> atts,
            List<Commitment> prev) {
        MessageContent c =
                new MessageContent(
                        messageId,
                        sender,
                        conversation,
                        System.currentTimeMillis(),
                        prev.stream().sorted().toList(),
                        "text/plain; charset=utf-8",
                        text.getBytes(StandardCharsets.UTF_8),
                        atts);
        return Opening.commit(c);
    }

    /** Sends through the relay: one salted route and one stamp per recipient, from the API. */
    public List<Held> send(Opening o, String... recipients) {
        List<String> salts = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        for (String recipient : recipients) {
            RouteSalt salt = RouteSalt.generate();
            salts.add(salt.toBase64());
            routes.add(
                    Route.compute(
                                    salt,
                                    o.content().senderId(),
                                    recipient,
                                    o.content().conversationId(),
                                    o.content().messageId())
                            .toBase64());
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("commitment", o.commitment().toBase64());
        msg.put("routes", routes);
        Api.Response r =
                api.post("/api/v2/stamps", relayToken.get(), Map.of("messages", List.of(msg)));
        if (r.status() != 200) {
            throw new AssertionError("stamping failed: " + r.status() + " " + r.body());
        }
        List<Held> out = new ArrayList<>();
        int i = 0;
        for (JsonNode s : r.json().get("stamps").get(0)) {
            out.add(
                    new Held(
                            o,
                            recipients[i],
                            s.get("kid").asString(),
                            s.get("receivedAt").asLong(),
                            s.get("mac").asString(),
                            salts.get(i)));
            i++;
        }
        return out;
    }

    /**
     * Sends many messages in one stamp request, each to its own recipient ({@code recipients}, one
     * per opening, or one for all): what a batching relay does.
     */
    public List<Held> sendAll(List<Opening> openings, List<String> recipients) {
        List<Map<String, Object>> msgs = new ArrayList<>();
        List<String> salts = new ArrayList<>();
        for (int i = 0; i < openings.size(); i++) {
            Opening o = openings.get(i);
            RouteSalt salt = RouteSalt.generate();
            salts.add(salt.toBase64());
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("commitment", o.commitment().toBase64());
            msg.put(
                    "routes",
                    List.of(
                            Route.compute(
                                            salt,
                                            o.content().senderId(),
                                            recipients.get(i),
                                            o.content().conversationId(),
                                            o.content().messageId())
                                    .toBase64()));
            msgs.add(msg);
        }
        Api.Response r = api.post("/api/v2/stamps", relayToken.get(), Map.of("messages", msgs));
        if (r.status() != 200) {
            throw new AssertionError("stamping failed: " + r.status() + " " + r.body());
        }
        List<Held> out = new ArrayList<>();
        for (int i = 0; i < openings.size(); i++) {
            JsonNode s = r.json().get("stamps").get(i).get(0);
            out.add(
                    new Held(
                            openings.get(i),
                            recipients.get(i),
                            s.get("kid").asString(),
                            s.get("receivedAt").asLong(),
                            s.get("mac").asString(),
                            salts.get(i)));
        }
        return out;
    }

    /** {@link #sendAll(List, List)} with one recipient for every message. */
    public List<Held> sendAll(List<Opening> openings, String recipient) {
        return sendAll(openings, java.util.Collections.nCopies(openings.size(), recipient));
    }

    public static Map<String, Object> messageJson(Held h) {
        MessageContent c = h.opening().content();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageId", c.messageId());
        m.put("senderId", c.senderId());
        m.put("recipientId", h.recipientId());
        m.put("conversationId", c.conversationId());
        m.put("sentAt", c.sentAt());
        m.put("prev", c.prev().stream().map(Commitment::toBase64).toList());
        m.put("contentType", c.contentType());
        m.put("body", B64.encode(c.body()));
        List<Map<String, Object>> atts = new ArrayList<>();
        for (AttachmentDescriptor a : c.attachments()) {
            atts.add(
                    Map.of(
                            "contentType",
                            a.contentType(),
                            "size",
                            a.size(),
                            "sha256",
                            B64.encode(a.sha256())));
        }
        m.put("attachments", atts);
        m.put(
                "frankingKey",
                B64.encode(h.opening().frankingKey().toBytes(InsecureSecretAccess.get())));
        Map<String, Object> stamp = new LinkedHashMap<>();
        stamp.put("kid", h.kid());
        stamp.put("receivedAt", h.receivedAt());
        stamp.put("routeSalt", h.routeSalt());
        stamp.put("mac", h.mac());
        m.put("stamp", stamp);
        return m;
    }

    public static Map<String, Object> reportJson(
            String category, String comment, List<Map<String, Object>> messages) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("category", category);
        if (comment != null) {
            r.put("comment", comment);
        }
        r.put("messages", messages);
        return r;
    }

    public static Map<String, Object> reportJson(String category, Held... held) {
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Held h : held) {
            ms.add(messageJson(h));
        }
        return reportJson(category, null, ms);
    }
}
