package dev.franking.service.appeals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Appeals over HTTP on real PostgreSQL (PROTOCOL.md §7): both endpoints' happy paths, and every
 * refusal in §7's order, each of which changes nothing.
 */
class AppealsApiTest extends ServiceTestBase {
    @Autowired ReviewPorts.Actions actions;
    @Autowired dev.franking.service.outbox.Outbox outbox;

    static final Reviewer MOD = new Reviewer("appeal-mod-1", EnumSet.of(Role.MODERATOR));
    static final String PLATFORM = TestTokens.token("platform-backend", "platform");

    private Reported report() {
        return Reported.spam(messenger, api, jdbc, "spam");
    }

    private void decide(Reported r, Views.Decision d) {
        actions.claim(r.caseId(), MOD);
        actions.decide(r.caseId(), d, new Views.StatementOfReasons("ToS 4.2", "spam", false), MOD);
    }

    private String actionOf(Reported r) {
        return jdbc.queryForObject(
                "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                        + " 'platform_action.queued' ORDER BY seq DESC LIMIT 1",
                String.class,
                r.caseId());
    }

    private int appeals() {
        return jdbc.queryForObject("SELECT count(*) FROM appeals", Integer.class);
    }

    private static void problem(Api.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.contentType()).startsWith("application/problem+json");
        assertThat(res.json().get("code").asString()).isEqualTo(code);
    }

    private Api.Response byReporter(Reported r, String token, Object body) {
        return api.post("/api/v2/reports/" + r.reportId() + "/appeals", token, body);
    }

    /** Leaves no event of this test queued for other tests' platforms. */
    @AfterEach
    void drain() throws Exception {
        dev.franking.service.outbox.Drain.platformEvents(outbox, CLOCK);
    }

    @Test
    void theReporterAppealsAndSeesTheAppealOnTheirReport() {
        Reported r = report();
        decide(r, Views.Decision.DISMISS);
        String words = unique("words");
        Api.Response res = byReporter(r, r.token(), Map.of("statement", "It was " + words));
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        String appealId = res.json().get("appealId").asString();

        Api.Response status = api.get("/api/v2/reports/" + r.reportId(), r.token());
        assertThat(status.status()).isEqualTo(200);
        var appeal = status.json().get("appeal");
        assertThat(appeal.get("appealId").asString()).isEqualTo(appealId);
        assertThat(appeal.get("status").asString()).isEqualTo("open");
        assertThat(appeal.get("decidedAt").isNull()).isTrue();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'appeal.filed' AND subject = ?",
                                Integer.class,
                                r.caseId(),
                                appealId))
                .isEqualTo(1);
        // the statement is sealed under the case's key: not in the appeals row as plaintext
        assertThat(
                        jdbc.queryForObject(
                                "SELECT position(convert_to(?, 'UTF8') IN statement_enc) FROM"
                                        + " appeals WHERE id = ?::uuid",
                                Integer.class,
                                words,
                                appealId))
                .isZero();
        // the statement is not in the audit trail
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE detail LIKE ? OR subject LIKE"
                                        + " ?",
                                Integer.class,
                                "%" + words + "%",
                                "%" + words + "%"))
                .isZero();
    }

    @Test
    void aReporterAppealIsRefusedInSection7sOrder() {
        Reported r = report();
        String other = TestTokens.token(unique("mallory"), "report");
        int before = appeals();

        // 413 before anything else, even for someone else's report
        problem(byReporter(r, other, Map.of("statement", "x".repeat(17 * 1024))), 413, "too_large");
        // 404: another reporter's report (not revealed) and an unknown or malformed id
        problem(byReporter(r, other, Map.of("statement", "")), 404, "not_found");
        problem(
                api.post(
                        "/api/v2/reports/" + UUID.randomUUID() + "/appeals",
                        r.token(),
                        Map.of("statement", "x")),
                404,
                "not_found");
        problem(
                api.post("/api/v2/reports/nope/appeals", r.token(), Map.of("statement", "x")),
                404,
                "not_found");
        // 400: the statement, before whether there is a decision
        problem(byReporter(r, r.token(), Map.of("statement", "")), 400, "invalid_statement");
        problem(byReporter(r, r.token(), Map.of("statement", "   ")), 400, "invalid_statement");
        problem(
                byReporter(r, r.token(), Map.of("statement", "x".repeat(2001))),
                400,
                "invalid_statement");
        problem(byReporter(r, r.token(), "{}"), 400, "invalid_statement");
        // 409: not decided yet
        problem(byReporter(r, r.token(), Map.of("statement", "x")), 409, "not_decided");
        // 403: the platform's scope may not appeal for a reporter
        problem(byReporter(r, PLATFORM, Map.of("statement", "x")), 403, "insufficient_scope");
        assertThat(appeals()).isEqualTo(before);

        decide(r, Views.Decision.DISMISS);
        // exactly 2,000 characters (code points) is allowed
        String longest = "é".repeat(1000) + "😀".repeat(1000);
        assertThat(byReporter(r, r.token(), Map.of("statement", longest)).status()).isEqualTo(201);
        // 409: an appeal is open
        problem(byReporter(r, r.token(), Map.of("statement", "again")), 409, "appeal_open");
        assertThat(appeals()).isEqualTo(before + 1);
    }

    @Test
    void aDecisionOlderThanSixMonthsCannotBeAppealed() {
        Reported r = report();
        decide(r, Views.Decision.WARN);
        // the decision as if made seven months ago
        jdbc.update(
                "UPDATE cases SET decided_at = decided_at - interval '7 months' WHERE id = ?",
                r.caseId());
        problem(byReporter(r, r.token(), Map.of("statement", "late")), 409, "appeal_window_closed");
        problem(
                api.post(
                        "/api/v2/actions/" + actionOf(r) + "/appeals",
                        PLATFORM,
                        Map.of("userId", r.sender(), "statement", "late")),
                409,
                "appeal_window_closed");
        // five months ago is still within the window
        jdbc.update(
                "UPDATE cases SET decided_at = decided_at + interval '2 months' WHERE id = ?",
                r.caseId());
        assertThat(byReporter(r, r.token(), Map.of("statement", "in time")).status())
                .isEqualTo(201);
    }

    @Test
    void thePlatformAppealsForTheUserTheActionWasTakenAgainst() {
        Reported r = report();
        decide(r, Views.Decision.SUSPEND);
        String action = actionOf(r);
        String path = "/api/v2/actions/" + action + "/appeals";
        int before = appeals();

        problem(
                api.post(
                        path,
                        PLATFORM,
                        Map.of("userId", r.sender(), "statement", "x".repeat(17 * 1024))),
                413,
                "too_large");
        problem(
                api.post(
                        "/api/v2/actions/" + UUID.randomUUID() + "/appeals",
                        PLATFORM,
                        Map.of("userId", r.sender(), "statement", "x")),
                404,
                "not_found");
        problem(
                api.post(path, PLATFORM, Map.of("userId", r.sender(), "statement", "")),
                400,
                "invalid_statement");
        problem(
                api.post(path, PLATFORM, Map.of("userId", "someone-else", "statement", "x")),
                400,
                "user_mismatch");
        problem(
                api.post(path, r.token(), Map.of("userId", r.sender(), "statement", "x")),
                403,
                "insufficient_scope");
        assertThat(appeals()).isEqualTo(before);

        Api.Response ok =
                api.post(path, PLATFORM, Map.of("userId", r.sender(), "statement", "Not spam."));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("appealId").asString()).isNotBlank();
        problem(
                api.post(path, PLATFORM, Map.of("userId", r.sender(), "statement", "again")),
                409,
                "appeal_open");
        // the reporter's own appeal of the same decision is separate
        assertThat(byReporter(r, r.token(), Map.of("statement", "too lenient")).status())
                .isEqualTo(201);
        assertThat(appeals()).isEqualTo(before + 2);
    }

    @Test
    void anActionWithdrawnByReopeningCannotBeAppealed() {
        Reported r = report();
        decide(r, Views.Decision.RESTRICT);
        String action = actionOf(r);
        actions.reopen(r.caseId(), "wrong account", MOD);
        problem(
                api.post(
                        "/api/v2/actions/" + action + "/appeals",
                        PLATFORM,
                        Map.of("userId", r.sender(), "statement", "x")),
                409,
                "not_decided");
    }
}
