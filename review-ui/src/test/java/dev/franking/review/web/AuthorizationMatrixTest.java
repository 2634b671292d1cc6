package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import dev.franking.review.testapp.InMemoryAppeals;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.InMemoryTemplates;
import dev.franking.review.testapp.TestReviewApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the review UI for every role. The routes come from the handler mapping, and the
 * test fails when a route has no expected access below: a new route cannot be forgotten.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class AuthorizationMatrixTest {

    enum Access {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Moderators, child-safety moderators and admins. */
        REVIEWER,
        /** Admins only. */
        ADMIN,
        /**
         * Child-safety moderators only (requesting a forwarding: admins approve, never request).
         */
        CHILD_SAFETY_ONLY,
        /** Child-safety moderators and admins (deciding a forwarding, downloading its package). */
        FORWARDING,
        /** The access-denied page: 403 for everyone signed in. */
        DENIED_PAGE,
        /**
         * Reviewers, on what is their own (a passkey): the sample belongs to nobody, so a reviewer
         * gets the 404 someone else's would give.
         */
        REVIEWER_OWN,
        /**
         * Reviewers, and only with a "view original" grant of their own (issue 13): a reviewer
         * without one gets 404, since the original is served from nothing else.
         */
        REVIEWER_WITH_GRANT
    }

    enum Who {
        ANONYMOUS(null),
        MODERATOR(user("mona").roles("MODERATOR")),
        CHILD_SAFETY(user("carl").roles("CHILD_SAFETY")),
        ADMIN(user("ada").roles("ADMIN")),
        /** Signed in, but with none of the review roles (e.g. a future API-only account). */
        NO_ROLE(user("eve").roles("SOMETHING_ELSE"));

        final RequestPostProcessor auth;

        Who(RequestPostProcessor auth) {
            this.auth = auth;
        }
    }

    /** What every route is for. Add a new route here, or this test fails. */
    static final Map<String, Access> EXPECTED =
            new TreeMap<>(
                    Map.ofEntries(
                            Map.entry("GET /review/login", Access.PUBLIC),
                            Map.entry("GET /review/denied", Access.DENIED_PAGE),
                            Map.entry("POST /review/denied", Access.DENIED_PAGE),
                            Map.entry("GET /review", Access.REVIEWER),
                            Map.entry("GET /review/queue", Access.REVIEWER),
                            Map.entry("GET /review/cases/{id}", Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/items/{itemId}/reveal",
                                    Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/reports/{reportId}/comment",
                                    Access.REVIEWER),
                            // issue 14, whole context: a report's whole transcript in one
                            // audited action; a reveal's address by GET (back button) lands on
                            // the case; each report of a case upheld or dismissed
                            Map.entry(
                                    "POST /review/cases/{id}/reports/{reportId}/reveal",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/reports/{reportId}/reveal",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/items/{itemId}/reveal",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/reports/{reportId}/comment",
                                    Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/reports/{reportId}/uphold",
                                    Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/reports/{reportId}/dismiss",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/items/{itemId}/attachments/{n}/preview",
                                    Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/items/{itemId}/attachments/{n}/original",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/items/{itemId}/attachments/{n}/original",
                                    Access.REVIEWER),
                            Map.entry(
                                    "POST /review/cases/{id}/items/{itemId}/attachments/{n}/original/colour",
                                    Access.REVIEWER),
                            Map.entry(
                                    "GET /review/cases/{id}/items/{itemId}/attachments/{n}/original/image",
                                    Access.REVIEWER_WITH_GRANT),
                            Map.entry(
                                    "GET /review/cases/{id}/items/{itemId}/attachments/{n}/original/file",
                                    Access.REVIEWER_WITH_GRANT),
                            Map.entry("GET /review/settings", Access.REVIEWER),
                            Map.entry("POST /review/settings", Access.REVIEWER),
                            Map.entry("GET /review/admin/wellness", Access.ADMIN),
                            Map.entry("POST /review/cases/{id}/claim", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/release", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/reassign", Access.ADMIN),
                            Map.entry("POST /review/cases/{id}/note", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/dismiss", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/warn", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/restrict", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/suspend", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/decide", Access.REVIEWER),
                            Map.entry("GET /review/cases/{id}/next", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/escalate", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/reopen", Access.REVIEWER),
                            Map.entry("POST /review/cases/{id}/forward", Access.CHILD_SAFETY_ONLY),
                            Map.entry(
                                    "POST /review/cases/{id}/forwardings/{forwardingId}/approve",
                                    Access.FORWARDING),
                            Map.entry(
                                    "POST /review/cases/{id}/forwardings/{forwardingId}/reject",
                                    Access.FORWARDING),
                            Map.entry(
                                    "GET /review/cases/{id}/forwardings/{forwardingId}/package",
                                    Access.FORWARDING),
                            Map.entry(
                                    "POST /review/cases/{id}/forwardings/{forwardingId}/retry",
                                    Access.CHILD_SAFETY_ONLY),
                            Map.entry(
                                    "POST /review/cases/{id}/forwardings/{forwardingId}/reference",
                                    Access.CHILD_SAFETY_ONLY),
                            Map.entry(
                                    "POST /review/admin/destinations/{destinationId}/test",
                                    Access.ADMIN),
                            Map.entry("POST /review/cases/{id}/hold", Access.ADMIN),
                            Map.entry("POST /review/cases/{id}/lift-hold", Access.ADMIN),
                            Map.entry("GET /review/admin/destinations", Access.ADMIN),
                            Map.entry("POST /review/admin/destinations", Access.ADMIN),
                            Map.entry("GET /review/admin/audit", Access.ADMIN),
                            Map.entry("GET /review/admin/audit.csv", Access.ADMIN),
                            Map.entry("GET /review/admin/audit/chain", Access.ADMIN),
                            Map.entry("GET /review/admin/dashboard", Access.ADMIN),
                            // issue 14: escalated and approvals views, templates, bulk decisions
                            Map.entry("GET /review/escalated", Access.REVIEWER),
                            Map.entry("GET /review/approvals", Access.FORWARDING),
                            Map.entry("POST /review/cases/{id}/apply-template", Access.REVIEWER),
                            Map.entry("POST /review/bulk", Access.REVIEWER),
                            Map.entry("GET /review/admin/templates", Access.ADMIN),
                            Map.entry("POST /review/admin/templates", Access.ADMIN),
                            Map.entry("POST /review/admin/templates/{id}", Access.ADMIN),
                            Map.entry("POST /review/admin/templates/{id}/delete", Access.ADMIN),
                            // issue 14: appeals (PROTOCOL.md §7)
                            Map.entry("GET /review/appeals", Access.REVIEWER),
                            Map.entry("POST /review/appeals/{id}/statement", Access.REVIEWER),
                            Map.entry("POST /review/appeals/{id}/uphold", Access.REVIEWER),
                            Map.entry("POST /review/appeals/{id}/reverse", Access.REVIEWER),
                            // issue 14: passkeys (a second factor) and the page that asks for one
                            Map.entry("GET /review/passkeys", Access.REVIEWER),
                            Map.entry("POST /review/passkeys/{id}/delete", Access.REVIEWER_OWN),
                            Map.entry("GET /review/second-factor", Access.REVIEWER),
                            // issue 14: account search and the account page
                            Map.entry("GET /review/accounts", Access.REVIEWER),
                            Map.entry("GET /review/accounts/view", Access.REVIEWER),
                            // issue 14, back office: accounts, destinations, legal holds
                            Map.entry("GET /review/admin/moderators", Access.ADMIN),
                            Map.entry("POST /review/admin/moderators", Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/moderators/{username}/roles", Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/moderators/{username}/disable",
                                    Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/moderators/{username}/enable",
                                    Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/moderators/{username}/password",
                                    Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/destinations/{destinationId}",
                                    Access.ADMIN),
                            Map.entry(
                                    "POST /review/admin/destinations/{destinationId}/delete",
                                    Access.ADMIN),
                            Map.entry("GET /review/admin/holds", Access.ADMIN),
                            Map.entry("POST /review/admin/holds/{holdId}/lift", Access.ADMIN)));

    /** Routes served outside the handler mapping (static files, Spring Security's own filters). */
    static final Map<String, Access> NOT_MAPPED =
            Map.of(
                    "GET /review/assets/review.css", Access.PUBLIC,
                    "GET /review/assets/review.js", Access.PUBLIC,
                    "GET /review/assets/passkeys.js", Access.PUBLIC);

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    List<String> mappedRoutes() {
        List<String> routes = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            List<RequestMethod> ms =
                    methods.isEmpty()
                            ? List.of(RequestMethod.GET, RequestMethod.POST)
                            : List.copyOf(methods);
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/review") || pattern.startsWith("/review/")) {
                    for (RequestMethod m : ms) {
                        routes.add(m.name() + " " + pattern);
                    }
                }
            }
        }
        return routes;
    }

    @Test
    void everyRouteHasAnExpectedAccess() {
        assertThat(new TreeSet<>(mappedRoutes()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryRole() {
        Map<String, Access> all = new TreeMap<>(EXPECTED);
        all.putAll(NOT_MAPPED);
        List<DynamicTest> tests = new ArrayList<>();
        for (var route : all.entrySet()) {
            for (Who who : Who.values()) {
                tests.add(
                        DynamicTest.dynamicTest(
                                who + " " + route.getKey() + " (" + route.getValue() + ")",
                                () -> check(route.getKey(), route.getValue(), who)));
            }
        }
        return tests.stream();
    }

    private void check(String route, Access access, Who who) throws Exception {
        ports.reset();
        String[] parts = route.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        MockHttpServletRequestBuilder req =
                MockMvcRequestBuilders.request(method, expand(parts[1], route));
        if (method == HttpMethod.POST) {
            req.with(csrf())
                    .param("text", "a note")
                    .param("ground", "Terms of service: spam")
                    .param("facts", "facts")
                    .param("reason", "a reason")
                    .param("username", "carl")
                    .param("destinationId", InMemoryEvidence.WEBHOOK.toString())
                    .param("name", "Another partner")
                    .param("kind", "webhook")
                    .param("url", "https://other.example/in")
                    .param("secret", "s3cret")
                    .param("version", "0")
                    .param("blurStrength", "3");
        }
        if (route.endsWith("/review/accounts/view")) {
            req.param("id", "acct-mallory"); // the account page needs its account
        }
        if (who.auth != null) {
            req.with(who.auth);
        }
        MockHttpServletResponse res = mvc.perform(req).andReturn().getResponse();
        int status = res.getStatus();
        String desc =
                who
                        + " "
                        + route
                        + " -> "
                        + status
                        + " "
                        + res.getRedirectedUrl()
                        + " "
                        + res.getForwardedUrl();

        if (access == Access.PUBLIC) {
            assertThat(status).as(desc).isEqualTo(200);
        } else if (who == Who.ANONYMOUS) {
            assertThat(status).as(desc).isEqualTo(302);
            assertThat(res.getRedirectedUrl()).as(desc).endsWith(ReviewSecurityConfig.LOGIN);
        } else if (access == Access.DENIED_PAGE
                || who == Who.NO_ROLE
                || (access == Access.ADMIN && who != Who.ADMIN)
                || (access == Access.CHILD_SAFETY_ONLY && who != Who.CHILD_SAFETY)
                || (access == Access.FORWARDING && who != Who.CHILD_SAFETY && who != Who.ADMIN)) {
            assertThat(status).as(desc).isEqualTo(403);
        } else if (access == Access.REVIEWER_OWN) {
            assertThat(status).as(desc).isEqualTo(404);
        } else if (access == Access.REVIEWER_WITH_GRANT) {
            assertThat(status).as(desc + " (no grant)").isEqualTo(404);
        } else {
            assertThat(status).as(desc).isBetween(200, 399);
            if (status >= 300) {
                assertThat(res.getRedirectedUrl())
                        .as(desc)
                        .satisfiesAnyOf(
                                u -> assertThat(u).startsWith("/review/cases/"),
                                u -> assertThat(u).isEqualTo("/review/queue"),
                                u -> assertThat(u).isEqualTo("/review/appeals"),
                                // the second-factor page of someone with no passkey
                                u -> assertThat(u).isEqualTo("/review"),
                                u -> assertThat(u).isEqualTo("/review/admin/destinations"),
                                u -> assertThat(u).isEqualTo("/review/admin/templates"),
                                u -> assertThat(u).isEqualTo("/review/admin/moderators"),
                                u -> assertThat(u).isEqualTo("/review/admin/holds"),
                                u -> assertThat(u).isEqualTo("/review/settings"));
            }
        }
    }

    private static String expand(String pattern, String route) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value =
                    switch (m.group(1)) {
                        case "id" ->
                                (pattern.startsWith("/review/admin/templates/")
                                                ? InMemoryTemplates.SAMPLE
                                                : pattern.startsWith("/review/appeals/")
                                                        ? InMemoryAppeals.SAMPLE
                                                        : InMemoryReviewPorts.CASE)
                                        .toString();
                        case "itemId" -> InMemoryReviewPorts.ITEM.toString();
                        case "reportId" -> InMemoryReviewPorts.REPORT.toString();
                        case "n" -> "0";
                        case "destinationId" -> InMemoryEvidence.CYBERTIPLINE.toString();
                        case "username" -> "mona";
                        case "holdId" -> InMemoryEvidence.LIFTED_HOLD.toString();
                        // the package of the approved forwarding; the pending one for deciding
                        case "forwardingId" ->
                                (route.endsWith("/package")
                                                ? InMemoryEvidence.READY
                                                : InMemoryEvidence.PENDING)
                                        .toString();
                        default ->
                                throw new AssertionError(
                                        "no sample value for path variable "
                                                + m.group(1)
                                                + " in "
                                                + pattern);
                    };
            m.appendReplacement(sb, value);
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
