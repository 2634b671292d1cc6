package dev.franking.service;

import dev.franking.AttachmentDescriptor;
import dev.franking.B64;
import dev.franking.MessageContent;
import dev.franking.Opening;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The client side of a test: a sender commits with the franking library, the relay asks the API for
 * stamps, the recipient keeps (opening, stamp) and builds report JSON from them.
 */
public final class Messenger {
    private static final SecureRandom RANDOM = new SecureRandom();
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

    /** What a recipient holds of one delivered message. */
    public record Held(
            Opening opening, String recipientId, String kid, long receivedAt, String mac) {}

    public Opening compose(
            String messageId,
            String sender,
            String conversation,
            String text,
            List<AttachmentDescriptor> atts) {
        MessageContent c =
                new MessageContent(
                        messageId,
                        sender,
                        conversation,
                        System.currentTimeMillis(),
                        "text/plain; charset=utf-8",
                        text.getBytes(StandardCharsets.UTF_8),
                        atts);
        return Opening.commit(c, RANDOM);
    }

    /** Sends through the relay: one stamp per recipient, from the API. */
    public List<Held> send(Opening o, String... recipients) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("messageId", o.content().messageId());
        msg.put("senderId", o.content().senderId());
        msg.put("conversationId", o.content().conversationId());
        msg.put("commitment", o.commitment().toBase64());
        msg.put("recipientIds", List.of(recipients));
        Api.Response r =
                api.post("/api/v1/stamps", relayToken.get(), Map.of("messages", List.of(msg)));
        if (r.status() != 200) {
            throw new AssertionError("stamping failed: " + r.status() + " " + r.body());
        }
        List<Held> out = new ArrayList<>();
        for (JsonNode s : r.json().get("stamps").get(0)) {
            out.add(
                    new Held(
                            o,
                            s.get("recipientId").asString(),
                            s.get("kid").asString(),
                            s.get("receivedAt").asLong(),
                            s.get("mac").asString()));
        }
        return out;
    }

    public static Map<String, Object> messageJson(Held h) {
        MessageContent c = h.opening().content();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageId", c.messageId());
        m.put("senderId", c.senderId());
        m.put("recipientId", h.recipientId());
        m.put("conversationId", c.conversationId());
        m.put("sentAt", c.sentAt());
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
        m.put("frankingKey", B64.encode(h.opening().frankingKey().bytes()));
        m.put("stamp", Map.of("kid", h.kid(), "receivedAt", h.receivedAt(), "mac", h.mac()));
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
