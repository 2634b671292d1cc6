package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.v2.B64;
import dev.franking.v2.Opening;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The properties PROTOCOL.md v2 §5 promises, through the HTTP API: the report API is no oracle for
 * a person who is not a party, the transcript comes back in causal order with its gaps, rejected
 * reports are limited, and a repeat is answered with the stored report.
 */
class ProtocolV2Test extends ServiceTestBase {
    @Autowired MeterRegistry metrics;
    @Autowired ReportRepository repository;

    private Api.Response report(String reporter, List<Map<String, Object>> messages) {
        return api.post(
                "/api/v2/reports",
                TestTokens.token(reporter, "report"),
                Messenger.reportJson("harassment", null, messages));
    }

    private Api.Response report(String reporter, Messenger.Held... held) {
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Messenger.Held h : held) {
            ms.add(Messenger.messageJson(h));
        }
        return report(reporter, ms);
    }

    private static Map<String, Object> forged(Messenger.Held h) {
        Map<String, Object> m = new HashMap<>(Messenger.messageJson(h));
        m.put("body", B64.encode("words the sender never wrote".getBytes(StandardCharsets.UTF_8)));
        return m;
    }

    private static Map<String, Object> claiming(Map<String, Object> m, String recipient) {
        Map<String, Object> out = new HashMap<>(m);
        out.put("recipientId", recipient);
        return out;
    }

    private long reports() {
        return jdbc.queryForObject("SELECT count(*) FROM reports", Long.class);
    }

    @Test
    void aNonPartyGetsTheSameAnswerForAGenuineAndAForgedMessageWhicheverRecipientItClaims() {
        String alice = unique("alice"), bob = unique("bob"), eve = unique("eve");
        var genuine =
                messenger
                        .send(
                                messenger.compose(unique("m"), alice, unique("c"), "hi", List.of()),
                                bob)
                        .get(0);
        Map<String, Object> real = Messenger.messageJson(genuine);
        Map<String, Object> fake = forged(genuine);
        long before = reports();
        for (String claimed : List.of(bob, eve, unique("someone"))) {
            Api.Response onGenuine = report(eve, List.of(claiming(real, claimed)));
            Api.Response onForged = report(eve, List.of(claiming(fake, claimed)));
            assertThat(onGenuine.status()).as(onGenuine.body()).isEqualTo(422);
            assertThat(onForged.status()).isEqualTo(onGenuine.status());
            assertThat(onForged.body()).as("claiming " + claimed).isEqualTo(onGenuine.body());
            assertThat(onForged.contentType()).isEqualTo(onGenuine.contentType());
        }
        assertThat(reports()).isEqualTo(before);
        // and the party itself does tell them apart: the genuine one verifies
        assertThat(report(bob, List.of(fake)).json().get("code").asString()).isEqualTo("bad_stamp");
        assertThat(report(bob, genuine).status()).isEqualTo(201);
    }

    @Test
    void aShuffledContextComesBackInCausalOrder() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("c");
        Opening m1 = messenger.compose(unique("m"), alice, conv, "one", List.of());
        Opening m2 =
                messenger.compose(
                        unique("m"), bob, conv, "two", List.of(), List.of(m1.commitment()));
        Opening m3 =
                messenger.compose(
                        unique("m"), alice, conv, "three", List.of(), List.of(m2.commitment()));
        Opening m4 =
                messenger.compose(
                        unique("m"), alice, conv, "four", List.of(), List.of(m3.commitment()));
        // stamped newest first: the platform's clock alone would put the last message first
        var h4 = messenger.send(m4, bob).get(0);
        CLOCK.advance(Duration.ofSeconds(1));
        var h3 = messenger.send(m3, bob).get(0);
        CLOCK.advance(Duration.ofSeconds(1));
        var h2 = messenger.send(m2, alice).get(0);
        CLOCK.advance(Duration.ofSeconds(1));
        var h1 = messenger.send(m1, bob).get(0);
        // bob reports m4 with the rest shuffled: index 0 m4, 1 m2 (bob's own), 2 m1, 3 m3
        Api.Response r = report(bob, h4, h2, h1, h3);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode t = r.json().get("transcript");
        assertThat(t.get("order").toString()).isEqualTo("[2,1,3,0]");
        assertThat(t.get("gaps").asInt()).isZero();
        String id = r.json().get("reportId").asString();
        JsonNode status = api.get("/api/v2/reports/" + id, TestTokens.token(bob, "report")).json();
        assertThat(status.get("transcript").get("order").toString()).isEqualTo("[2,1,3,0]");
        // stored with the report, as the review UI and the evidence package read it
        var lines =
                repository.messagesOfReports(List.of(java.util.UUID.fromString(id))).stream()
                        .map(ReportRepository.MessageEntry::line)
                        .toList();
        assertThat(lines)
                .extracting(ReportRepository.TranscriptLine::idx)
                .containsExactly(2, 1, 3, 0);
        assertThat(lines)
                .extracting(ReportRepository.TranscriptLine::byReporter)
                .containsExactly(false, true, false, false);
        assertThat(lines.get(1).prev()).isEqualTo(m1.commitment().toBytes());
        assertThat(lines.get(0).prev()).isEmpty();
        assertThat(lines.get(3).receivedAt()).isEqualTo(h4.receivedAt());
    }

    @Test
    void aReportMissingAMiddleMessageShowsAGap() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("c");
        Opening m1 = messenger.compose(unique("m"), alice, conv, "one", List.of());
        Opening m2 =
                messenger.compose(
                        unique("m"), alice, conv, "two", List.of(), List.of(m1.commitment()));
        Opening m3 =
                messenger.compose(
                        unique("m"), alice, conv, "three", List.of(), List.of(m2.commitment()));
        // no link between m1 and m3 in the report: the platform's clock orders them
        var h1 = messenger.send(m1, bob).get(0);
        CLOCK.advance(Duration.ofSeconds(1));
        messenger.send(m2, bob);
        CLOCK.advance(Duration.ofSeconds(1));
        var h3 = messenger.send(m3, bob).get(0);
        Api.Response r = report(bob, h3, h1);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("transcript").get("gaps").asInt()).isEqualTo(1);
        assertThat(r.json().get("transcript").get("order").toString()).isEqualTo("[1,0]");
        String id = r.json().get("reportId").asString();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT gap_count FROM report_messages WHERE report_id = ?::uuid"
                                        + " AND idx = 0",
                                Integer.class,
                                id))
                .isEqualTo(1);
        assertThat(
                        api.get("/api/v2/reports/" + id, TestTokens.token(bob, "report"))
                                .json()
                                .get("transcript")
                                .get("gaps")
                                .asInt())
                .isEqualTo(1);
    }

    @Test
    void theTwentyFirstRejectedReportInAnHourIs429AndA429DoesNotCount() {
        String alice = unique("alice"), bob = unique("bob"), eve = unique("eve");
        String conv = unique("c");
        var h =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "hi", List.of()), bob)
                        .get(0);
        double rejectedBefore = metrics.counter("franking.reports.rejected").count();
        double limitedBefore = metrics.counter("franking.reports.rejected.limited").count();
        for (int i = 0; i < 20; i++) {
            assertThat(report(eve, h).status()).as("rejection " + i).isEqualTo(422);
        }
        // now even a well-formed report of eve's own is refused before it is looked at
        var own =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "to eve", List.of()), eve)
                        .get(0);
        Api.Response limited = report(eve, own);
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asString()).endsWith("/rate_limited");
        long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 3600L);
        // a malformed one too: 429 comes before the form
        assertThat(report(eve, List.of(Map.of("messageId", "x"))).status()).isEqualTo(429);
        // and so is a body the parser would refuse (§5: "before it is parsed")
        String token = TestTokens.token(eve, "report");
        for (String body : List.of("{\"category\": ", "{\"a\":1,\"a\":2}", "")) {
            Api.Response r = api.post("/api/v2/reports", token, body);
            assertThat(r.status()).as("body <" + body + ">: " + r.body()).isEqualTo(429);
        }
        // half an hour on, many more tries: all 429, and none of them counts
        CLOCK.advance(Duration.ofMinutes(30));
        for (int i = 0; i < 25; i++) {
            assertThat(report(eve, h).status()).isEqualTo(429);
        }
        assertThat(metrics.counter("franking.reports.rejected").count() - rejectedBefore)
                .isEqualTo(20);
        assertThat(metrics.counter("franking.reports.rejected.limited").count() - limitedBefore)
                .isEqualTo(30);
        // once the 20 rejections are an hour old, eve may report again: the 429s left no trace
        CLOCK.advance(Duration.ofMinutes(31));
        var later =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "again", List.of()), eve)
                        .get(0);
        assertThat(report(eve, later).status()).isEqualTo(201);
        // someone else was never affected
        assertThat(report(bob, h).status()).isEqualTo(201);
    }

    @Test
    void aRepeatIsAnswered200WithTheStoredBodyWhateverItsContext() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("c");
        var context =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "before", List.of()), bob)
                        .get(0);
        var reported =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        alice,
                                        conv,
                                        "abuse",
                                        List.of(),
                                        List.of(context.commitment())),
                                bob)
                        .get(0);
        Api.Response first = report(bob, reported, context);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long stored = reports();
        Api.Response again = report(bob, reported, context);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        Api.Response without = report(bob, reported);
        assertThat(without.status()).isEqualTo(200);
        assertThat(without.body()).isEqualTo(first.body());
        assertThat(reports()).isEqualTo(stored);
        assertThat(first.json().get("transcript").get("order").toString()).isEqualTo("[1,0]");
    }
}
