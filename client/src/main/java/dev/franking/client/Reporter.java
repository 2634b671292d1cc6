package dev.franking.client;

import dev.franking.v2.SubmittedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A recipient reporting (PROTOCOL.md §5, §7). The reporter is whoever the bearer token names
 * ({@code sub}): there is no reporter field, and the service rejects a reported message whose
 * recipient is not the token's subject ({@code not_a_party}). A report is the first time the
 * service sees any content: the reported message and its context, each with its franking key and
 * stamp, so that the service can recompute the commitment and check the platform's stamp.
 */
public final class Reporter {
    /** The reported message and at most 29 context messages (PROTOCOL.md §5). */
    static final int MAX_CONTEXT_MESSAGES = 29;

    private final FrankingApi api;
    private final Supplier<String> token;

    /** {@code token}: a fresh bearer token of scope {@code report} for the reporting user. */
    public Reporter(FrankingApi api, Supplier<String> token) {
        this.api = api;
        this.token = token;
    }

    /**
     * A filed report: the service's id, and the messages as sent, for attachment uploads. Filing
     * the same report again returns the same id.
     */
    public record Filed(String reportId, List<Recipient.Held> messages) {}

    /**
     * Reports {@code reported} with up to 29 {@code context} messages of the same conversation that
     * the reporter received or sent. Throws {@link ApiProblem} (422 with the failed check per
     * message) if it does not verify; nothing is stored then.
     */
    public Filed report(
            String category,
            String comment,
            Recipient.Held reported,
            List<Recipient.Held> context) {
        if (context.size() > MAX_CONTEXT_MESSAGES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_CONTEXT_MESSAGES + " context messages");
        }
        List<Recipient.Held> all = new ArrayList<>();
        all.add(reported); // the first message is the reported one
        all.addAll(context);
        List<SubmittedMessage> submitted =
                all.stream()
                        .map(h -> SubmittedMessage.of(h.opening(), h.recipientId(), h.stamp()))
                        .toList();
        ApiJson.ReportCreated created = submit(category, comment, submitted);
        return new Filed(created.reportId(), List.copyOf(all));
    }

    /**
     * The wire form of a report, from {@link SubmittedMessage}s: what {@link #report} sends. Only
     * here do the body and the franking key leave the device, by the reporter's choice.
     */
    public ApiJson.ReportCreated submit(
            String category, String comment, List<SubmittedMessage> messages) {
        List<ApiJson.ReportMessage> wire = new ArrayList<>(messages.size());
        for (SubmittedMessage m : messages) {
            List<ApiJson.Attachment> atts =
                    m.attachments().stream()
                            .map(a -> new ApiJson.Attachment(a.contentType(), a.size(), a.sha256()))
                            .toList();
            SubmittedMessage.SubmittedStamp st = m.stamp();
            wire.add(
                    new ApiJson.ReportMessage(
                            m.messageId(),
                            m.senderId(),
                            m.recipientId(),
                            m.conversationId(),
                            m.sentAt(),
                            m.prev(),
                            m.contentType(),
                            m.body(),
                            atts,
                            m.frankingKey(),
                            new ApiJson.StampIn(
                                    st.kid(), st.receivedAt(), st.routeSalt(), st.mac())));
        }
        return api.report(token.get(), new ApiJson.ReportRequest(category, comment, wire));
    }

    /**
     * Uploads the plaintext of every attachment of every message of {@code filed} (PROTOCOL.md §5):
     * the service accepts a file only if its size and SHA-256 are the committed ones. Returns how
     * many were uploaded.
     */
    public int uploadAttachments(Filed filed) {
        int uploaded = 0;
        for (int i = 0; i < filed.messages().size(); i++) {
            List<byte[]> files = filed.messages().get(i).attachments();
            for (int n = 0; n < files.size(); n++) {
                api.uploadAttachment(token.get(), filed.reportId(), i, n, files.get(n));
                uploaded++;
            }
        }
        return uploaded;
    }

    /** The report's status and, once a moderator has decided, the outcome the reporter may see. */
    public ApiJson.ReportStatus status(String reportId) {
        return api.status(token.get(), reportId);
    }
}
