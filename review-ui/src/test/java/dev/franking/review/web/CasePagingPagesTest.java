package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 15: a case with more reports than a page shows them {@link Views.ReportsPage#SIZE} at a
 * time, oldest first, with "earlier" and "later" links; the breakdown counts the whole case while
 * identical reports are grouped within the page (and the page says so); a verdict taken on a later
 * page comes back to that page; a malformed page address is a 400, not a 500.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class CasePagingPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final Pattern NEXT = Pattern.compile("id=\"reports-next\"\\s+href=\"([^\"]+)\"");
    static final Pattern PREVIOUS = Pattern.compile("id=\"reports-previous\"\\s+href=\"([^\"]+)\"");

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    String page(String url) throws Exception {
        return mvc.perform(get(URI.create(url)).with(MONA))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    static String link(Pattern p, String html) {
        Matcher m = p.matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    @Test
    void aBigCaseIsShownAPageOfReportsAtATime() throws Exception {
        // 120 reports of one spam message, two harassment reports, one violence report: 123
        UUID big = ports.addMixedCase("acct-big", 120);
        String first = page("/review/cases/" + big);
        // the whole case's counts, whatever the page
        assertThat(first)
                .containsPattern(
                        Pattern.compile(
                                "data-category=\"violence\".*?class=\"count\">1<.*?"
                                        + "data-category=\"harassment\".*?class=\"count\">2<.*?"
                                        + "data-category=\"spam\".*?class=\"count\">120<",
                                Pattern.DOTALL));
        assertThat(first)
                .contains("this page shows 50 of the case&#39;s 123")
                .contains("identical reports are shown once within this page")
                // grouped within the page: the first 50 spam reports are one group
                .contains("50 reports of the same messages")
                .contains("Reported by 50")
                .doesNotContain("id=\"reports-previous\"");
        assertThat(count(first, "id=\"same-")).isEqualTo(50);
        String second = link(NEXT, first);
        assertThat(second).startsWith("/review/cases/" + big + "?from=");

        String two = page(second);
        assertThat(count(two, "id=\"same-")).isEqualTo(50);
        assertThat(link(PREVIOUS, two)).isEqualTo("/review/cases/" + big);
        String third = link(NEXT, two);
        assertThat(third).isNotNull().isNotEqualTo(second);

        String three = page(third);
        assertThat(three).doesNotContain("id=\"reports-next\"");
        assertThat(link(PREVIOUS, three)).isEqualTo(second);
        // the last 23: 20 spam, the two harassment reports, the violence one
        assertThat(three)
                .contains("this page shows 23 of the case&#39;s 123")
                .contains("id=\"category-violence\"")
                .contains("id=\"category-harassment\"");
        // a category absent from a page is named in the breakdown, not linked to
        assertThat(first).doesNotContain("href=\"#category-violence\"");
        assertThat(three).contains("href=\"#category-violence\"");
    }

    @Test
    void aVerdictOnALaterPageComesBackToThatPage() throws Exception {
        UUID big = ports.addMixedCase("acct-big", 120);
        ports.claim(big, new Reviewer("mona", Set.of(Role.MODERATOR)));
        String second = link(NEXT, page("/review/cases/" + big));
        String token = second.substring(second.indexOf("?from=") + "?from=".length());
        String from = java.net.URLDecoder.decode(token, StandardCharsets.UTF_8);
        String two = page(second);
        // every per-report form of the page carries where the page starts
        assertThat(two).contains("name=\"from\" value=\"" + from + "\"");
        Views.ReportCursor cursor = Views.ReportCursor.parse(from);
        ReportRow onTwo =
                ports.find(big, new Reviewer("mona", Set.of(Role.MODERATOR)), cursor)
                        .orElseThrow()
                        .reports()
                        .get(3);
        mvc.perform(
                        post("/review/cases/{id}/reports/{r}/uphold", big, onTwo.id())
                                .param("from", from)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(
                        redirectedUrl(
                                "/review/cases/"
                                        + big
                                        + "?from="
                                        + URLEncoder.encode(from, StandardCharsets.UTF_8)));
        assertThat(ports.verdicts)
                .anyMatch(
                        v ->
                                v.reportId().equals(onTwo.id())
                                        && v.verdict() == ReportVerdict.UPHELD);
        // the upheld report is counted in the whole case's breakdown, from any page
        assertThat(page("/review/cases/" + big))
                .containsPattern(
                        Pattern.compile(
                                "data-category=\"spam\".*?class=\"count\">120<.*?class=\"upheld\">1<",
                                Pattern.DOTALL));
    }

    @Test
    void aMalformedPageAddressIsABadRequest() throws Exception {
        UUID big = ports.addMixedCase("acct-big", 120);
        for (String bad :
                new String[] {"x", "2026-01-01T00:00:00Z_not-a-uuid", "_", "a".repeat(200)}) {
            mvc.perform(get("/review/cases/{id}", big).param("from", bad).with(MONA))
                    .andExpect(status().isBadRequest());
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
