package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection to PostgreSQL is lost while the report writer commits a batch: the reports of that
 * batch may or may not have been stored, so they are answered 503 with a text that says so (never
 * 500), and sending them again is safe. The fault is injected in the real database: a deferred
 * constraint trigger, which runs inside COMMIT, terminates its own backend when one reporter's
 * report is in the batch.
 */
class CommitLossTest extends ServiceTestBase {
    private final String mallory = unique("mallory");
    private final String fn = "lose_commit_" + mallory.replace('-', '_');

    @BeforeEach
    void injectTheFault() {
        jdbc.execute(
                "CREATE FUNCTION "
                        + fn
                        + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.reporter_id = '"
                        + mallory
                        + "' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN"
                        + " NULL; END $$");
        jdbc.execute(
                "CREATE CONSTRAINT TRIGGER "
                        + fn
                        + " AFTER INSERT ON reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                        + " EXECUTE FUNCTION "
                        + fn
                        + "()");
    }

    @AfterEach
    void removeTheFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS " + fn + " ON reports");
        jdbc.execute("DROP FUNCTION IF EXISTS " + fn + "()");
    }

    private int stored(String reporter) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM reports WHERE reporter_id = ?", Integer.class, reporter);
    }

    private static void assertMayOrMayNotHaveBeenStored(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).endsWith("/overloaded");
        assertThat(r.json().get("detail").asString())
                .contains("may or may not have been stored")
                .contains("safe")
                .doesNotContain("nothing was stored");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aCommitLostWithTheConnectionAnswers503AndSendingAgainIsSafe() {
        String alice = unique("alice"), conv = unique("conv");
        var h =
                messenger
                        .send(
                                messenger.compose(unique("m"), alice, conv, "lost", List.of()),
                                mallory)
                        .get(0);
        var body = Messenger.reportJson("spam", h);

        Api.Response lost = api.post("/api/v2/reports", TestTokens.token(mallory, "report"), body);

        assertMayOrMayNotHaveBeenStored(lost);
        // here the backend died before its commit record: nothing was stored
        assertThat(stored(mallory)).isZero();
        removeTheFault();
        Api.Response again = api.post("/api/v2/reports", TestTokens.token(mallory, "report"), body);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        // and once more: the stored report, not a second one
        Api.Response repeat =
                api.post("/api/v2/reports", TestTokens.token(mallory, "report"), body);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("reportId").asString())
                .isEqualTo(again.json().get("reportId").asString());
        assertThat(stored(mallory)).isEqualTo(1);
    }

    @Test
    void everyReportOfTheLostBatchIsAnswered503NoneIs500AndTheirRetriesStoreEachOnce()
            throws Exception {
        String alice = unique("alice"), conv = unique("conv");
        List<String> reporters = new ArrayList<>();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // mallory sends three different reports among the others'
            String reporter = i % 8 == 0 ? mallory : unique("r");
            var h =
                    messenger
                            .send(
                                    messenger.compose(
                                            unique("m"), alice, conv, "m " + i, List.of()),
                                    reporter)
                            .get(0);
            reporters.add(reporter);
            bodies.add(Messenger.reportJson("spam", h));
        }

        List<Api.Response> first = sendTogether(reporters, bodies);

        List<Integer> lostOnes = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            Api.Response r = first.get(i);
            assertThat(r.status()).as(r.body()).isIn(201, 503);
            if (r.status() == 503) {
                assertMayOrMayNotHaveBeenStored(r);
                lostOnes.add(i);
            }
        }
        assertThat(lostOnes).as("mallory's reports were in lost batches").contains(0, 8, 16);
        removeTheFault();
        List<Api.Response> retries =
                sendTogether(
                        lostOnes.stream().map(reporters::get).toList(),
                        lostOnes.stream().map(bodies::get).toList());
        assertThat(retries).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201));
        // every report stored exactly once
        for (String reporter : reporters.stream().distinct().toList()) {
            assertThat(stored(reporter))
                    .as(reporter)
                    .isEqualTo((int) reporters.stream().filter(reporter::equals).count());
        }
        assertThat(
                        jdbc.queryForObject(
                                "SELECT report_count FROM cases WHERE reported_sender_id = ? AND"
                                        + " closed_at IS NULL",
                                Integer.class,
                                alice))
                .isEqualTo(24);
    }

    private List<Api.Response> sendTogether(
            List<String> reporters, List<Map<String, Object>> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<Api.Response>> fs = new ArrayList<>();
            for (int i = 0; i < reporters.size(); i++) {
                String reporter = reporters.get(i);
                Map<String, Object> body = bodies.get(i);
                fs.add(
                        pool.submit(
                                (Callable<Api.Response>)
                                        () ->
                                                api.post(
                                                        "/api/v2/reports",
                                                        TestTokens.token(reporter, "report"),
                                                        body)));
            }
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
