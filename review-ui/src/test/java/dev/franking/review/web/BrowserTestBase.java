package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every browser test of this module shares: one headless Chromium per test class ({@link
 * Chromium#start}), the application's addresses, waits that survive a page being replaced, sign-in,
 * and {@link #page} (axe, screenshot, the list of pages checked). Each class keeps its own
 * {@code @SpringBootTest}, so the application contexts (and their caching) are unchanged.
 */
abstract class BrowserTestBase {
    static ChromeDriver browser;

    /** Pages the running class checked with axe ("name path"), for its report at the end. */
    private static final Set<String> CHECKED = new LinkedHashSet<>();

    private static String report;

    private final String shots;
    private final String axeReport;

    @LocalServerPort int port;
    @Autowired InMemoryReviewPorts ports;

    /**
     * {@code shots}: the prefix of the class's screenshots (e.g. {@code "routing-"}); {@code
     * axeReport}: the file under target/screenshots that lists the pages it checked, or null.
     */
    BrowserTestBase(String shots, String axeReport) {
        this.shots = shots;
        this.axeReport = axeReport;
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        CHECKED.clear();
        report = null;
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (report != null) {
            Files.writeString(
                    Chromium.SHOTS.resolve(report),
                    String.join("\n", CHECKED) + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    /** Each test starts from the test data and no session. */
    @BeforeEach
    void freshSession() {
        ports.reset();
        browser.get(url("/review/login"));
        browser.manage().deleteAllCookies();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    static String path() {
        return URI.create(browser.getCurrentUrl()).getPath();
    }

    WebDriverWait waiting() {
        return Chromium.waiting(browser, Duration.ofSeconds(10));
    }

    void awaitPath(String expected) {
        waiting().until(d -> path().equals(expected));
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /**
     * Waits for the page, runs axe on it (failing on serious or critical violations), takes its
     * screenshot (the class's prefix + name) and lists it in the class's report.
     */
    void page(String name) throws IOException {
        List<String> violations = Chromium.check(browser, shots + name);
        report = axeReport;
        CHECKED.add(name + " " + path());
        assertThat(violations).as("axe: serious or critical violations on " + name).isEmpty();
    }

    /**
     * Signs in without waiting for a particular page: until the sign-in page is left, or shown
     * again with an answer ({@code ?error}, {@code ?locked}).
     */
    void signIn(String username, String password) {
        browser.get(url("/review/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form[action$='/review/login'] button")).click();
        waiting().until(d -> !path().equals("/review/login") || d.getCurrentUrl().contains("?"));
    }

    /**
     * A fresh session of a test account (no cookies kept), landing on the queue. (IOException: a
     * subclass may check the sign-in page with axe on the way.)
     */
    void signIn(String username) throws IOException {
        browser.manage().deleteAllCookies();
        signIn(username, TestReviewApplication.PASSWORD);
        awaitPath("/review");
    }
}
