package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.B64;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every check of PROTOCOL.md §5, reached through the API: 422, the code, the message index, nothing
 * written.
 */
class VerificationFailuresTest extends ServiceTestBase {

    private String alice, bob, carol, conv;

    private Messenger.Held delivered(
            String sender, String recipient, String conversation, String text) {
        return messenger
                .send(
                        messenger.compose(unique("m"), sender, conversation, text, List.of()),
                        recipient)
                .get(0);
    }

    private JsonNode rejected(String reporter, List<Map<String, Object>> messages, String code) {
        long before = jdbc.queryForObject("SELECT count(*) FROM reports", Long.class);
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(reporter, "report"),
                        Messenger.reportJson("harassment", null, messages));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).endsWith("/" + code);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reports", Long.class))
                .isEqualTo(before);
        return p;
    }

    /** §5 step 1, the form: 400 with the problem's code, nothing stored. */
    private JsonNode malformed(String reporter, List<Map<String, Object>> messages, String code) {
        long before = jdbc.queryForObject("SELECT count(*) FROM reports", Long.class);
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(reporter, "report"),
                        Messenger.reportJson("harassment", null, messages));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).endsWith("/" + code);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reports", Long.class))
                .isEqualTo(before);
        return p;
    }

    private static Map<String, Object> edit(
            Messenger.Held h, Consumer<Map<String, Object>> change) {
        Map<String, Object> m = new HashMap<>(Messenger.messageJson(h));
        m.put("stamp", new HashMap<>((Map<?, ?>) m.get("stamp")));
        change.accept(m);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stamp(Map<String, Object> m) {
        return (Map<String, Object>) m.get("stamp");
    }

    private void people() {
        alice = unique("alice");
        bob = unique("bob");
        carol = unique("carol");
        conv = unique("conv");
    }

    @Test
    void unknownKey() {
        people();
        var h = delivered(alice, bob, conv, "x");
        JsonNode p =
                rejected(
                        bob,
                        List.of(edit(h, m -> stamp(m).put("kid", "k-nobody-has-this"))),
                        "unknown_key");
        assertThat(p.get("failures").get(0).get("index").asInt()).isEqualTo(0);
        assertThat(p.get("failures").get(0).get("code").asString()).isEqualTo("unknown_key");
    }

    @Test
    void destroyedKeyIsExpired() {
        people();
        String kid = unique("kgone");
        jdbc.update(
                "INSERT INTO stamp_keys (kid, wrapped_key, not_before, issue_until, expires_at,"
                        + " created_at, destroyed_at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
                kid,
                Timestamp.valueOf("2020-01-01 00:00:00"),
                Timestamp.valueOf("2020-01-02 00:00:00"),
                Timestamp.valueOf("2020-04-01 00:00:00"),
                Timestamp.valueOf("2020-01-01 00:00:00"),
                Timestamp.valueOf("2020-04-02 00:00:00"));
        var h = delivered(alice, bob, conv, "x");
        rejected(bob, List.of(edit(h, m -> stamp(m).put("kid", kid))), "stamp_expired");
    }

    @Test
    void badStamp() {
        people();
        var h = delivered(alice, bob, conv, "x");
        byte[] mac = B64.decode(h.mac());
        mac[5] ^= 1;
        rejected(bob, List.of(edit(h, m -> stamp(m).put("mac", B64.encode(mac)))), "bad_stamp");
        // a changed body changes the recomputed commitment, so the stamp no longer matches
        rejected(
                bob, List.of(edit(h, m -> m.put("body", B64.encode("y".getBytes())))), "bad_stamp");
        // so does a swapped sender
        rejected(bob, List.of(edit(h, m -> m.put("senderId", carol))), "bad_stamp");
        rejected(
                bob,
                List.of(edit(h, m -> stamp(m).put("receivedAt", h.receivedAt() + 1))),
                "bad_stamp");
    }

    @Test
    void reporterNotAParty() {
        people();
        var toCarol = delivered(alice, carol, conv, "x");
        rejected(bob, List.of(Messenger.messageJson(toCarol)), "not_a_party");
        // claiming to be the recipient breaks the stamp instead
        rejected(bob, List.of(edit(toCarol, m -> m.put("recipientId", bob))), "bad_stamp");
        // a context message between two others
        var reported = delivered(alice, bob, conv, "x");
        var between = delivered(alice, carol, conv, "y");
        JsonNode p =
                rejected(
                        bob,
                        List.of(Messenger.messageJson(reported), Messenger.messageJson(between)),
                        "not_a_party");
        assertThat(p.get("failures").get(0).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void contextFromAnotherConversation() {
        people();
        var reported = delivered(alice, bob, conv, "x");
        var elsewhere = delivered(alice, bob, unique("other"), "y");
        JsonNode p =
                rejected(
                        bob,
                        List.of(Messenger.messageJson(reported), Messenger.messageJson(elsewhere)),
                        "wrong_conversation");
        assertThat(p.get("failures")).hasSize(1);
        assertThat(p.get("failures").get(0).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void everyFailingMessageIsListedWithItsIndex() {
        people();
        var ok = delivered(alice, bob, conv, "a");
        var forged = delivered(bob, alice, conv, "b");
        var alsoForged = delivered(alice, bob, conv, "c");
        var other = delivered(alice, bob, unique("other"), "d");
        // v2 (§5): the claims run first, and a failed step stops the report, so the forged
        // message is not looked at while another message fails a claim
        JsonNode p =
                rejected(
                        bob,
                        List.of(
                                Messenger.messageJson(ok),
                                edit(forged, m -> m.put("body", B64.encode("changed".getBytes()))),
                                Messenger.messageJson(other)),
                        "wrong_conversation");
        assertThat(p.get("failures")).hasSize(1);
        assertThat(p.get("failures").get(0).get("index").asInt()).isEqualTo(2);
        // every message that fails the proof is listed, once, with the one cryptographic code
        p =
                rejected(
                        bob,
                        List.of(
                                Messenger.messageJson(ok),
                                edit(forged, m -> m.put("body", B64.encode("changed".getBytes()))),
                                edit(alsoForged, m -> m.put("sentAt", 1L))),
                        "bad_stamp");
        assertThat(p.get("failures")).hasSize(2);
        assertThat(p.get("failures").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(p.get("failures").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(p.get("failures").get(1).get("code").asString()).isEqualTo("bad_stamp");
    }

    @Test
    void limitsEachHaveACode() {
        // v2 (§5 step 1): a broken limit is the form, 400, not a 422 as in v1
        people();
        var h = delivered(alice, bob, conv, "x");
        malformed(
                bob,
                List.of(edit(h, m -> m.put("body", B64.encode(new byte[65_537])))),
                "body_too_large");
        malformed(bob, List.of(edit(h, m -> m.put("messageId", "x".repeat(257)))), "invalid_id");
        malformed(bob, List.of(edit(h, m -> m.put("conversationId", ""))), "invalid_id");
        malformed(
                bob,
                List.of(edit(h, m -> m.put("contentType", "t".repeat(256)))),
                "invalid_content_type");
        malformed(bob, List.of(edit(h, m -> stamp(m).put("kid", "not a kid!"))), "invalid_kid");
        malformed(
                bob,
                List.of(edit(h, m -> m.put("frankingKey", B64.encode(new byte[31])))),
                "invalid_franking_key");
        malformed(
                bob,
                List.of(edit(h, m -> stamp(m).put("mac", B64.encode(new byte[33])))),
                "invalid_mac");
        malformed(bob, List.of(edit(h, m -> m.put("sentAt", -1))), "invalid_time");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add(
                    Map.of(
                            "contentType",
                            "image/png",
                            "size",
                            1,
                            "sha256",
                            B64.encode(new byte[32])));
        }
        malformed(bob, List.of(edit(h, m -> m.put("attachments", many))), "too_many_attachments");
        malformed(
                bob,
                List.of(
                        edit(
                                h,
                                m ->
                                        m.put(
                                                "attachments",
                                                List.of(
                                                        Map.of(
                                                                "contentType",
                                                                "image/png",
                                                                "size",
                                                                1,
                                                                "sha256",
                                                                B64.encode(new byte[31])))))),
                "invalid_attachment");
        rejected(
                bob,
                List.of(Messenger.messageJson(h), Messenger.messageJson(h)),
                "duplicate_message");
        malformed(bob, List.of(), "no_messages");
        List<Map<String, Object>> thirtyOne = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            thirtyOne.add(Messenger.messageJson(h));
        }
        malformed(bob, thirtyOne, "too_many_messages");
    }

    @Test
    void anAttachmentMustMatchItsDescriptor() {
        people();
        byte[] file = "file".getBytes();
        var h =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        alice,
                                        conv,
                                        "see",
                                        List.of(AttachmentDescriptor.of("image/png", file))),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        String id =
                api.post("/api/v2/reports", token, Messenger.reportJson("spam", h))
                        .json()
                        .get("reportId")
                        .asString();
        String path = "/api/v2/reports/" + id + "/messages/0/attachments/0";
        assertThat(api.put(path, token, "fil".getBytes()).json().get("type").asString())
                .endsWith("/attachment_mismatch");
        assertThat(api.put(path, token, "file!".getBytes()).json().get("type").asString())
                .endsWith("/attachment_mismatch");
        assertThat(api.put(path, token, "filf".getBytes()).json().get("type").asString())
                .endsWith("/attachment_mismatch");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM evidence_attachments a JOIN report_messages"
                                        + " rm ON rm.evidence_item_id = a.evidence_item_id WHERE"
                                        + " rm.report_id = ?::uuid AND a.blob_enc IS NOT NULL",
                                Integer.class,
                                id))
                .isZero();
        assertThat(
                        api.put("/api/v2/reports/" + id + "/messages/0/attachments/1", token, file)
                                .status())
                .isEqualTo(404);
        assertThat(
                        api.put("/api/v2/reports/" + id + "/messages/1/attachments/0", token, file)
                                .status())
                .isEqualTo(404);
        assertThat(api.put(path, token, file).status()).isEqualTo(204);
        assertThat(api.put(path, token, file).status()).isEqualTo(204);
    }
}
