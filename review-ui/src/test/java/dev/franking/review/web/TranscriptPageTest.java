package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Views.Party;
import dev.franking.review.model.Views.TranscriptLine;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The case page's transcript (issue 11 item 5, PROTOCOL.md §5.5): causal order, gap markers worded
 * by count, the reporter's own messages marked, the sender's clock only as a note when it is more
 * than ten minutes off the stamp time, and people by the one pseudonym policy.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class TranscriptPageTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    private String page(UUID caseId) throws Exception {
        return mvc.perform(get("/review/cases/{id}", caseId).with(MONA))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The transcript's list items, in page order. */
    private static List<String> lines(String html) {
        String list = html.substring(html.indexOf("<ol class=\"transcript\">"));
        list = list.substring(0, list.indexOf("</ol>"));
        return Arrays.stream(list.split("<li")).skip(1).toList();
    }

    @Test
    void theTranscriptFollowsTheCausalPositionNotTheListOrSendersClock() throws Exception {
        // the port lists the reporter's reply first, and its sender's clock puts it first too;
        // its causal position is after the reported message
        List<String> lines = lines(page(InMemoryReviewPorts.CASE));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("#0 · from acct-mallory").contains("Reported message");
        assertThat(lines.get(1))
                .contains("#1 · from " + InMemoryReviewPorts.REPORTER_SHOWN)
                .contains("Context");
    }

    @Test
    void aGapMarkerStandsBeforeTheMessageThatHadSeenWhatTheReportLeftOut() throws Exception {
        List<String> lines = lines(page(InMemoryReviewPorts.CASE));
        String marker = "2 earlier messages are not in this report";
        assertThat(lines.get(0)).contains(marker);
        assertThat(lines.get(0).indexOf(marker)).isLessThan(lines.get(0).indexOf("#0 · from"));
        assertThat(lines.get(1)).doesNotContain("not in this report");
        // one gap: the singular
        UUID one = ports.addOpenCase("acct-one-gap", "spam");
        assertThat(lines(page(one)))
                .singleElement()
                .asString()
                .contains("1 earlier message is not in this report")
                .doesNotContain("messages are");
    }

    @Test
    void theReportersOwnMessagesAreMarked() throws Exception {
        List<String> lines = lines(page(InMemoryReviewPorts.CASE));
        assertThat(lines.get(1)).contains("Written by the reporter");
        assertThat(lines.get(0)).doesNotContain("Written by the reporter");
    }

    @Test
    void theSendersClockIsANoteOnlyWhenItIsMoreThanTenMinutesOff() throws Exception {
        List<String> lines = lines(page(InMemoryReviewPorts.CASE));
        // one minute off: no note; 75 minutes behind: a note
        assertThat(lines.get(0)).doesNotContain("class=\"note clock\"");
        assertThat(lines.get(1))
                .contains("class=\"note clock\"")
                .contains("1 h 15 min behind the relay time");
        // 25 minutes ahead: a note that says so
        UUID ahead = ports.addOpenCase("acct-clock-ahead", "spam");
        assertThat(lines(page(ahead)))
                .singleElement()
                .asString()
                .contains("25 min ahead of the relay time");
    }

    @Test
    void theClockNoteThresholdIsStrictlyMoreThanTenMinutes() {
        Instant at = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(line(at.plus(Duration.ofMinutes(10)), at).clockNote()).isFalse();
        assertThat(line(at.minus(Duration.ofMinutes(10)), at).clockNote()).isFalse();
        assertThat(line(at.plus(Duration.ofMinutes(10)).plusMillis(1), at).clockNote()).isTrue();
        assertThat(line(at.minus(Duration.ofMinutes(10)).minusMillis(1), at).clockNote()).isTrue();
    }

    @Test
    void theReporterIsShownOnlyByAShortenedPseudonym() throws Exception {
        String html = page(InMemoryReviewPorts.CASE);
        assertThat(html).contains(InMemoryReviewPorts.REPORTER_SHOWN);
        // the full pseudonym only where a moderator can hover for it, never as text
        int full = html.split(InMemoryReviewPorts.REPORTER, -1).length - 1;
        int titles = html.split("title=\"" + InMemoryReviewPorts.REPORTER + "\"", -1).length - 1;
        assertThat(full).isPositive().isEqualTo(titles);
        assertThat(Party.pseudonymous(InMemoryReviewPorts.REPORTER).shown())
                .isEqualTo(InMemoryReviewPorts.REPORTER_SHOWN);
        assertThat(Party.account("acct-mallory").shown()).isEqualTo("acct-mallory");
    }

    private static TranscriptLine line(Instant sentAt, Instant receivedAt) {
        return new TranscriptLine(
                0, null, Party.account("a"), sentAt, receivedAt, true, 0, 0, false);
    }
}
