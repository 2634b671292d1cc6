package dev.franking.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.client.ApiProblem;
import dev.franking.client.Conversation;
import dev.franking.client.FrankingApi;
import dev.franking.client.Recipient;
import dev.franking.client.Relay;
import dev.franking.client.Reporter;
import dev.franking.client.Sender;
import dev.franking.service.Instances;
import dev.franking.service.ReportServiceApplication;
import dev.franking.service.TableCounts;
import dev.franking.service.security.JwtKeys;
import dev.franking.v2.MessageKey;
import dev.franking.v2.SubmittedMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code --demo} as a new user starts it: the embedded default with a fresh data directory, the
 * flag on the command line. The scenario runs through the reference client against the service's
 * own API, on real PostgreSQL, and must leave exactly these cases, evidence items and reports.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoScenarioTest {

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(ReportServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--reports.stamp-keys.check-interval=1h",
                        "--reports.data-dir=" + dir,
                        "--demo");
    }

    @Test
    void theDemoLeavesVerifiedCasesEvidenceAndAnUploadedAttachmentAndItsForgeryIsRejected(
            CapturedOutput output) throws Exception {
        Path dir = Path.of("target", "demo-" + UUID.randomUUID()).toAbsolutePath();
        Map<String, Long> afterFirstRun;
        try (ConfigurableApplicationContext ctx = start(dir)) {
            DemoScenario.Result r = ctx.getBean(DemoRunner.class).result();
            assertThat(r).as("the demo played").isNotNull();
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);

            // one open case per reported sender, and no other
            assertThat(
                            jdbc.queryForList(
                                    "SELECT reported_sender_id FROM cases WHERE closed_at IS NULL",
                                    String.class))
                    .containsExactlyInAnyOrderElementsOf(DemoScenario.REPORTED_SENDERS);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM cases", Integer.class))
                    .isEqualTo(3);

            // five verified reports; the reporters are the tokens' subjects
            assertThat(r.reports()).hasSize(DemoScenario.REPORTS);
            assertThat(
                            jdbc.queryForList(
                                    "SELECT reporter_id || ':' || category FROM reports",
                                    String.class))
                    .containsExactlyInAnyOrder(
                            "alice:harassment",
                            "bob:spam",
                            "carol:spam",
                            "dave:spam",
                            "erin:child_safety");
            assertThat(r.statuses().values()).containsOnly("received");

            // evidence items per case: harassment with three context messages (one the reporter's
            // own),
            // spam with one context message, child safety with one
            assertThat(itemsOf(jdbc, "mallory")).isEqualTo(4);
            assertThat(itemsOf(jdbc, "promo-bot")).isEqualTo(2);
            assertThat(itemsOf(jdbc, "oscar")).isEqualTo(2);
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT message_count FROM reports WHERE reporter_id = 'alice'",
                                    Integer.class))
                    .isEqualTo(4);
            assertThat(
                            jdbc.queryForList(
                                    "SELECT DISTINCT e.sender_id FROM evidence_items e JOIN cases c"
                                            + " ON c.id = e.case_id WHERE c.reported_sender_id ="
                                            + " 'mallory'",
                                    String.class))
                    .containsExactlyInAnyOrder("mallory", "alice");

            // the message three recipients reported is one evidence item with three distinct
            // reporters
            Map<String, Object> spam =
                    jdbc.queryForMap(
                            "SELECT count(DISTINCT e.id) AS items, count(DISTINCT r.reporter_id) AS"
                                    + " reporters FROM evidence_items e JOIN report_messages rm ON"
                                    + " rm.evidence_item_id = e.id AND rm.idx = 0 JOIN reports r ON"
                                    + " r.id = rm.report_id WHERE e.sender_id = 'promo-bot'");
            assertThat(((Number) spam.get("items")).intValue()).isEqualTo(1);
            assertThat(((Number) spam.get("reporters")).intValue())
                    .isEqualTo(DemoScenario.SPAM_REPORTERS.size());

            // its image was uploaded (checked against the commitment), encrypted; the unreported
            // photo never reached the service
            Map<String, Object> att =
                    jdbc.queryForMap(
                            "SELECT a.content_type, a.blob_enc IS NOT NULL AS uploaded,"
                                    + " a.uploaded_by, e.sender_id FROM evidence_attachments a JOIN"
                                    + " evidence_items e ON e.id = a.evidence_item_id");
            assertThat(att)
                    .containsEntry("content_type", "image/png")
                    .containsEntry("uploaded", true)
                    .containsEntry("uploaded_by", "bob")
                    .containsEntry("sender_id", "promo-bot");
            assertThat(r.attachmentsUploaded()).isEqualTo(1);

            // the forgery was rejected with the failed check, and nothing of it is stored
            assertThat(r.forgeryStatus()).isEqualTo(422);
            assertThat(r.forgeryCode()).isEqualTo("bad_stamp");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM reports WHERE reporter_id = 'dave'",
                                    Integer.class))
                    .isEqualTo(1);
            assertThat(r.dropped()).isZero();

            // and once more by hand, with every table counted before and after
            Map<String, Long> before = TableCounts.of(jdbc);
            assertForgeryRejectedWithoutWrites(ctx, dir, jdbc, before);
            afterFirstRun = TableCounts.of(jdbc);
        }

        // the log says what happened, without any message text
        assertThat(output.getOut())
                .contains("rejected: 422 bad_stamp")
                .contains("/review")
                .contains("'demo-moderator' with password '")
                .doesNotContain("[demo")
                .doesNotContain("Bearer");

        // played once per data directory: a restart with the flag changes nothing
        try (ConfigurableApplicationContext again = start(dir)) {
            assertThat(again.getBean(DemoRunner.class).result()).isNull();
            // except the demo accounts' fresh passwords, which are audited
            Map<String, Long> now =
                    new java.util.HashMap<>(TableCounts.of(again.getBean(JdbcTemplate.class)));
            Map<String, Long> expected = new java.util.HashMap<>(afterFirstRun);
            assertThat(now.remove("audit_log") - expected.remove("audit_log")).isEqualTo(2);
            assertThat(now).isEqualTo(expected);
        }
        assertThat(output.getOut()).contains("Demo: already played into");
        assertThat(Files.exists(dir.resolve("demo/played"))).isTrue();
    }

    private static int itemsOf(JdbcTemplate jdbc, String sender) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM evidence_items e JOIN cases c ON c.id = e.case_id "
                        + "WHERE c.reported_sender_id = ? AND c.closed_at IS NULL",
                Integer.class,
                sender);
    }

    /**
     * A message relayed and received through the client, then reported with other text than was
     * sent.
     */
    private static void assertForgeryRejectedWithoutWrites(
            ConfigurableApplicationContext ctx,
            Path dir,
            JdbcTemplate jdbc,
            Map<String, Long> before)
            throws Exception {
        KeyPair keys = JwtKeys.loadOrCreate(dir.resolve("jwt"));
        FrankingApi api = new FrankingApi(URI.create("http://localhost:" + Instances.port(ctx)));
        Relay relay =
                new Relay(
                        api,
                        JwtKeys.mint(
                                keys, "relay-t", "stamp", Duration.ofMinutes(5), Instant.now()));
        Conversation c = new Conversation("dm:x:y", List.of("x", "y"), MessageKey.generate());
        Sender.Outgoing out = new Sender("x", Clock.systemUTC()).text(c, "hello");
        Recipient y = new Recipient("y");
        Recipient.Held held = y.receive(relay.relay("x", out.toRelay()).get(0), c).orElseThrow();
        SubmittedMessage g = SubmittedMessage.of(held.opening(), held.recipientId(), held.stamp());
        SubmittedMessage forged =
                new SubmittedMessage(
                        g.messageId(),
                        g.senderId(),
                        g.recipientId(),
                        g.conversationId(),
                        g.sentAt(),
                        g.prev(),
                        g.contentType(),
                        dev.franking.v2.B64.encode(
                                "something else".getBytes(StandardCharsets.UTF_8)),
                        g.attachments(),
                        g.frankingKey(),
                        g.stamp());
        Reporter reporter =
                new Reporter(
                        api,
                        () ->
                                JwtKeys.mint(
                                        keys, "y", "report", Duration.ofMinutes(5), Instant.now()));
        try {
            reporter.submit("harassment", null, List.of(forged));
            throw new AssertionError("the forgery was accepted");
        } catch (ApiProblem p) {
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.code()).isEqualTo("bad_stamp");
            assertThat(p.failures())
                    .singleElement()
                    .satisfies(
                            f -> {
                                assertThat(f.index()).isZero();
                                assertThat(f.code()).isEqualTo("bad_stamp");
                            });
        }
        // nothing of the forged report is stored; v2 (§5) counts the rejection against its reporter
        Map<String, Long> expected = new java.util.HashMap<>(before);
        expected.merge("report_rejections", 1L, Long::sum);
        assertThat(TableCounts.of(jdbc)).isEqualTo(expected);
        // the genuine message, reported as it was sent, verifies
        assertThat(reporter.report("harassment", null, held, List.of()).reportId()).isNotBlank();
    }
}
