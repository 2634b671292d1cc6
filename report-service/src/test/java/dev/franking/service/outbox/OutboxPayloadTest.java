package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payload records write exactly the JSON the maps wrote before them (the platform verifies its
 * signature over these bytes, and entries already queued must still be read), and read back equal.
 */
class OutboxPayloadTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID CASE = UUID.fromString("00000000-0000-4000-8000-000000000002");

    @Test
    void aPlatformActionIsWrittenAsBefore() {
        var action =
                PlatformActionPayload.accountAction(
                        "suspend",
                        "mallory",
                        CASE,
                        "ToS 4.2 \"spam\"",
                        Instant.parse("2026-01-02T03:04:05.123456Z"));
        String json = Outbox.json(ID, action);
        assertThat(json)
                .isEqualTo(
                        "{\"id\":\"00000000-0000-4000-8000-000000000001\",\"type\":\"account_action\","
                            + "\"action\":\"suspend\",\"account\":\"mallory\","
                            + "\"caseId\":\"00000000-0000-4000-8000-000000000002\",\"ground\":\"ToS"
                            + " 4.2 \\\"spam\\\"\",\"decidedAt\":\"2026-01-02T03:04:05.123456Z\"}");
        var entry = new Outbox.Entry(ID, OutboxKind.PLATFORM_ACTION, json, 0);
        assertThat(entry.read(PlatformActionPayload.class)).isEqualTo(action);
    }

    @Test
    void aReversalNamesTheActionItWithdraws() {
        UUID action = UUID.fromString("00000000-0000-4000-8000-000000000004");
        var reversed =
                ActionReversedPayload.of(
                        action,
                        "mallory",
                        CASE,
                        "appeal",
                        Instant.parse("2026-01-02T03:04:05.123456Z"));
        String json = Outbox.json(ID, reversed);
        assertThat(json)
                .isEqualTo(
                        "{\"id\":\"00000000-0000-4000-8000-000000000001\",\"type\":\"action.reversed\","
                            + "\"actionId\":\"00000000-0000-4000-8000-000000000004\","
                            + "\"account\":\"mallory\","
                            + "\"caseId\":\"00000000-0000-4000-8000-000000000002\","
                            + "\"why\":\"appeal\",\"reversedAt\":\"2026-01-02T03:04:05.123456Z\"}");
        var entry = new Outbox.Entry(ID, OutboxKind.PLATFORM_ACTION, json, 0);
        assertThat(entry.read(ActionReversedPayload.class)).isEqualTo(reversed);
        assertThat(reversed.kind()).isEqualTo(OutboxKind.PLATFORM_ACTION);
    }

    @Test
    void anAppealsOutcomeNamesTheAppealAndTheAction() {
        UUID appeal = UUID.fromString("00000000-0000-4000-8000-000000000005");
        UUID action = UUID.fromString("00000000-0000-4000-8000-000000000004");
        var decided =
                AppealDecidedPayload.of(
                        appeal, action, CASE, "upheld", Instant.parse("2026-01-02T03:04:05Z"));
        String json = Outbox.json(ID, decided);
        assertThat(json)
                .isEqualTo(
                        "{\"id\":\"00000000-0000-4000-8000-000000000001\",\"type\":\"appeal.decided\","
                            + "\"appealId\":\"00000000-0000-4000-8000-000000000005\","
                            + "\"actionId\":\"00000000-0000-4000-8000-000000000004\","
                            + "\"caseId\":\"00000000-0000-4000-8000-000000000002\","
                            + "\"outcome\":\"upheld\",\"decidedAt\":\"2026-01-02T03:04:05Z\"}");
        var entry = new Outbox.Entry(ID, OutboxKind.PLATFORM_ACTION, json, 0);
        assertThat(entry.read(AppealDecidedPayload.class)).isEqualTo(decided);
    }

    @Test
    void aForwardingIsWrittenAsBefore() {
        UUID forwarding = UUID.fromString("00000000-0000-4000-8000-000000000003");
        String json = Outbox.json(ID, new ForwardingPayload(forwarding));
        assertThat(json)
                .isEqualTo(
                        "{\"id\":\"00000000-0000-4000-8000-000000000001\","
                                + "\"forwardingId\":\"00000000-0000-4000-8000-000000000003\"}");
        // as an entry queued before the records existed reads
        var entry =
                new Outbox.Entry(
                        ID,
                        OutboxKind.FORWARD,
                        "{\"id\":\"00000000-0000-4000-8000-000000000001\",\"forwardingId\":"
                                + "\"00000000-0000-4000-8000-000000000003\"}",
                        2);
        assertThat(entry.read(ForwardingPayload.class).forwardingId()).isEqualTo(forwarding);
    }

    @Test
    void eachPayloadKnowsItsKind() {
        assertThat(new ForwardingPayload(CASE).kind()).isEqualTo(OutboxKind.FORWARD);
        assertThat(
                        PlatformActionPayload.accountAction("warn", "a", CASE, "g", Instant.EPOCH)
                                .kind())
                .isEqualTo(OutboxKind.PLATFORM_ACTION);
    }
}
