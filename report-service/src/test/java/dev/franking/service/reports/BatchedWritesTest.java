package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TableCounts;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Reports arriving together are written together (one transaction a batch): what each report's own
 * transaction used to guarantee must still hold for every report of a batch.
 */
class BatchedWritesTest extends ServiceTestBase {
    @Autowired MeterRegistry metrics;
    @Autowired ApplicationContext context;

    private record Sent(String reporter, int status, String reportId, String type) {}

    /** Sends every report at once from many threads, so that they meet in the writer's queue. */
    private List<Sent> sendTogether(List<Map.Entry<String, Map<String, Object>>> reports)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Sent>> fs = new ArrayList<>();
            for (var r : reports) {
                fs.add(
                        pool.submit(
                                (Callable<Sent>)
                                        () -> {
                                            Api.Response resp =
                                                    api.post(
                                                            "/api/v2/reports",
                                                            TestTokens.token(r.getKey(), "report"),
                                                            r.getValue());
                                            var json = resp.json();
                                            return new Sent(
                                                    r.getKey(),
                                                    resp.status(),
                                                    json.has("reportId")
                                                            ? json.get("reportId").asString()
                                                            : null,
                                                    json.has("type")
                                                            ? json.get("type").asString()
                                                            : null);
                                        }));
            }
            List<Sent> out = new ArrayList<>();
            for (Future<Sent> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private long batchesOfMoreThanOne() {
        DistributionSummary s = metrics.find("franking.reports.batch.size").summary();
        return s == null ? 0 : (long) s.max();
    }

    @Test
    void manyReportsAtOnceKeepEveryInvariant() throws Exception {
        // 3 senders, 12 recipients; some messages go to several recipients who all report them;
        // every report once, some twice (the second is the same report again)
        String conv = unique("conv");
        List<String> senders = List.of(unique("s0"), unique("s1"), unique("s2"));
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            recipients.add(unique("r" + i));
        }
        byte[] file = "attachment bytes".getBytes();
        var att =
                new AttachmentDescriptor(
                        "text/plain",
                        file.length,
                        MessageDigest.getInstance("SHA-256").digest(file));
        List<Map.Entry<String, Map<String, Object>>> reports = new ArrayList<>();
        int expectedReports = 0;
        for (int m = 0; m < 30; m++) {
            String sender = senders.get(m % 3);
            // messages 0..9 go to three recipients each (the same message reported three times: one
            // evidence item)
            List<String> to =
                    m < 10
                            ? List.of(
                                    recipients.get(m % 12),
                                    recipients.get((m + 1) % 12),
                                    recipients.get((m + 2) % 12))
                            : List.of(recipients.get(m % 12));
            var held =
                    messenger.send(
                            messenger.compose(
                                    unique("m"),
                                    sender,
                                    conv,
                                    "message " + m,
                                    m % 4 == 0 ? List.of(att) : List.of()),
                            to.toArray(String[]::new));
            for (var h : held) {
                var json = Messenger.reportJson(m % 2 == 0 ? "spam" : "harassment", h);
                reports.add(Map.entry(h.recipientId(), json));
                expectedReports++;
                if (m % 5 == 0) {
                    reports.add(Map.entry(h.recipientId(), json));
                }
            }
        }
        java.util.Collections.shuffle(reports, new java.util.Random(7));

        List<Sent> sent = sendTogether(reports);

        assertThat(sent).allSatisfy(s -> assertThat(s.status()).as(s.type()).isIn(200, 201));
        assertThat(sent.stream().filter(s -> s.status() == 201).count()).isEqualTo(expectedReports);
        // the same report again got the first one's id
        Set<String> ids = new HashSet<>();
        sent.forEach(s -> ids.add(s.reportId()));
        assertThat(ids).hasSize(expectedReports);
        assertThat(batchesOfMoreThanOne())
                .as("reports sent together were written in batches")
                .isGreaterThan(1);

        String in =
                "(" + String.join(",", recipients.stream().map(r -> "'" + r + "'").toList()) + ")";
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE reporter_id IN " + in,
                                Integer.class))
                .isEqualTo(expectedReports);
        // one open case per sender, one evidence item per message, the attachments of each item
        // once
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM cases WHERE reported_sender_id IN (?, ?, ?)",
                                Integer.class,
                                senders.toArray()))
                .isEqualTo(3);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM evidence_items e JOIN cases c ON c.id ="
                                        + " e.case_id WHERE c.reported_sender_id IN (?, ?, ?)",
                                Integer.class,
                                senders.toArray()))
                .isEqualTo(30);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM evidence_attachments a JOIN evidence_items e"
                                        + " ON e.id = a.evidence_item_id JOIN cases c ON c.id ="
                                        + " e.case_id WHERE c.reported_sender_id IN (?, ?, ?)",
                                Integer.class,
                                senders.toArray()))
                .isEqualTo(8);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM report_messages rm JOIN reports r ON r.id ="
                                        + " rm.report_id WHERE r.reporter_id IN "
                                        + in,
                                Integer.class))
                .isEqualTo(expectedReports);
        // the queue keys kept on each case equal what the rows say
        var drift =
                jdbc.queryForList(
                        "SELECT c.reported_sender_id FROM cases c WHERE c.reported_sender_id IN (?,"
                            + " ?, ?) AND (c.report_count <> (SELECT count(*) FROM reports r WHERE"
                            + " r.case_id = c.id) OR c.distinct_reporters <> (SELECT count(DISTINCT"
                            + " reporter_id) FROM reports r WHERE r.case_id = c.id) OR c.severity"
                            + " IS DISTINCT FROM (SELECT min(CASE r.category WHEN 'harassment' THEN"
                            + " 4 ELSE 8 END) FROM reports r WHERE r.case_id = c.id) OR"
                            + " c.top_category IS DISTINCT FROM CASE c.severity WHEN 4 THEN"
                            + " 'harassment' ELSE 'spam' END)",
                        String.class,
                        senders.toArray());
        assertThat(drift).isEmpty();
        // distinct reporters: message m<10 went to three recipients, so every case has several
        assertThat(
                        jdbc.queryForList(
                                "SELECT distinct_reporters FROM cases WHERE reported_sender_id IN"
                                        + " (?, ?, ?)",
                                Integer.class,
                                senders.toArray()))
                .allSatisfy(n -> assertThat(n).isGreaterThan(1));
    }

    @Test
    void theRateLimitIsExactWhenOneReporterSendsManyAtOnce() throws Exception {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        List<Map.Entry<String, Map<String, Object>>> reports = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            var h =
                    messenger
                            .send(
                                    messenger.compose(
                                            unique("m"), alice, conv, "spam " + i, List.of()),
                                    bob)
                            .get(0);
            reports.add(Map.entry(bob, Messenger.reportJson("spam", h)));
        }
        List<Sent> sent = sendTogether(reports);
        assertThat(sent.stream().filter(s -> s.status() == 201).count()).isEqualTo(20);
        assertThat(sent.stream().filter(s -> s.status() == 429))
                .hasSize(10)
                .allSatisfy(s -> assertThat(s.type()).endsWith("/rate_limited"));
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE reporter_id = ?",
                                Integer.class,
                                bob))
                .isEqualTo(20);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT report_count FROM cases WHERE reported_sender_id = ? AND"
                                        + " closed_at IS NULL",
                                Integer.class,
                                alice))
                .isEqualTo(20);
    }

    @Test
    void theSameReportManyTimesAtOnceIsStoredOnce() throws Exception {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        var h =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "once", List.of()), bob)
                        .get(0);
        List<Map.Entry<String, Map<String, Object>>> reports = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            reports.add(Map.entry(bob, Messenger.reportJson("spam", h)));
        }
        List<Sent> sent = sendTogether(reports);
        assertThat(sent.stream().filter(s -> s.status() == 201)).hasSize(1);
        assertThat(sent.stream().filter(s -> s.status() == 200)).hasSize(11);
        assertThat(sent.stream().map(Sent::reportId).distinct()).hasSize(1);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE reporter_id = ?",
                                Integer.class,
                                bob))
                .isEqualTo(1);
    }

    @Test
    void aReportTheDatabaseRefusesFailsAloneNotItsBatch() throws Exception {
        // fault injection in the real database: inserting mallory's reports raises an error
        String alice = unique("alice"), mallory = unique("mallory"), conv = unique("conv");
        String fn = "fail_" + mallory.replace('-', '_');
        jdbc.execute(
                "CREATE FUNCTION "
                        + fn
                        + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "IF NEW.reporter_id = '"
                        + mallory
                        + "' THEN RAISE EXCEPTION 'injected'; END IF; RETURN NEW; END $$");
        jdbc.execute(
                "CREATE TRIGGER "
                        + fn
                        + " BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION "
                        + fn
                        + "()");
        try {
            List<String> others = new ArrayList<>();
            List<Map.Entry<String, Map<String, Object>>> reports = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String reporter = i % 6 == 0 ? mallory : unique("r");
                if (!reporter.equals(mallory)) {
                    others.add(reporter);
                }
                var h =
                        messenger
                                .send(
                                        messenger.compose(
                                                unique("m"), alice, conv, "m " + i, List.of()),
                                        reporter)
                                .get(0);
                reports.add(Map.entry(reporter, Messenger.reportJson("spam", h)));
            }
            List<Sent> sent = sendTogether(reports);
            assertThat(sent.stream().filter(s -> s.reporter().equals(mallory)))
                    .hasSize(4)
                    .allSatisfy(s -> assertThat(s.status()).isEqualTo(500));
            assertThat(sent.stream().filter(s -> !s.reporter().equals(mallory)))
                    .hasSize(20)
                    .allSatisfy(s -> assertThat(s.status()).isEqualTo(201));
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT report_count FROM cases WHERE reported_sender_id = ?"
                                            + " AND closed_at IS NULL",
                                    Integer.class,
                                    alice))
                    .isEqualTo(20);
            // nothing of mallory's reports was half-written
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM evidence_items e JOIN cases c ON c.id ="
                                            + " e.case_id WHERE c.reported_sender_id = ?",
                                    Integer.class,
                                    alice))
                    .isEqualTo(20);
        } finally {
            jdbc.execute("DROP TRIGGER " + fn + " ON reports");
            jdbc.execute("DROP FUNCTION " + fn + "()");
        }
    }

    @Test
    void whenTheWriterCannotTakeReportsTheAnswerIs503AndNothingIsWritten() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        var h =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "later", List.of()), bob)
                        .get(0);
        SmartLifecycle writer = (SmartLifecycle) context.getBean("reportWriter");
        var before = TableCounts.of(jdbc);
        writer.stop();
        try {
            Api.Response r =
                    api.post(
                            "/api/v2/reports",
                            TestTokens.token(bob, "report"),
                            Messenger.reportJson("spam", h));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("type").asString()).endsWith("/overloaded");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(TableCounts.of(jdbc)).isEqualTo(before);
        } finally {
            writer.start();
        }
        assertThat(
                        api.post(
                                        "/api/v2/reports",
                                        TestTokens.token(bob, "report"),
                                        Messenger.reportJson("spam", h))
                                .status())
                .isEqualTo(201);
    }
}
