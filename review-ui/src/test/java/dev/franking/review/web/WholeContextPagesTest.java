package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 14, "whole context in one pass", on the pages: a report's whole transcript in one audited
 * POST, then post/redirect/get under a per-session grant (refresh and back write no second audit
 * row and never meet a 405); identical reports shown once with their reporter count; a mixed case's
 * category breakdown and per-report uphold/dismiss.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class WholeContextPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor DORA = user("dora").roles("MODERATOR");
    static final UUID CASE = InMemoryReviewPorts.CASE;
    static final UUID REPORT = InMemoryReviewPorts.REPORT;

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    String page(UUID id, RequestPostProcessor who, MockHttpSession session) throws Exception {
        return mvc.perform(get("/review/cases/{id}", id).with(who).session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    long auditRows(String event) {
        return ports.audit.stream().filter(r -> r.event().equals(event)).count();
    }

    @Test
    void oneRevealShowsTheWholeTranscriptAndARefreshWritesNoSecondAuditRow() throws Exception {
        MockHttpSession session = new MockHttpSession();
        assertThat(page(CASE, MONA, session))
                .contains("Show whole transcript (2 messages)")
                .doesNotContain(InMemoryReviewPorts.SECRET_TEXT);

        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/reveal", CASE, REPORT)
                                .with(MONA)
                                .session(session)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute(CaseController.FOCUS, "transcript-" + REPORT));
        // one action, one audit row naming the report and both messages
        assertThat(ports.transcriptReveals)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.reportId()).isEqualTo(REPORT);
                            assertThat(t.items())
                                    .containsExactly(
                                            InMemoryReviewPorts.ITEM,
                                            InMemoryReviewPorts.CONTEXT_ITEM);
                        });
        assertThat(auditRows("transcript.viewed")).isEqualTo(1);
        assertThat(ports.reveals).isEmpty();

        // the redirected page and every refresh show both messages under the session's grant
        for (int refresh = 0; refresh < 3; refresh++) {
            String shown = page(CASE, MONA, session);
            assertThat(shown)
                    .contains(InMemoryReviewPorts.SECRET_TEXT)
                    .contains(InMemoryReviewPorts.LONG_TEXT.strip())
                    .doesNotContain("Show whole transcript");
        }
        assertThat(ports.transcriptReveals).hasSize(1);
        assertThat(auditRows("transcript.viewed")).isEqualTo(1);
        // the grant holds no content: the session keeps which report was shown, and when
        Object held = session.getAttribute(RevealGrants.ATTRIBUTE);
        assertThat(held).isNotNull();
        assertThat(held.toString()).doesNotContain(InMemoryReviewPorts.SECRET_TEXT);

        // another session of the same moderator, and another moderator, see no content
        assertThat(page(CASE, MONA, new MockHttpSession()))
                .doesNotContain(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(page(CASE, DORA, session)).doesNotContain(InMemoryReviewPorts.SECRET_TEXT);
    }

    @Test
    void aCommentIsOneAuditedPostAndRefreshAndBackWriteNoSecondRow() throws Exception {
        MockHttpSession session = new MockHttpSession();
        assertThat(page(CASE, MONA, session)).doesNotContain(InMemoryReviewPorts.COMMENT);
        var posted =
                mvc.perform(
                                post("/review/cases/{id}/reports/{r}/comment", CASE, REPORT)
                                        .with(MONA)
                                        .session(session)
                                        .with(csrf()))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andExpect(flash().attribute(CaseController.FOCUS, "comment-" + REPORT))
                        .andReturn();
        assertThat(ports.commentReveals)
                .containsExactly(new InMemoryReviewPorts.Reveal(CASE, REPORT, "mona"));
        // the redirected page (focus on the comment) and every refresh show it under the grant
        String first =
                mvc.perform(
                                get("/review/cases/{id}", CASE)
                                        .with(MONA)
                                        .session(session)
                                        .flashAttrs(posted.getFlashMap()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8);
        assertThat(first)
                .contains(InMemoryReviewPorts.COMMENT)
                .containsPattern(
                        Pattern.compile(
                                "<blockquote[^>]*id=\"comment-" + REPORT + "\"[^>]*autofocus"));
        for (int refresh = 0; refresh < 3; refresh++) {
            String again = page(CASE, MONA, session);
            assertThat(again).contains(InMemoryReviewPorts.COMMENT);
            // shown, so no "Show comment" button for that report any more
            assertThat(again).doesNotContain("/reports/" + REPORT + "/comment\"");
        }
        // the back button or a restored tab asking for the POST's address by GET: the case, no
        // 405, and nothing audited
        mvc.perform(
                        get("/review/cases/{id}/reports/{r}/comment", CASE, REPORT)
                                .with(MONA)
                                .session(session))
                .andExpect(redirectedUrl("/review/cases/" + CASE));
        assertThat(page(CASE, MONA, session)).contains(InMemoryReviewPorts.COMMENT);
        assertThat(ports.commentReveals).as("one comment.viewed row in all").hasSize(1);
        // the session holds which comment was shown and when, never its text
        Object held = session.getAttribute(RevealGrants.ATTRIBUTE);
        assertThat(held).isNotNull();
        assertThat(new String(serialise(held), StandardCharsets.ISO_8859_1))
                .doesNotContain(InMemoryReviewPorts.COMMENT);
        // another session of the same moderator, and another moderator with this one, see nothing
        assertThat(page(CASE, MONA, new MockHttpSession()))
                .doesNotContain(InMemoryReviewPorts.COMMENT);
        assertThat(page(CASE, DORA, session)).doesNotContain(InMemoryReviewPorts.COMMENT);
        assertThat(ports.commentReveals).hasSize(1);
    }

    private static byte[] serialise(Object o) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void theBackButtonOnARevealAddressLandsOnTheCaseNotOnA405() throws Exception {
        for (String address :
                List.of(
                        "/review/cases/" + CASE + "/reports/" + REPORT + "/reveal",
                        "/review/cases/"
                                + CASE
                                + "/items/"
                                + InMemoryReviewPorts.ITEM
                                + "/reveal")) {
            mvc.perform(get(address).with(MONA)).andExpect(redirectedUrl("/review/cases/" + CASE));
        }
        assertThat(ports.reveals).isEmpty();
        assertThat(ports.transcriptReveals).isEmpty();
    }

    @Test
    void aRefusedTranscriptRevealIsAFlashAndLeavesNoGrant() throws Exception {
        ports.evidenceDestroyed = true;
        MockHttpSession session = new MockHttpSession();
        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/reveal", CASE, REPORT)
                                .with(MONA)
                                .session(session)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute("flash", Flash.error("refused.evidence-destroyed")));
        assertThat(session.getAttribute(RevealGrants.ATTRIBUTE)).isNull();
        ports.evidenceDestroyed = false;
        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/reveal", CASE, UUID.randomUUID())
                                .with(MONA)
                                .with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void identicalReportsAreShownOnceWithTheirReporterCount() throws Exception {
        UUID mixed = ports.addMixedCase("acct-mixed", 30);
        String html = page(mixed, MONA, new MockHttpSession());
        assertThat(html).contains("30 reports of the same messages").contains("Reported by 30");
        // the spam message's transcript appears once, not 30 times: four transcripts in all (the
        // spam, two different harassment ones, the violence one)
        assertThat(count(html, "<ol class=\"transcript\">")).isEqualTo(4);
        assertThat(count(html, ">Show whole transcript (1 message)<")).isEqualTo(3);
        assertThat(count(html, ">Show whole transcript (2 messages)<")).isEqualTo(1);
        // each of the 30 reports is still listed (to be judged on its own)
        assertThat(count(html, "id=\"same-")).isEqualTo(30);
    }

    @Test
    void aMixedCaseShowsItsBreakdownAndEachReportIsUpheldOrDismissed() throws Exception {
        UUID mixed = ports.addMixedCase("acct-mixed", 30);
        String html = page(mixed, MONA, new MockHttpSession());
        // breakdown: the test ports' severity order (violence, harassment, spam)
        assertThat(html)
                .containsPattern(
                        Pattern.compile(
                                "data-category=\"violence\".*?class=\"count\">1<.*?"
                                        + "data-category=\"harassment\".*?class=\"count\">2<.*?"
                                        + "data-category=\"spam\".*?class=\"count\">30<",
                                Pattern.DOTALL));
        // the most severe category open, the others collapsed
        assertThat(html)
                .contains("<details class=\"category\" id=\"category-violence\" open=\"open\">")
                .contains("<details class=\"category\" id=\"category-spam\">");
        // no verdict buttons before the case is claimed
        assertThat(html).doesNotContain("class=\"uphold\"");

        ports.claim(mixed, new Reviewer("mona", Set.of(Role.MODERATOR)));
        List<ReportRow> reports = ports.find(mixed, mona()).orElseThrow().reports();
        UUID spam =
                reports.stream().filter(r -> r.category().equals("spam")).findFirst().get().id();
        UUID violence =
                reports.stream()
                        .filter(r -> r.category().equals("violence"))
                        .findFirst()
                        .get()
                        .id();
        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/uphold", mixed, violence)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + mixed))
                .andExpect(flash().attribute("flash", Flash.ok("flash.report.upheld")));
        var dismissed =
                mvc.perform(
                                post("/review/cases/{id}/reports/{r}/dismiss", mixed, spam)
                                        .with(MONA)
                                        .with(csrf()))
                        .andExpect(flash().attribute(CaseController.FOCUS, "verdict-" + spam))
                        .andReturn();
        assertThat(ports.verdicts)
                .extracting(InMemoryReviewPorts.Verdict::verdict)
                .containsExactly(ReportVerdict.UPHELD, ReportVerdict.DISMISSED);
        String after =
                mvc.perform(
                                get("/review/cases/{id}", mixed)
                                        .with(MONA)
                                        .flashAttrs(dismissed.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8);
        assertThat(after)
                .containsPattern(
                        Pattern.compile(
                                "data-category=\"violence\".*?class=\"upheld\">1<.*?"
                                        + "data-category=\"spam\".*?class=\"count\">30</td>"
                                        + "\\s*<td class=\"upheld\">0</td>"
                                        + "\\s*<td class=\"dismissed\">1</td>",
                                Pattern.DOTALL))
                .contains("Dismissed by mona")
                // the judged report's category opens where the work is
                .contains("<details class=\"category\" id=\"category-spam\" open=\"open\">");

        // only the one deciding the case judges its reports; the account action stays one
        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/dismiss", mixed, violence)
                                .with(DORA)
                                .with(csrf()))
                .andExpect(flash().attribute("flash", Flash.error("refused.not-assignee")));
        assertThat(ports.verdicts).hasSize(2);
        assertThat(ports.decisions).isEmpty();
    }

    private static Reviewer mona() {
        return new Reviewer("mona", Set.of(Role.MODERATOR));
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
