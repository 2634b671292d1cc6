package dev.franking.service;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver (installed by .ci/run), with a fresh profile
 * and no background networking (the machine has no network). Screenshots go to target/screenshots;
 * axe-core is the review UI's vendored copy. {@link BrowserTestBase} puts these to use for tests on
 * the shared service.
 */
public final class Browser {
    public static final Path SHOTS = Path.of("target", "screenshots");

    /** The review UI's vendored axe-core (its licence beside it); the module's tests run in it. */
    static final Path AXE =
            Path.of("..", "review-ui", "src", "test", "resources", "axe", "axe.min.js");

    private Browser() {}

    public static WebDriver start() throws IOException {
        Path profile =
                Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,1600",
                "--user-data-dir=" + profile);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        Files.createDirectories(SHOTS);
        return browser;
    }

    public static Path screenshot(WebDriver browser, String name) throws IOException {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A wait that outlasts a page being replaced: a condition may read the old page just as a
     * redirect replaces it, which ChromeDriver reports as a stale element or an inspector error; so
     * every WebDriverException is ignored until the timeout (a condition that never holds still
     * times out).
     */
    public static WebDriverWait waiting(WebDriver browser) {
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(10));
        w.ignoring(WebDriverException.class);
        return w;
    }

    /** Signs in on the review UI at {@code base}; waits until the sign-in page is left. */
    public static void signIn(WebDriver browser, String base, String username, String password) {
        browser.get(base + "/review/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form[action$='/review/login'] button[type=submit]"))
                .click();
        waiting(browser).until(d -> !d.getCurrentUrl().contains("/review/login"));
    }

    /** axe-core's serious and critical violations on the current page, one line each. */
    @SuppressWarnings("unchecked")
    public static List<String> axe(WebDriver browser) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(Files.readString(AXE, StandardCharsets.UTF_8));
        return (List<String>)
                js.executeAsyncScript(
                        "var done = arguments[arguments.length - 1];axe.run(document, {resultTypes:"
                            + " ['violations']}).then(function (r) { "
                            + " done(r.violations.filter(function (v) {    return v.impact ==="
                            + " 'serious' || v.impact === 'critical';  }).map(function (v) {   "
                            + " return v.id + ' (' + v.impact + '): ' + v.help + ' at ' +"
                            + " v.nodes.map(function (n) { return n.target.join(' '); }).join(',"
                            + " ');  }));}, function (e) { done(['axe failed: ' + e]); });");
    }
}
