package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.Opening;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sender, relay and recipient built with the franking library, against the API over HTTP. */
class ReportFlowTest extends ServiceTestBase {

    @Test
    void aStampedMessageIsReportedWithContextAndItsAttachmentUploaded() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        byte[] image = "a harmless stand-in for an image".getBytes(StandardCharsets.UTF_8);
        Opening context = messenger.compose(unique("m"), bob, conv, "hi", List.of());
        Opening abusive =
                messenger.compose(
                        unique("m"),
                        alice,
                        conv,
                        "abuse",
                        List.of(AttachmentDescriptor.of("image/png", image)));
        var ctxHeld =
                messenger.send(context, alice).get(0); // bob's own message, delivered to alice
        var held = messenger.send(abusive, bob).get(0);
        assertThat(held.kid()).isNotBlank();

        String token = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                "harassment",
                                "keeps sending this",
                                List.of(
                                        Messenger.messageJson(held),
                                        Messenger.messageJson(ctxHeld))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode created = r.json();
        assertThat(created.get("verified").asBoolean()).isTrue();
        assertThat(created.get("messages").asInt()).isEqualTo(2);
        assertThat(created.get("status").asString()).isEqualTo("received");
        String id = created.get("reportId").asString();

        Api.Response status = api.get("/api/v2/reports/" + id, token);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("attachments").get(0).get("uploaded").asBoolean()).isFalse();

        Api.Response wrong =
                api.put(
                        "/api/v2/reports/" + id + "/messages/0/attachments/0",
                        token,
                        "something else".getBytes(StandardCharsets.UTF_8));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().get("type").asString()).endsWith("/attachment_mismatch");

        Api.Response ok =
                api.put("/api/v2/reports/" + id + "/messages/0/attachments/0", token, image);
        assertThat(ok.status()).as(ok.body()).isEqualTo(204);
        assertThat(
                        api.get("/api/v2/reports/" + id, token)
                                .json()
                                .get("attachments")
                                .get(0)
                                .get("uploaded")
                                .asBoolean())
                .isTrue();

        // another reporter cannot see or touch it
        String eve = TestTokens.token(unique("eve"), "report");
        assertThat(api.get("/api/v2/reports/" + id, eve).status()).isEqualTo(404);
        assertThat(
                        api.put("/api/v2/reports/" + id + "/messages/0/attachments/0", eve, image)
                                .status())
                .isEqualTo(404);

        Integer cases =
                jdbc.queryForObject(
                        "SELECT count(*) FROM cases WHERE reported_sender_id = ?",
                        Integer.class,
                        alice);
        assertThat(cases).isEqualTo(1);
    }

    @Test
    void theSameReportAgainReturnsTheExistingOne() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        var held =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "spam", List.of()), bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response first = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        Api.Response again = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("reportId").asString())
                .isEqualTo(first.json().get("reportId").asString());
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE reporter_id = ?",
                                Integer.class,
                                bob))
                .isEqualTo(1);
    }

    @Test
    void oneMessageReportedBySeveralRecipientsIsOneEvidenceItemWithItsReporters() {
        String alice = unique("alice"), conv = unique("group");
        String bob = unique("bob"), carol = unique("carol"), dave = unique("dave");
        var stamps =
                messenger.send(
                        messenger.compose(unique("m"), alice, conv, "threat", List.of()),
                        bob,
                        carol,
                        dave);
        for (var h : stamps.subList(0, 2)) {
            Api.Response r =
                    api.post(
                            "/api/v2/reports",
                            TestTokens.token(h.recipientId(), "report"),
                            Messenger.reportJson("violent_threat", h));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        Map<String, Object> row =
                jdbc.queryForMap(
                        "SELECT count(DISTINCT e.id) AS items, count(DISTINCT r.reporter_id) AS"
                            + " reporters FROM evidence_items e JOIN report_messages rm ON"
                            + " rm.evidence_item_id = e.id AND rm.idx = 0 JOIN reports r ON r.id ="
                            + " rm.report_id WHERE e.sender_id = ?",
                        alice);
        assertThat(((Number) row.get("items")).intValue()).isEqualTo(1);
        assertThat(((Number) row.get("reporters")).intValue()).isEqualTo(2);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM cases WHERE reported_sender_id = ? AND"
                                        + " closed_at IS NULL",
                                Integer.class,
                                alice))
                .isEqualTo(1);
    }
}
