package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The review UI in headless Chromium against the test application (in-memory ports): safe and fast
 * decisions, the keyboard shortcuts, the image steps, phones, the dashboard. axe-core runs on every
 * page these tests visit and fails them on any serious or critical violation; every page is
 * photographed into target/screenshots. One test measures the clicks and keystrokes from sign-in to
 * a decided case (the figures in the README).
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BrowserFlowTest extends BrowserTestBase {
    int keystrokes;
    int typedCharacters;
    int clicks;

    BrowserFlowTest() {
        super("", "axe-pages.txt");
    }

    @BeforeEach
    void setUp() {
        Chromium.viewport(browser, 0, 0);
        scriptEnabled(true);
    }

    @AfterEach
    void tearDown() {
        scriptEnabled(true);
        Chromium.viewport(browser, 0, 0);
    }

    @Override
    void page(String name) throws IOException {
        // axe is a script: let it run on a page loaded without script (the page's own did not)
        boolean wasOff = !scriptOn;
        if (wasOff) {
            scriptEnabled(true);
        }
        try {
            super.page(name);
        } finally {
            if (wasOff) {
                scriptEnabled(false);
            }
        }
    }

    boolean scriptOn = true;

    void scriptEnabled(boolean on) {
        scriptOn = on;
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !on));
    }

    /** Keys to the focused element, counted: each character or special key is one keystroke. */
    void keys(CharSequence... keys) {
        for (CharSequence k : keys) {
            if (k instanceof Keys) {
                keystrokes++;
            } else {
                keystrokes += k.length();
                typedCharacters += k.length();
            }
        }
        new Actions(browser).sendKeys(keys).perform();
    }

    /** A one-letter shortcut: a command keystroke, not typed text. */
    void shortcut(String key) {
        keystrokes++;
        new Actions(browser).sendKeys(key).perform();
    }

    void click(WebElement e) {
        clicks++;
        e.click();
    }

    /** Types into a field without counting (set-up of a test that measures something else). */
    static void typeInto(WebElement e, String text) {
        e.clear();
        e.sendKeys(text);
    }

    String activeId() {
        return browser.switchTo().activeElement().getAttribute("id");
    }

    /** Signs in through the sign-in page, checked with axe (no cookies deleted). */
    @Override
    void signIn(String username) throws IOException {
        browser.get(url("/review/login"));
        page("login");
        typeInto(browser.findElement(By.id("username")), username);
        typeInto(browser.findElement(By.id("password")), TestReviewApplication.PASSWORD);
        browser.findElement(By.cssSelector("form[action$='/review/login'] button")).click();
        awaitPath("/review");
    }

    void openCase(UUID id, String name) throws IOException {
        browser.get(url("/review/cases/" + id));
        page(name);
    }

    WebElement decisionButton(String verb) {
        return browser.findElement(By.cssSelector("#decide button[formaction$='/" + verb + "']"));
    }

    String flash() {
        List<WebElement> f = browser.findElements(By.cssSelector(".flash"));
        return f.isEmpty() ? "" : f.get(0).getText();
    }

    /** The measured figures, written next to the screenshots (the README quotes them). */
    static final class Measured {
        private Measured() {}

        static void write(String name, String line) throws IOException {
            Files.createDirectories(Chromium.SHOTS);
            Files.writeString(
                    Chromium.SHOTS.resolve("measured-" + name + ".txt"),
                    line + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void keyboardOnlyFromSignInToADecidedCase() throws IOException {
        browser.get(url("/review"));
        page("kbd-1-login");
        assertThat(activeId()).isEqualTo("username");
        keys("mona", Keys.TAB, TestReviewApplication.PASSWORD, Keys.ENTER);
        awaitPath("/review");
        page("kbd-2-queue");
        // the first case is focused; c claims it and lands on its page, focus on "show content"
        shortcut("c");
        awaitPath("/review/cases/" + CASE);
        page("kbd-3-claimed");
        assertThat(browser.switchTo().activeElement().getAttribute("class")).contains("reveal");
        shortcut("r");
        waiting().until(d -> !ports.reveals.isEmpty());
        page("kbd-4-revealed");
        assertThat(activeId()).isEqualTo("content-" + InMemoryReviewPorts.ITEM);
        shortcut("d");
        assertThat(activeId()).isEqualTo("ground");
        keys("Terms of service: harassment", Keys.TAB, "Threatened the reporter.");
        // automated (no), next (no), Dismiss, Warn
        keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Warn");
        keys(Keys.ENTER);
        waiting().until(d -> !ports.decisions.isEmpty());
        page("kbd-5-decided");
        assertThat(ports.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.WARN);
                            assertThat(d.reasons().ground())
                                    .isEqualTo("Terms of service: harassment");
                            assertThat(d.by()).isEqualTo("mona");
                        });
        assertThat(activeId()).isEqualTo("flash");
        int commands = keystrokes - typedCharacters;
        Measured.write(
                "keyboard",
                "keystrokes "
                        + keystrokes
                        + " = "
                        + commands
                        + " commands + "
                        + typedCharacters
                        + " typed characters; clicks "
                        + clicks);
        assertThat(clicks).isZero();
        // sign-in: Tab, Enter; c; r; d; Tab to facts; Tab x4 to Warn; Enter
        assertThat(commands).isEqualTo(11);
        // username, password, ground and facts
        assertThat(typedCharacters).isEqualTo(4 + 28 + 28 + 24);
    }

    @Test
    void mouseFromSignInToADecidedCase() throws IOException {
        browser.get(url("/review"));
        page("mouse-1-login");
        // the username field has the focus already: no click to type into it
        keys("mona");
        click(browser.findElement(By.id("password")));
        keys(TestReviewApplication.PASSWORD);
        click(browser.findElement(By.cssSelector("form[action$='/review/login'] button")));
        awaitPath("/review");
        page("mouse-2-queue");
        click(browser.findElement(By.cssSelector("table.queue button.claim")));
        awaitPath("/review/cases/" + CASE);
        page("mouse-3-claimed");
        click(browser.findElement(By.cssSelector("button.reveal")));
        waiting().until(d -> !ports.reveals.isEmpty());
        page("mouse-4-revealed");
        click(browser.findElement(By.id("ground")));
        keys("Terms of service: harassment");
        click(browser.findElement(By.id("facts")));
        keys("Threatened the reporter.");
        click(decisionButton("warn"));
        waiting().until(d -> !ports.decisions.isEmpty());
        page("mouse-5-decided");
        assertThat(ports.decisions)
                .singleElement()
                .extracting(d -> d.decision())
                .isEqualTo(Decision.WARN);
        Measured.write(
                "mouse",
                "clicks "
                        + clicks
                        + "; keystrokes "
                        + keystrokes
                        + " (all typed characters: "
                        + typedCharacters
                        + ")");
        assertThat(keystrokes).isEqualTo(typedCharacters);
        // password field, Sign in, Claim, Show content, Ground, Facts, Warn
        assertThat(clicks).isEqualTo(7);
    }

    @Test
    void enterNeverDecidesWithOrWithoutScript() throws IOException {
        signIn("mona");
        ports.claim(CASE, new Reviewer("mona", Set.of(Role.MODERATOR)));
        for (boolean script : new boolean[] {true, false}) {
            scriptEnabled(script);
            openCase(CASE, "enter-" + (script ? "script" : "noscript"));
            WebElement ground = browser.findElement(By.id("ground"));
            typeInto(ground, "Terms of service: spam");
            typeInto(browser.findElement(By.id("facts")), "Forty identical messages.");
            ground.sendKeys(Keys.ENTER);
            // give a submission every chance to happen
            browser.executeScript("return 1");
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(path()).isEqualTo("/review/cases/" + CASE);
            assertThat(ports.decisions).as("script " + script).isEmpty();
            assertThat(browser.findElement(By.id("ground")).getAttribute("value"))
                    .isEqualTo("Terms of service: spam");
        }
    }

    @Test
    void suspendAsksForConfirmationWithoutScriptAndKeepsTheTypedText() throws IOException {
        signIn("mona");
        ports.claim(CASE, new Reviewer("mona", Set.of(Role.MODERATOR)));
        scriptEnabled(false);
        openCase(CASE, "confirm-1-case");
        typeInto(browser.findElement(By.id("ground")), "Terms of service: violence");
        typeInto(browser.findElement(By.id("facts")), "Threatened the reporter twice.");
        decisionButton("suspend").click();
        waiting().until(d -> !d.findElements(By.id("confirm")).isEmpty());
        page("confirm-2-ask");
        assertThat(ports.decisions).as("nothing decided before confirming").isEmpty();
        assertThat(browser.findElement(By.id("confirm")).getText())
                .contains("Suspend acct-mallory?");
        // the decision form below keeps what was typed
        assertThat(browser.findElement(By.id("ground")).getAttribute("value"))
                .isEqualTo("Terms of service: violence");
        assertThat(browser.findElement(By.id("facts")).getAttribute("value"))
                .isEqualTo("Threatened the reporter twice.");
        assertThat(activeId()).isEqualTo("confirm-yes");
        browser.findElement(By.id("confirm-yes")).click();
        waiting().until(d -> !ports.decisions.isEmpty());
        page("confirm-3-done");
        assertThat(ports.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.SUSPEND);
                            assertThat(d.reasons().facts())
                                    .isEqualTo("Threatened the reporter twice.");
                        });
        assertThat(flash()).contains("The account is suspended");

        // restrict, with the script on: the same step
        ports.reset();
        scriptEnabled(true);
        ports.claim(CASE, new Reviewer("mona", Set.of(Role.MODERATOR)));
        openCase(CASE, "confirm-4-case");
        typeInto(browser.findElement(By.id("ground")), "Terms of service: spam");
        typeInto(browser.findElement(By.id("facts")), "Bulk messages.");
        decisionButton("restrict").click();
        waiting().until(d -> !d.findElements(By.id("confirm")).isEmpty());
        page("confirm-5-ask-restrict");
        assertThat(ports.decisions).isEmpty();
        // going back leaves everything as typed and decides nothing
        browser.findElement(By.cssSelector("#confirm a.cancel")).click();
        assertThat(ports.decisions).isEmpty();
        assertThat(browser.findElement(By.id("facts")).getAttribute("value"))
                .isEqualTo("Bulk messages.");
    }

    @Test
    void aRefusedDecisionKeepsTheTypedReasons() throws IOException {
        signIn("mona");
        ports.claim(CASE, new Reviewer("mona", Set.of(Role.MODERATOR)));
        openCase(CASE, "refused-1-case");
        typeInto(browser.findElement(By.id("ground")), "Terms of service: harassment");
        typeInto(browser.findElement(By.id("facts")), "Long explanation typed with care.");
        // meanwhile an admin gives the case to someone else
        ports.reassign(CASE, "carl", new Reviewer("ada", Set.of(Role.ADMIN)));
        decisionButton("warn").click();
        waiting().until(d -> flash().contains("Claim the case"));
        page("refused-2-kept");
        assertThat(ports.decisions).isEmpty();
        assertThat(browser.findElement(By.id("ground")).getAttribute("value"))
                .isEqualTo("Terms of service: harassment");
        assertThat(browser.findElement(By.id("facts")).getAttribute("value"))
                .isEqualTo("Long explanation typed with care.");
        assertThat(activeId()).isEqualTo("decide-h");
    }

    @Test
    void decideAndNextGoesToTheNextCaseOfTheQueue() throws IOException {
        UUID second = ports.addOpenCase("acct-second", "spam");
        signIn("mona");
        ports.claim(CASE, new Reviewer("mona", Set.of(Role.MODERATOR)));
        openCase(CASE, "next-1-case");
        // the decision form is in view without scrolling (the sticky side panel)
        assertThat(
                        (Boolean)
                                browser.executeScript(
                                        "var r = document.getElementById('decide')"
                                                + ".getBoundingClientRect();"
                                                + " return r.top < window.innerHeight && r.left <"
                                                + " window.innerWidth;"))
                .isTrue();
        browser.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        assertThat(
                        (Boolean)
                                browser.executeScript(
                                        "var r = document.getElementById('decide-h')"
                                                + ".getBoundingClientRect();"
                                                + " return r.bottom > 0 && r.top <"
                                                + " window.innerHeight;"))
                .as("the decision form stays in view when the page scrolls")
                .isTrue();
        Chromium.screenshot(browser, "next-2-scrolled");
        typeInto(browser.findElement(By.id("ground")), "Terms of service: harassment");
        typeInto(browser.findElement(By.id("facts")), "Threats.");
        browser.findElement(By.id("decide-next")).click();
        decisionButton("warn").click();
        awaitPath("/review/cases/" + second);
        page("next-3-second");
        assertThat(flash()).contains("The account is warned");
        assertThat(activeId()).isEqualTo("claim-button");
        // the decision form appears only once the case is claimed
        assertThat(browser.findElements(By.id("decide"))).isEmpty();
        new Actions(browser).sendKeys("c").perform();
        waiting().until(d -> flash().contains("You have claimed"));
        page("next-4-claimed");
        assertThat(browser.findElements(By.id("decide"))).hasSize(1);
        typeInto(browser.findElement(By.id("ground")), "Terms of service: spam");
        typeInto(browser.findElement(By.id("facts")), "Not spam after all.");
        browser.findElement(By.id("decide-next")).click();
        decisionButton("dismiss").click();
        awaitPath("/review/queue");
        page("next-5-queue-done");
        assertThat(browser.findElement(By.id("queue-done")).getText()).contains("no other case");
        assertThat(ports.decisions)
                .extracting(d -> d.caseId() + " " + d.decision())
                .containsExactly(CASE + " WARN", second + " DISMISS");
    }

    @Test
    void keyboardShortcutsAreListedAndNeverFireWhileTyping() throws IOException {
        UUID second = ports.addOpenCase("acct-second", "spam");
        UUID third = ports.addOpenCase("acct-third", "spam");
        signIn("mona");
        page("keys-1-queue");
        new Actions(browser).sendKeys("?").perform();
        WebElement help = browser.findElement(By.id("shortcuts"));
        waiting().until(d -> help.isDisplayed());
        page("keys-2-help");
        assertThat(help.getText())
                .contains("j / k")
                .contains("Claim the case")
                .contains("Go to the decision form")
                .contains("Open the next case");
        new Actions(browser).sendKeys("?").perform();
        waiting().until(d -> !help.isDisplayed());
        // the header button opens it too
        browser.findElement(By.id("shortcuts-open")).click();
        waiting().until(d -> help.isDisplayed());
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        waiting().until(d -> !help.isDisplayed());

        List<WebElement> rows = browser.findElements(By.cssSelector("tr.queue-row"));
        assertThat(rows).hasSize(3);
        new Actions(browser).sendKeys("j").perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("acct-second");
        new Actions(browser).sendKeys("j", "j", "k").perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("acct-second");
        new Actions(browser).sendKeys("o").perform();
        awaitPath("/review/cases/" + second);
        page("keys-3-case");

        // typing in a field: none of the letters is a shortcut
        WebElement note = browser.findElement(By.id("text"));
        note.click();
        new Actions(browser).sendKeys("cr dnjk?q").perform();
        assertThat(note.getAttribute("value")).isEqualTo("cr dnjk?q");
        assertThat(path()).isEqualTo("/review/cases/" + second);
        assertThat(ports.actions).isEmpty();
        assertThat(ports.reveals).isEmpty();
        // Escape leaves the field; then c claims, r shows content, d goes to the decision
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        new Actions(browser).sendKeys("c").perform();
        waiting().until(d -> flash().contains("You have claimed"));
        page("keys-4-claimed");
        new Actions(browser).sendKeys("r").perform();
        waiting().until(d -> !ports.reveals.isEmpty());
        page("keys-5-revealed");
        new Actions(browser).sendKeys("d").perform();
        assertThat(activeId()).isEqualTo("ground");
        new Actions(browser).sendKeys(Keys.ESCAPE, "n").perform();
        awaitPath("/review/cases/" + third);
        page("keys-6-next");
        new Actions(browser).sendKeys("q").perform();
        awaitPath("/review");
        page("keys-7-queue");
    }

    @Test
    void queueAndCasePagesFitA390PixelPhone() throws IOException {
        ports.addOpenCase("acct-with-a-rather-long-account-name-0123456789", "harassment");
        signIn("carl");
        Chromium.viewport(browser, 390, 844);
        List<String> pages = new ArrayList<>();
        browser.get(url("/review/queue"));
        page("phone-1-queue");
        pages.add(noSidewaysScroll("queue"));
        openCase(CASE, "phone-2-case");
        pages.add(noSidewaysScroll("case"));
        browser.findElement(By.cssSelector("button.reveal")).click();
        waiting().until(d -> !ports.reveals.isEmpty());
        page("phone-3-revealed");
        pages.add(noSidewaysScroll("revealed case"));
        assertThat(pages).hasSize(3);
    }

    String noSidewaysScroll(String what) {
        Number scroll =
                (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Number width = (Number) browser.executeScript("return window.innerWidth;");
        assertThat(width.intValue()).isEqualTo(390);
        assertThat(scroll.intValue()).as(what + ": page width at 390 px").isLessThanOrEqualTo(390);
        return what;
    }

    @Test
    void dashboardAxisHasNoRepeatedDateAndBadParametersGetTheErrorPage() throws IOException {
        signIn("ada");
        for (int days : new int[] {1, 7, 30}) {
            browser.get(url("/review/admin/dashboard?days=" + days));
            page("dashboard-" + days);
            List<String> labels = new ArrayList<>();
            for (WebElement t :
                    browser.findElements(By.cssSelector("figure.chart svg text.label"))) {
                if (t.getText().matches("\\d{4}-\\d{2}-\\d{2}")) {
                    labels.add(t.getText());
                }
            }
            assertThat(labels).as("days=" + days).isNotEmpty().doesNotHaveDuplicates();
        }
        for (String bad : new String[] {"500", "abc", "0", "-1"}) {
            browser.get(url("/review/admin/dashboard?days=" + bad));
            page("dashboard-bad-" + bad);
            assertThat(browser.getTitle()).isEqualTo("Bad request");
            assertThat(browser.findElement(By.cssSelector("h1")).getText())
                    .isEqualTo("Bad request");
            // the review UI's layout: navigation, who is signed in, the footer
            assertThat(browser.findElement(By.cssSelector("header.top nav")).getText())
                    .contains("Queue")
                    .contains("Dashboard");
            assertThat(browser.findElements(By.cssSelector("footer.bottom"))).hasSize(1);
        }
    }

    @Test
    void theOtherPagesPassAxeToo() throws IOException {
        signIn("ada");
        for (String[] p :
                new String[][] {
                    {"admin-audit", "/review/admin/audit"},
                    {"admin-chain", "/review/admin/audit/chain"},
                    {"admin-destinations", "/review/admin/destinations"},
                    {"closed-case", "/review/cases/" + InMemoryReviewPorts.CLOSED_CASE},
                    {"child-case", "/review/cases/" + InMemoryReviewPorts.CHILD_CASE},
                    {"not-found", "/review/cases/" + UUID.randomUUID()},
                    {"queue-filtered", "/review/queue?status=CLOSED"}
                }) {
            browser.get(url(p[1]));
            page(p[0]);
        }
        browser.manage().deleteAllCookies();
        signIn("mona");
        browser.get(url("/review/admin/audit"));
        page("denied");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Access denied");
    }
}
