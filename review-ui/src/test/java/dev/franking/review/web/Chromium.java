package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver, with a fresh profile under target/ and no
 * background networking; screenshots under target/screenshots; axe-core (vendored under
 * src/test/resources/axe) run on a page on request.
 */
final class Chromium {
    static final Path SHOTS = Path.of("target", "screenshots");
    private static String axeSource;

    private Chromium() {}

    static ChromeDriver start() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path profile = Files.createTempDirectory(target, "chromium-profile-");
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
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        return browser;
    }

    static void screenshot(ChromeDriver browser, String name) throws IOException {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What every browser test does on each page it visits: waits until the page has loaded, runs
     * axe and takes the screenshot {@code shot}. Returns axe's serious or critical violations, for
     * the caller to assert on.
     */
    static List<String> check(ChromeDriver browser, String shot) throws IOException {
        waiting(browser, Duration.ofSeconds(10))
                .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        List<String> violations = axe(browser);
        screenshot(browser, shot);
        return violations;
    }

    /**
     * A wait that outlasts a page being replaced: a form's POST redirects, and a condition may read
     * the old page just as it goes, which ChromeDriver reports as a stale element or as an
     * inspector error ("Node with given id does not belong to the document"); so every
     * WebDriverException is ignored until the timeout, and a condition that never holds still times
     * out.
     */
    static WebDriverWait waiting(WebDriver browser, Duration timeout) {
        WebDriverWait w = new WebDriverWait(browser, timeout);
        w.ignoring(WebDriverException.class);
        return w;
    }

    /** Emulates a phone's viewport (390 CSS pixels wide), or the desktop again with {@code 0}. */
    static void viewport(ChromeDriver browser, int width, int height) {
        if (width == 0) {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        } else {
            browser.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of(
                            "width",
                            width,
                            "height",
                            height,
                            "deviceScaleFactor",
                            1,
                            "mobile",
                            true));
        }
    }

    /**
     * Runs axe-core on the current page; returns its serious and critical violations, one line each
     * (rule, impact, the elements).
     */
    @SuppressWarnings("unchecked")
    static List<String> axe(JavascriptExecutor browser) throws IOException {
        if (axeSource == null) {
            try (InputStream in = Chromium.class.getResourceAsStream("/axe/axe.min.js")) {
                assertThat(in).as("vendored axe.min.js").isNotNull();
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        browser.executeScript(axeSource);
        Object result =
                browser.executeAsyncScript(
                        "var done = arguments[arguments.length - 1];axe.run(document, {resultTypes:"
                            + " ['violations']}).then(function (r) { "
                            + " done(r.violations.filter(function (v) {    return v.impact ==="
                            + " 'serious' || v.impact === 'critical';  }).map(function (v) {   "
                            + " return v.id + ' (' + v.impact + '): ' + v.help + ' at ' +"
                            + " v.nodes.map(function (n) { return n.target.join(' '); }).join(',"
                            + " ');  }));}, function (e) { done(['axe failed: ' + e]); });");
        return (List<String>) result;
    }
}
