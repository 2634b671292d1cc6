package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.service.moderators.ModeratorService;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Issue 15: what a moderator page asks of the database, counted in round trips (statements,
 * commits) on the request's thread. At full size every statement of these pages is an index range
 * (LargeQueueTest, LargeCasePageTest); what is left of a page's cost is a fixed part per request,
 * and that part is these round trips: the session's account check, the navigation's counts, the
 * page's own reads. Each page has a budget; a page that comes to read per row (its count grows with
 * the rows shown) or a navigation count that comes back as a transaction of its own fails here,
 * long before a benchmark would show it.
 */
@Import(StatementCounter.Config.class)
class PageStatementsTest extends ServiceTestBase {
    private static final String PASSWORD = "correct horse battery staple";

    @Autowired ModeratorService moderators;

    /** One browser: its own cookies, no redirects followed. */
    final class Session extends FormSession {
        Session() {
            super(port);
        }

        Session signIn(String username) throws Exception {
            get("/review/login");
            HttpResponse<String> r =
                    post("/review/login", Map.of("username", username, "password", PASSWORD));
            assertThat(r.headers().firstValue("Location").orElse(""))
                    .as("signed in")
                    .endsWith("/review");
            return this;
        }

        /** The page's round trips, on the request's thread, after one request to warm it up. */
        List<StatementCounter.Trip> trips(String path) throws Exception {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
            StatementCounter.start();
            HttpResponse<String> r = get(path);
            List<StatementCounter.Trip> trips =
                    StatementCounter.stop(StatementCounter::requestThread);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return trips;
        }
    }

    private String account(String prefix, Role role) {
        String name = unique(prefix);
        moderators.create(name, EnumSet.of(role), PASSWORD, "test");
        return name;
    }

    /** A case in the queue (a verified report through the API). */
    private void reportedCase() {
        String alice = unique("alice"), bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        alice,
                                        unique("c"),
                                        "you will regret this",
                                        List.of()),
                                bob)
                        .get(0);
        Api.Response created =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(bob, "report"),
                        Messenger.reportJson(
                                "harassment", null, List.of(Messenger.messageJson(held))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String show(List<StatementCounter.Trip> trips) {
        return trips.stream().map(StatementCounter.Trip::what).collect(Collectors.joining("\n"));
    }

    @Test
    void everyPageHasAFixedSmallNumberOfRoundTrips() throws Exception {
        for (int i = 0; i < 3; i++) {
            reportedCase();
        }
        UUID someCase =
                jdbc.queryForObject(
                        "SELECT id FROM cases WHERE closed_at IS NULL AND top_category ="
                                + " 'harassment' ORDER BY opened_at DESC LIMIT 1",
                        UUID.class);
        Session mod = new Session().signIn(account("pages-mod", Role.MODERATOR));
        Session admin = new Session().signIn(account("pages-admin", Role.ADMIN));
        Session cs = new Session().signIn(account("pages-cs", Role.CHILD_SAFETY));

        // every page: the passkey gate's and the account check's reads, the navigation's counts
        // (appeals for everyone; escalated and approvals for those who see child safety) and the
        // content-view count in the header. The appeals count reads the visible cases only when
        // an appeal is open (other tests of this database may have left one).
        int openAppeals =
                jdbc.queryForObject(
                                        "SELECT count(*) FROM appeals WHERE status = 'open'",
                                        Integer.class)
                                > 0
                        ? 1
                        : 0;
        record Page(Session who, String role, String path, int budget) {}
        List<Page> pages =
                List.of(
                        // + the queue, its moved-cases notice, the decision templates, the
                        // assignees
                        new Page(mod, "moderator", "/review/queue", 8),
                        new Page(mod, "moderator", "/review/queue?category=harassment", 8),
                        new Page(admin, "admin", "/review/queue", 10),
                        new Page(cs, "child_safety", "/review/queue", 10),
                        // + the settings
                        new Page(mod, "moderator", "/review/settings", 5),
                        // + the list and its transaction's commit
                        new Page(admin, "admin", "/review/admin/moderators", 8),
                        new Page(admin, "admin", "/review/admin/holds", 8),
                        new Page(admin, "admin", "/review/accounts?q=bob", 8),
                        new Page(admin, "admin", "/review/appeals", 8),
                        // + the list
                        new Page(cs, "child_safety", "/review/escalated", 7),
                        new Page(cs, "child_safety", "/review/approvals", 7),
                        new Page(admin, "admin", "/review/admin/audit", 7),
                        // + the case, its reports (one page of them), their messages, attachments
                        // and transcripts (one statement each, whatever the number of reports),
                        // notes, audit rows, templates, retention, holds, forwardings, the
                        // account's strikes and history
                        new Page(mod, "moderator", "/review/cases/" + someCase, 21));
        StringBuilder over = new StringBuilder();
        for (Page p : pages) {
            List<StatementCounter.Trip> trips = p.who().trips(p.path());
            int budget = p.budget() + openAppeals;
            if (trips.size() > budget) {
                over.append(
                        String.format(
                                "%s %s: %d round trips, budget %d:%n%s%n",
                                p.role(), p.path(), trips.size(), budget, show(trips)));
            }
            System.out.printf(
                    "%s %s: %d round trips%n%s%n", p.role(), p.path(), trips.size(), show(trips));
        }
        assertThat(over.toString()).as("pages over their budget of round trips").isEmpty();
    }
}
