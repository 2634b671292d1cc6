package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A verified report of one message through the public API and the case it opened: the fixture the
 * appeals, action-reversal, accounts, routing, retention and forwarding tests each built line for
 * line.
 *
 * @param sender the reported account
 * @param token the reporter's token (for the report's GET and appeals)
 */
public record Reported(String reportId, String token, UUID caseId, String sender) {
    /** A new sender sends {@code text} to a new recipient, who reports it as spam, no comment. */
    public static Reported spam(Messenger messenger, Api api, JdbcTemplate jdbc, String text) {
        return of(messenger, api, jdbc, "spam", text);
    }

    /** As {@link #spam}, in {@code category}. */
    public static Reported of(
            Messenger messenger, Api api, JdbcTemplate jdbc, String category, String text) {
        return by(messenger, api, jdbc, ServiceTestBase.unique("alice"), category, null, text);
    }

    /**
     * {@code sender} sends {@code text} to a new recipient, who reports it in {@code category},
     * with {@code comment} (null: none).
     */
    public static Reported by(
            Messenger messenger,
            Api api,
            JdbcTemplate jdbc,
            String sender,
            String category,
            String comment,
            String text) {
        String bob = ServiceTestBase.unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        ServiceTestBase.unique("m"),
                                        sender,
                                        ServiceTestBase.unique("c"),
                                        text,
                                        List.of()),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                category, comment, List.of(Messenger.messageJson(held))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        return new Reported(reportId, token, caseId, sender);
    }
}
