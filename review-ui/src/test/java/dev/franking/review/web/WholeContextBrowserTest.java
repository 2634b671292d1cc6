package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Issue 14's "whole context in one pass" in headless Chromium against the test application: a
 * report's whole transcript shown with one click (one audit row, checked on the admin's audit
 * page), still shown after a refresh with no second row, and the back button landing on a page, not
 * a 405; a mixed case of 33 reports over three categories with its breakdown on top, the 30
 * identical spam reports shown once as "Reported by 30 reporters", categories collapsed, and
 * reports upheld and dismissed one by one before one decision for the account. axe-core runs on
 * every page (no serious or critical violation); screenshots in target/screenshots/context-*.png.
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class WholeContextBrowserTest extends BrowserTestBase {
    WholeContextBrowserTest() {
        super("context-", "axe-pages-context.txt");
    }

    long transcriptRows() {
        return ports.audit.stream().filter(r -> r.event().equals("transcript.viewed")).count();
    }

    @Test
    void theWholeTranscriptInOneClickSurvivesRefreshAndBackWithOneAuditRow() throws IOException {
        UUID caseId = InMemoryReviewPorts.CASE;
        signIn("mona");
        browser.get(url("/review/cases/" + caseId));
        page("case");
        assertThat(browser.getPageSource()).doesNotContain(InMemoryReviewPorts.SECRET_TEXT);

        browser.findElement(By.cssSelector("button.reveal-transcript")).click();
        waiting().until(d -> d.getPageSource().contains(InMemoryReviewPorts.SECRET_TEXT));
        page("transcript-shown");
        assertThat(path()).isEqualTo("/review/cases/" + caseId);
        assertThat(browser.getCurrentUrl()).doesNotContain("reveal");
        // both messages, in causal order, from one action
        List<WebElement> contents = browser.findElements(By.cssSelector("ol.transcript .content"));
        assertThat(contents).hasSize(2);
        assertThat(contents.get(0).getText()).contains(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(browser.switchTo().activeElement().getAttribute("id"))
                .isEqualTo("transcript-" + InMemoryReviewPorts.REPORT);
        assertThat(ports.transcriptReveals).hasSize(1);
        assertThat(transcriptRows()).isEqualTo(1);

        // refresh: the same content, no second audit row
        browser.navigate().refresh();
        waiting().until(d -> d.getPageSource().contains(InMemoryReviewPorts.SECRET_TEXT));
        page("transcript-refreshed");
        assertThat(transcriptRows()).isEqualTo(1);

        // back: the page before the reveal (no 405, no JSON), and forward again
        browser.navigate().back();
        waiting().until(d -> path().equals("/review/cases/" + caseId));
        assertThat(browser.getTitle()).isEqualTo("Case acct-mallory · Review");
        assertThat(browser.getPageSource())
                .doesNotContain("Method Not Allowed")
                .doesNotContain("\"status\"");
        assertThat(browser.findElements(By.cssSelector("main h1"))).isNotEmpty();
        // a reveal address typed or restored by the browser lands on the case too
        browser.get(
                url(
                        "/review/cases/"
                                + caseId
                                + "/reports/"
                                + InMemoryReviewPorts.REPORT
                                + "/reveal"));
        waiting().until(d -> path().equals("/review/cases/" + caseId));
        assertThat(browser.getPageSource()).contains(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(transcriptRows()).isEqualTo(1);

        // the admin's audit page lists the one row, naming the report and both messages
        signIn("ada");
        browser.get(url("/review/admin/audit?event=transcript.viewed"));
        page("audit");
        List<WebElement> rows = browser.findElements(By.cssSelector("main table tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText())
                .contains("mona")
                .contains(InMemoryReviewPorts.REPORT.toString())
                .contains(InMemoryReviewPorts.ITEM.toString())
                .contains(InMemoryReviewPorts.CONTEXT_ITEM.toString());
    }

    @Test
    void aCommentShownSurvivesRefreshAndBackWithOneAuditRow() throws IOException {
        UUID caseId = InMemoryReviewPorts.CASE;
        UUID report = InMemoryReviewPorts.REPORT;
        signIn("mona");
        browser.get(url("/review/cases/" + caseId));
        assertThat(browser.getPageSource()).doesNotContain(InMemoryReviewPorts.COMMENT);
        browser.findElement(
                        By.cssSelector("form[action$='/reports/" + report + "/comment'] button"))
                .click();
        waiting().until(d -> d.getPageSource().contains(InMemoryReviewPorts.COMMENT));
        page("comment-shown");
        // post/redirect/get: the address is the case's, the focus on the comment
        assertThat(path()).isEqualTo("/review/cases/" + caseId);
        assertThat(browser.switchTo().activeElement().getAttribute("id"))
                .isEqualTo("comment-" + report);
        assertThat(ports.commentReveals).hasSize(1);

        // refresh: the comment again, no second row (and no "resend the form?" either)
        browser.navigate().refresh();
        waiting().until(d -> d.getPageSource().contains(InMemoryReviewPorts.COMMENT));
        assertThat(ports.commentReveals).hasSize(1);

        // back: the case page as it was before (a GET), not a 405 or JSON
        browser.navigate().back();
        waiting().until(d -> path().equals("/review/cases/" + caseId));
        assertThat(browser.getPageSource())
                .doesNotContain("Method Not Allowed")
                .doesNotContain("\"status\"");
        assertThat(browser.findElements(By.cssSelector("main h1"))).isNotEmpty();
        // the POST's address by GET (a restored tab, a copied link): the case, comment shown
        browser.get(url("/review/cases/" + caseId + "/reports/" + report + "/comment"));
        waiting().until(d -> path().equals("/review/cases/" + caseId));
        assertThat(browser.getPageSource()).contains(InMemoryReviewPorts.COMMENT);
        page("comment-again");
        assertThat(ports.commentReveals).as("one comment.viewed row in all").hasSize(1);
    }

    @Test
    void aMixedCaseShowsItsBreakdownSameReportsOnceAndIsJudgedReportByReport() throws IOException {
        UUID caseId = ports.addMixedCase("acct-mixed", 30);
        signIn("mona");
        browser.get(url("/review/cases/" + caseId));
        page("mixed");
        // the breakdown on top: counts per category, most severe first
        assertThat(
                        browser.findElements(By.cssSelector("#breakdown tbody tr")).stream()
                                .map(
                                        r ->
                                                r.getAttribute("data-category")
                                                        + "="
                                                        + r.findElement(By.cssSelector(".count"))
                                                                .getText())
                                .toList())
                .containsExactly("violence=1", "harassment=2", "spam=30");
        // only the most severe category is open: the page is headings, not 33 transcripts
        assertThat(browser.findElement(By.id("category-violence")).getAttribute("open"))
                .isNotNull();
        assertThat(browser.findElement(By.id("category-spam")).getAttribute("open")).isNull();
        long collapsedHeight =
                ((Number) browser.executeScript("return document.documentElement.scrollHeight"))
                        .longValue();

        // the 30 identical spam reports: one transcript, "Reported by 30 reporters"
        browser.findElement(By.cssSelector("#category-spam > summary")).click();
        WebElement spam = browser.findElement(By.id("category-spam"));
        assertThat(spam.findElements(By.cssSelector("ol.transcript"))).hasSize(1);
        assertThat(spam.getText())
                .contains("30 reports of the same messages")
                .contains("Reported by 30 reporters");
        page("mixed-spam-open");

        // claim, then uphold the violence report and dismiss one spam report
        browser.findElement(By.id("claim-button")).click();
        waiting().until(d -> !d.findElements(By.id("decide")).isEmpty());
        browser.findElement(By.cssSelector("#category-violence button.uphold")).click();
        waiting().until(d -> !ports.verdicts.isEmpty());
        page("mixed-upheld");
        assertThat(text("#breakdown tr[data-category='violence'] .upheld")).isEqualTo("1");
        browser.findElement(By.cssSelector("#category-spam > summary")).click();
        browser.findElement(By.cssSelector("#category-spam details.same-reports > summary"))
                .click();
        browser.findElement(By.cssSelector("#category-spam tr[id^='same-'] button.dismiss-report"))
                .click();
        waiting().until(d -> ports.verdicts.size() == 2);
        page("mixed-dismissed");
        assertThat(text("#breakdown tr[data-category='spam'] .dismissed")).isEqualTo("1");
        assertThat(text("#breakdown tr[data-category='spam'] .undecided")).isEqualTo("29");
        assertThat(ports.verdicts)
                .extracting(InMemoryReviewPorts.Verdict::verdict)
                .containsExactly(ReportVerdict.UPHELD, ReportVerdict.DISMISSED);
        // focus stays on the judged report, its category open
        assertThat(browser.switchTo().activeElement().getAttribute("id")).startsWith("verdict-");

        // the decision form is in view without scrolling to the bottom (sticky side panel)
        browser.executeScript("window.scrollTo(0, document.documentElement.scrollHeight)");
        Boolean inView =
                (Boolean)
                        browser.executeScript(
                                "var r = document.getElementById('decide').getBoundingClientRect();"
                                        + " return r.top < window.innerHeight && r.bottom > 0;");
        assertThat(inView).isTrue();

        // one decision for the account
        browser.findElement(By.id("ground")).sendKeys("Terms of service: violence and threats");
        browser.findElement(By.id("facts")).sendKeys("Threats; the spam report was a mistake.");
        browser.findElement(By.cssSelector("#decide button[formaction$='/warn']")).click();
        waiting().until(d -> !ports.decisions.isEmpty());
        page("mixed-decided");
        assertThat(ports.decisions).hasSize(1);
        Files.writeString(
                Chromium.SHOTS.resolve("context-mixed-height.txt"),
                "mixed case of 33 reports over 3 categories, collapsed: "
                        + collapsedHeight
                        + " px at 1280x1000\n",
                StandardCharsets.UTF_8);
    }
}
