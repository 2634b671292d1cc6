package dev.franking.service.demo;

import dev.franking.client.ApiProblem;
import dev.franking.client.Conversation;
import dev.franking.client.FrankingApi;
import dev.franking.client.Recipient;
import dev.franking.client.Relay;
import dev.franking.client.Reporter;
import dev.franking.client.Sender;
import dev.franking.v2.B64;
import dev.franking.v2.MessageKey;
import dev.franking.v2.SubmittedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The demo's story, played by the reference client against the service's own HTTP API: messengers
 * send, the relay asks for stamps, recipients open and check, and some of them report. Nothing is
 * written to the database except through the API.
 *
 * <p>Users and conversations have fixed ids; message ids are fresh UUIDs on every play, so playing
 * again adds new messages to the same senders' open cases. The texts are placeholders: nothing in
 * the demo resembles real abuse.
 */
final class DemoScenario {
    /** The senders whose messages the demo reports: one open case each. */
    public static final List<String> REPORTED_SENDERS = List.of("mallory", "promo-bot", "oscar");

    /** Reporters of the one spam message: one evidence item, three reporters. */
    public static final List<String> SPAM_REPORTERS = List.of("bob", "carol", "dave");

    public static final int REPORTS = 5;

    private final FrankingApi api;
    private final String relayToken;
    private final Function<String, String> reportToken;
    private final Clock clock;
    private final Map<String, Recipient> recipients = new HashMap<>();

    private int messages;
    private int deliveries;

    /**
     * @param relayToken a token of scope {@code stamp} for the relay
     * @param reportToken a token of scope {@code report} for a user id: the reporter is the token's
     *     subject
     */
    DemoScenario(
            FrankingApi api, String relayToken, Function<String, String> reportToken, Clock clock) {
        this.api = api;
        this.relayToken = relayToken;
        this.reportToken = reportToken;
        this.clock = clock;
    }

    /** What the play produced: ids and counts only, never content. */
    public record Result(
            int messages,
            int deliveries,
            int dropped,
            Map<String, String> reports,
            int attachmentsUploaded,
            String spamReportId,
            int forgeryStatus,
            String forgeryCode,
            Map<String, String> statuses) {}

    public Result play() {
        Relay relay = new Relay(api, relayToken);

        Conversation bobCarol = conversation("dm:bob:carol", "bob", "carol");
        Conversation street =
                conversation("group:maple-street", "bob", "carol", "dave", "erin", "promo-bot");
        Conversation aliceMallory = conversation("dm:alice:mallory", "alice", "mallory");
        Conversation erinOscar = conversation("dm:erin:oscar", "erin", "oscar");

        // ordinary conversation, never reported: the service never sees any of it (only
        // commitments, for stamps)
        send(relay, "bob", bobCarol, "[demo] Are we still on for Saturday?");
        send(
                relay,
                "carol",
                bobCarol,
                "[demo] Yes! Here is the photo from last time.",
                new Sender.Attachment("image/png", DemoImages.png(7, 320, 240)));

        // a group of five; a spam bot posts an image to it, and three members report the same
        // message
        Map<String, Recipient.Held> notice =
                send(relay, "erin", street, "[demo] Bin collection moves to Thursday this week.");
        byte[] flyer = DemoImages.png(42, 400, 300);
        Map<String, Recipient.Held> spam =
                send(
                        relay,
                        "promo-bot",
                        street,
                        "[demo: spam] You have won a prize! Claim it at"
                                + " https://prize.example.invalid",
                        new Sender.Attachment("image/png", flyer));

        // one-to-one harassment: the reported message with context, including the reporter's own
        // reply
        Map<String, Recipient.Held> m1 =
                send(relay, "mallory", aliceMallory, "[demo] hey, saw your profile");
        Map<String, Recipient.Held> reply =
                send(relay, "alice", aliceMallory, "[demo] Please stop messaging me.");
        Map<String, Recipient.Held> m3 =
                send(relay, "mallory", aliceMallory, "[demo: harassing message]");
        Map<String, Recipient.Held> m4 =
                send(relay, "mallory", aliceMallory, "[demo: harassing message, again]");

        // a child-safety case: placeholder text only
        Map<String, Recipient.Held> c1 =
                send(
                        relay,
                        "oscar",
                        erinOscar,
                        "[demo: earlier message in a conversation a child-safety moderator would"
                                + " review]");
        Map<String, Recipient.Held> c2 =
                send(
                        relay,
                        "oscar",
                        erinOscar,
                        "[demo: message a child-safety moderator would review]");

        Map<String, String> reports = new LinkedHashMap<>();
        Reporter alice = reporter("alice");
        reports.put(
                "harassment:alice",
                alice.report(
                                "harassment",
                                "[demo] I asked them to stop; they keep going.",
                                m4.get("alice"),
                                List.of(m1.get("alice"), reply.get(SENT), m3.get("alice")))
                        .reportId());

        int uploaded = 0;
        String spamReportId = null;
        for (String who : SPAM_REPORTERS) {
            Reporter r = reporter(who);
            List<Recipient.Held> context =
                    who.equals("bob") ? List.of(notice.get("bob")) : List.of();
            Reporter.Filed filed = r.report("spam", null, spam.get(who), context);
            reports.put("spam:" + who, filed.reportId());
            if (who.equals("bob")) {
                // the reporter uploads the image; the service accepts it only if it is the
                // committed file
                uploaded += r.uploadAttachments(filed);
                spamReportId = filed.reportId();
            }
        }

        Reporter erin = reporter("erin");
        reports.put(
                "child_safety:erin",
                erin.report("child_safety", null, c2.get("erin"), List.of(c1.get("erin")))
                        .reportId());

        // a forged report: dave claims the spam bot's message said something else. The stamp is
        // genuine,
        // but the service recomputes the commitment from the submitted content, and the stamp does
        // not cover it.
        Recipient.Held held = spam.get("dave");
        SubmittedMessage genuine =
                SubmittedMessage.of(held.opening(), held.recipientId(), held.stamp());
        SubmittedMessage forged =
                new SubmittedMessage(
                        genuine.messageId(),
                        genuine.senderId(),
                        genuine.recipientId(),
                        genuine.conversationId(),
                        genuine.sentAt(),
                        genuine.prev(),
                        genuine.contentType(),
                        B64.encode(
                                "[demo: forged text the sender never sent]"
                                        .getBytes(StandardCharsets.UTF_8)),
                        genuine.attachments(),
                        genuine.frankingKey(),
                        genuine.stamp());
        int forgeryStatus;
        String forgeryCode;
        try {
            reporter("dave").submit("violent_threat", null, List.of(forged));
            forgeryStatus = 201;
            forgeryCode = "accepted";
        } catch (ApiProblem p) {
            forgeryStatus = p.status();
            forgeryCode = p.code();
        }

        // reporters look up their reports: received, no outcome until a moderator decides
        Map<String, String> statuses = new LinkedHashMap<>();
        for (var e : reports.entrySet()) {
            String who = e.getKey().substring(e.getKey().indexOf(':') + 1);
            var s = reporter(who).status(e.getValue());
            statuses.put(e.getKey(), s.outcome() == null ? s.status() : s.outcome().decision());
        }

        int dropped = recipients.values().stream().mapToInt(Recipient::dropped).sum();
        return new Result(
                messages,
                deliveries,
                dropped,
                reports,
                uploaded,
                spamReportId,
                forgeryStatus,
                forgeryCode,
                statuses);
    }

    /** The key under which {@link #send} also returns the sender's own held copy. */
    private static final String SENT = "(sender)";

    private Conversation conversation(String id, String... members) {
        return new Conversation(id, List.of(members), MessageKey.generate());
    }

    private Reporter reporter(String userId) {
        return new Reporter(api, () -> reportToken.apply(userId));
    }

    /**
     * One message through every role: the sender composes, the relay stamps and delivers, each
     * recipient opens and checks. Returns what each recipient holds, and under {@link #SENT} what
     * the sender keeps of its own message.
     */
    private Map<String, Recipient.Held> send(
            Relay relay, String from, Conversation c, String text, Sender.Attachment... atts) {
        Sender sender = new Sender(from, clock);
        Sender.Outgoing out = sender.text(c, text, atts);
        // the relay has authenticated `from` (its own login); the commitment and ciphertext are all
        // it sees
        List<Relay.Delivery> delivered = relay.relay(from, out.toRelay());
        messages++;
        Map<String, Recipient.Held> held = new HashMap<>();
        for (Relay.Delivery d : delivered) {
            deliveries++;
            Recipient r = recipients.computeIfAbsent(d.recipientId(), Recipient::new);
            r.receive(d, c).ifPresent(h -> held.put(d.recipientId(), h));
        }
        held.put(SENT, sender.keep(out, delivered.get(0)));
        return held;
    }
}
