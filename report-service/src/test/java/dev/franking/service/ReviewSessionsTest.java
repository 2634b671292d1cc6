package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.review.model.Views.OriginalHold;
import dev.franking.review.model.Views.RevealGrant;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.v2.AttachmentDescriptor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The review UI's sessions and audited views over real HTTP and real PostgreSQL, as a browser
 * without script uses them (issue 14): a comment shown by one audited POST and then by
 * post/redirect/get (a refresh, the back button and the POST's address by GET write no second
 * {@code comment.viewed} row and never answer 405); a password reset ends the account's other
 * sessions at their next request while the resetting admin's own session stays; a "view original"
 * held by its audit row (the hold is in the database, not in one instance's memory) for its person
 * and five minutes.
 */
class ReviewSessionsTest extends ServiceTestBase {
    static final String PASSWORD = "correct horse battery staple";

    @Autowired ModeratorService moderators;

    /** One browser: its own cookies (its session), no redirects followed, no script. */
    final class Session extends FormSession {
        Session() {
            super(port);
        }

        @Override
        public Session signIn(String username, String password) throws Exception {
            super.signIn(username, password);
            assertThat(get("/review/queue").statusCode()).isEqualTo(200);
            return this;
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static String location(HttpResponse<?> r) {
        return FormSession.location(r);
    }

    private String moderator(String prefix, Role role) {
        String name = unique(prefix);
        moderators.create(name, EnumSet.of(role), PASSWORD, "test");
        return name;
    }

    private int rows(UUID caseId, String event) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event = ?",
                Integer.class,
                caseId,
                event);
    }

    record Reported(UUID caseId, UUID reportId, UUID itemId) {}

    private Reported report(String comment, byte[] attachment) {
        String alice = unique("alice"), bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        alice,
                                        unique("c"),
                                        "you will regret this",
                                        attachment == null
                                                ? List.of()
                                                : List.of(
                                                        AttachmentDescriptor.of(
                                                                "image/png", attachment))),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response created =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                "harassment", comment, List.of(Messenger.messageJson(held))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID reportId = UUID.fromString(created.json().get("reportId").asString());
        if (attachment != null) {
            // the file itself follows the report (PROTOCOL.md: attachments are uploaded apart)
            assertThat(
                            api.put(
                                            "/api/v2/reports/"
                                                    + reportId
                                                    + "/messages/0/attachments/0",
                                            token,
                                            attachment)
                                    .status())
                    .isEqualTo(204);
        }
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?", UUID.class, reportId);
        UUID itemId =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ? AND"
                                + " idx = 0",
                        UUID.class,
                        reportId);
        return new Reported(caseId, reportId, itemId);
    }

    @Test
    void aCommentIsOneAuditedPostAndRefreshBackAndItsAddressWriteNoOtherRow() throws Exception {
        String comment = "he knows where I live " + UUID.randomUUID();
        Reported r = report(comment, null);
        String casePage = "/review/cases/" + r.caseId();
        String commentAddress = casePage + "/reports/" + r.reportId() + "/comment";
        Session mod = new Session().signIn(moderator("cmt-mod", Role.MODERATOR), PASSWORD);

        assertThat(mod.get(casePage).body()).doesNotContain(comment).contains(commentAddress);
        HttpResponse<String> posted = mod.post(commentAddress, Map.of());
        assertThat(location(posted)).endsWith(casePage);
        assertThat(posted.body()).doesNotContain(comment);
        assertThat(rows(r.caseId(), "comment.viewed")).isEqualTo(1);

        // the redirected page and every refresh show it under the session's grant
        for (int refresh = 0; refresh < 3; refresh++) {
            HttpResponse<String> page = mod.get(casePage);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(comment).doesNotContain(commentAddress);
        }
        // the back button or a restored tab asking for the POST's address: the case, never a 405
        HttpResponse<String> byGet = mod.get(commentAddress);
        assertThat(byGet.statusCode()).isNotEqualTo(405);
        assertThat(location(byGet)).endsWith(casePage);
        assertThat(mod.get(casePage).body()).contains(comment);
        assertThat(rows(r.caseId(), "comment.viewed")).as("one row in all").isEqualTo(1);

        // the grant stands on that reviewer's own row: another moderator sees only the button
        Session other = new Session().signIn(moderator("cmt-mod2", Role.MODERATOR), PASSWORD);
        assertThat(other.get(casePage).body()).doesNotContain(comment).contains(commentAddress);

        // and on the row's age: after the grant's lifetime the page offers the comment again
        CLOCK.advance(RevealGrant.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(mod.get(casePage).body()).doesNotContain(comment).contains(commentAddress);
        assertThat(rows(r.caseId(), "comment.viewed")).isEqualTo(1);
    }

    /**
     * Issue 14: a bulk decision over ticked cases decides each case on its own, through the same
     * port as a single decision: each is claimed and decided with its own audit rows, and a case
     * someone else holds is refused alone, changing nothing.
     */
    @Test
    void aBulkDecisionClaimsAndDecidesEachCaseWithItsOwnAuditRows() throws Exception {
        String mod = moderator("bulk-mod", Role.MODERATOR);
        String other = moderator("bulk-other", Role.MODERATOR);
        Reported a = report(null, null), b = report(null, null), held = report(null, null);
        Session others = new Session().signIn(other, PASSWORD);
        others.get("/review/cases/" + held.caseId());
        location(others.post("/review/cases/" + held.caseId() + "/claim", Map.of()));

        Session mine = new Session().signIn(mod, PASSWORD);
        HttpResponse<String> r =
                mine.post(
                        "/review/bulk",
                        List.of(
                                Map.entry("caseIds", a.caseId().toString()),
                                Map.entry("caseIds", b.caseId().toString()),
                                Map.entry("caseIds", held.caseId().toString()),
                                Map.entry("decision", "DISMISS"),
                                Map.entry("ground", "Not a violation of the terms"),
                                Map.entry("facts", "Banter between friends, both sides")));
        assertThat(location(r)).endsWith("/review/queue");
        for (Reported decided : List.of(a, b)) {
            assertThat(
                            jdbc.queryForList(
                                    "SELECT event FROM audit_log WHERE case_id = ? AND actor = ?"
                                            + " ORDER BY seq",
                                    String.class,
                                    decided.caseId(),
                                    mod))
                    .as("each case its own rows")
                    .containsExactly("case.claimed", "case.decided");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT decision FROM cases WHERE id = ?",
                                    String.class,
                                    decided.caseId()))
                    .isEqualTo("dismiss");
        }
        // the case another moderator holds: refused (the refusal audited), not decided
        assertThat(
                        jdbc.queryForObject(
                                "SELECT decision FROM cases WHERE id = ?",
                                String.class,
                                held.caseId()))
                .isNull();
        assertThat(
                        jdbc.queryForList(
                                "SELECT event FROM audit_log WHERE case_id = ? AND actor = ?",
                                String.class,
                                held.caseId(),
                                mod))
                .doesNotContain("case.claimed", "case.decided");
        // the queue page after the redirect names what was decided and what was refused
        String queue = mine.get("/review/queue").body();
        assertThat(queue).contains("Dismissed 2:").contains("Not decided (1):");
        for (Reported x : List.of(a, b, held)) {
            assertThat(queue)
                    .contains(
                            jdbc.queryForObject(
                                    "SELECT reported_sender_id FROM cases WHERE id = ?",
                                    String.class,
                                    x.caseId()));
        }
    }

    @Test
    void aPasswordResetEndsTheAccountsOtherSessionsAndKeepsTheResettingAdmins() throws Exception {
        String mod = moderator("pw-mod", Role.MODERATOR);
        String admin = moderator("pw-admin", Role.ADMIN);
        Session mod1 = new Session().signIn(mod, PASSWORD);
        Session mod2 = new Session().signIn(mod, PASSWORD);
        Session admin1 = new Session().signIn(admin, PASSWORD);
        Session admin2 = new Session().signIn(admin, PASSWORD);

        reset(admin1, mod);
        for (Session ended : List.of(mod1, mod2)) {
            assertThat(location(ended.get("/review/queue"))).endsWith("/review/login?ended");
            // signed out for good: the next request is asked to sign in
            assertThat(location(ended.get("/review/queue"))).endsWith("/review/login");
        }
        assertThat(admin1.get("/review/admin/moderators").statusCode()).isEqualTo(200);
        assertThat(admin2.get("/review/queue").statusCode()).isEqualTo(200);

        // an admin resetting their own password: the other session ends, this one stays
        reset(admin1, admin);
        assertThat(admin1.get("/review/admin/moderators").statusCode()).isEqualTo(200);
        assertThat(location(admin2.get("/review/queue"))).endsWith("/review/login?ended");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE event ="
                                        + " 'moderator.password_reset' AND subject IN (?, ?)",
                                Integer.class,
                                mod,
                                admin))
                .isEqualTo(2);
    }

    private void reset(Session by, String username) throws Exception {
        by.get("/review/admin/moderators");
        long version =
                jdbc.queryForObject(
                        "SELECT version FROM moderators WHERE username = ?", Long.class, username);
        HttpResponse<String> r =
                by.post(
                        "/review/admin/moderators/" + username + "/password",
                        Map.of("version", Long.toString(version), "reason", "shoulder-surfed"));
        assertThat(location(r)).endsWith("/review/admin/moderators");
        // the one-time password is shown on the page after the redirect
        assertThat(by.get("/review/admin/moderators").body()).contains("id=\"new-password\"");
    }

    @Test
    void aViewOfTheOriginalIsHeldByItsAuditRowForItsPersonAndFiveMinutes() throws Exception {
        byte[] image = ("stand-in image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Reported r = report(null, image);
        String base = "/review/cases/" + r.caseId() + "/items/" + r.itemId() + "/attachments/0";
        String mod = moderator("orig-mod", Role.MODERATOR);
        Session mine = new Session().signIn(mod, PASSWORD);
        mine.get("/review/cases/" + r.caseId());
        String to = location(mine.post(base + "/original", Map.of()));
        assertThat(to).contains(base + "/original?grant=");
        String grant = to.substring(to.indexOf("grant=") + 6);
        assertThat(rows(r.caseId(), "attachment.original_viewed")).isEqualTo(1);
        // the row names the hold by a digest, never the token that opens it
        String detail =
                jdbc.queryForObject(
                        "SELECT detail FROM audit_log WHERE case_id = ? AND event ="
                                + " 'attachment.original_viewed'",
                        String.class,
                        r.caseId());
        assertThat(detail).matches("hold=[0-9a-f]{32}").doesNotContain(grant);

        for (int refresh = 0; refresh < 2; refresh++) {
            assertThat(mine.get(base + "/original?grant=" + grant).body())
                    .contains("/original/image?grant=" + grant);
            assertThat(mine.get(base + "/original/image?grant=" + grant).statusCode())
                    .isEqualTo(200);
        }
        // a second session of the same person, as a request landing on an instance that never
        // saw the POST would be: the hold is in the audit log, so it is shown there too
        Session elsewhere = new Session().signIn(mod, PASSWORD);
        assertThat(elsewhere.get(base + "/original?grant=" + grant).body())
                .contains("/original/image?grant=" + grant);
        // colour: the second audited step; then the original bytes themselves (a download here,
        // since these bytes are no image the server can render)
        assertThat(location(mine.post(base + "/original/colour", Map.of("grant", grant))))
                .endsWith(base + "/original?grant=" + grant);
        assertThat(rows(r.caseId(), "attachment.original_viewed")).isEqualTo(2);
        HttpResponse<byte[]> file =
                mine.http.send(
                        HttpRequest.newBuilder(uri(base + "/original/file?grant=" + grant)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(image);
        assertThat(rows(r.caseId(), "attachment.original_viewed"))
                .as("refreshes and downloads under the hold write nothing")
                .isEqualTo(2);

        // personal: another moderator with the address is offered a view of their own
        Session other = new Session().signIn(moderator("orig-mod2", Role.MODERATOR), PASSWORD);
        assertThat(other.get(base + "/original?grant=" + grant).body())
                .doesNotContain("/original/image?grant=");
        assertThat(other.get(base + "/original/image?grant=" + grant).statusCode()).isEqualTo(404);

        // five minutes after the newest view under it, the hold ends
        CLOCK.advance(OriginalHold.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(mine.get(base + "/original?grant=" + grant).body())
                .doesNotContain("/original/image?grant=");
        assertThat(mine.get(base + "/original/file?grant=" + grant).statusCode()).isEqualTo(404);
        assertThat(rows(r.caseId(), "attachment.original_viewed")).isEqualTo(2);
    }
}
