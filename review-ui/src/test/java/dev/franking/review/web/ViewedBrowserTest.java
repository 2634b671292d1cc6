package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.InMemoryWellness;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Issue 13 item 3 and issue 14's wellness in headless Chromium: the image the browser gets is grey
 * and blurred in its pixels (read back through a canvas, not a CSS filter); "view original" is an
 * audited POST whose page survives a refresh without a second audit row, greyscale first and colour
 * as a second audited step; the settings page changes the preview; the header counts content views
 * and suggests a break above the limit; admins see everyone's count. axe on every page
 * (target/screenshots/viewed-*.png, axe-pages-viewed.txt).
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ViewedBrowserTest extends BrowserTestBase {
    ViewedBrowserTest() {
        super("viewed-", "axe-pages-viewed.txt");
    }

    /**
     * The image's pixels as the browser decoded them, through a canvas: the largest difference
     * between colour channels (0 = grey) and the mean difference between neighbouring pixels
     * (sharpness).
     */
    double[] pixels(WebElement img) {
        waiting()
                .until(
                        d ->
                                Boolean.TRUE.equals(
                                        browser.executeScript(
                                                "return arguments[0].complete &&"
                                                        + " arguments[0].naturalWidth > 0",
                                                img)));
        @SuppressWarnings("unchecked")
        List<Number> r =
                (List<Number>)
                        browser.executeScript(
                                "var img = arguments[0], c ="
                                    + " document.createElement('canvas');c.width ="
                                    + " img.naturalWidth; c.height = img.naturalHeight;var g ="
                                    + " c.getContext('2d'); g.drawImage(img, 0, 0);var d ="
                                    + " g.getImageData(0, 0, c.width, c.height).data;var chroma ="
                                    + " 0, diff = 0, n = 0;for (var y = 0; y < c.height; y++) { for"
                                    + " (var x = 0; x < c.width; x++) {  var i = (y * c.width + x)"
                                    + " * 4;  chroma = Math.max(chroma, Math.abs(d[i] - d[i+1]),  "
                                    + " Math.abs(d[i+1] - d[i+2]), Math.abs(d[i] - d[i+2]));  if (x"
                                    + " > 0) { for (var k = 0; k < 3; k++) {   diff +="
                                    + " Math.abs(d[i+k] - d[i-4+k]); n++; } } } }return [chroma,"
                                    + " diff / n];",
                                img);
        return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue()};
    }

    @Test
    void previewsAreGreyAndBlurredAndTheOriginalTakesAuditedSteps() throws IOException {
        signIn("mona");
        browser.get(url("/review/cases/" + CASE));
        page("1-case");
        browser.findElement(By.cssSelector("button.reveal")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("figure.preview img")).isEmpty());
        page("2-preview");
        double[] preview = pixels(browser.findElement(By.cssSelector("figure.preview img")));
        assertThat(preview[0]).as("the preview's pixels are grey").isLessThanOrEqualTo(2);
        assertThat(preview[1]).as("and blurred").isLessThan(3);
        assertThat(ports.attachmentReveals).as("a preview is no view").isEmpty();

        browser.findElement(By.cssSelector("form.original button")).click();
        waiting().until(d -> path().endsWith("/attachments/0/original"));
        assertThat(browser.getCurrentUrl()).contains("grant=");
        page("3-original-greyscale");
        double[] grey = pixels(browser.findElement(By.id("original-image")));
        assertThat(grey[0]).as("unblurred but still grey").isLessThanOrEqualTo(2);
        assertThat(grey[1]).as("unblurred").isGreaterThan(10);
        assertThat(ports.attachmentReveals).hasSize(1);

        browser.navigate().refresh();
        waiting().until(d -> !d.findElements(By.id("show-colour")).isEmpty());
        pixels(browser.findElement(By.id("original-image")));
        assertThat(ports.attachmentReveals).as("a refresh writes no second row").hasSize(1);

        browser.findElement(By.id("show-colour")).click();
        waiting().until(d -> d.findElements(By.id("show-colour")).isEmpty());
        page("4-original-colour");
        double[] colour = pixels(browser.findElement(By.id("original-image")));
        assertThat(colour[0]).as("in colour").isGreaterThan(150);
        assertThat(ports.attachmentReveals).as("colour is its own audited step").hasSize(2);
        browser.navigate().refresh();
        pixels(browser.findElement(By.id("original-image")));
        assertThat(ports.attachmentReveals).hasSize(2);

        // reveal 1 + originals 2 = 3 content views: at the limit, no break suggested yet
        assertThat(browser.findElement(By.id("exposure-count")).getText())
                .isEqualTo("Content views today: 3");
        assertThat(browser.findElements(By.id("break"))).isEmpty();
        browser.findElement(By.id("back-to-case")).click();
        waiting().until(d -> path().equals("/review/cases/" + CASE));
    }

    @Test
    void settingsChangeThePreviewAndTheCountSuggestsABreak() throws IOException {
        signIn("mona");
        browser.get(url("/review/settings"));
        page("5-settings");
        assertThat(browser.findElement(By.id("exposure-today")).getText())
                .startsWith("0 content views today");
        new Select(browser.findElement(By.id("blurStrength"))).selectByValue("2");
        WebElement greyscale = browser.findElement(By.id("greyscale"));
        assertThat(greyscale.isSelected()).isTrue();
        greyscale.click();
        browser.findElement(By.id("settings-save")).click();
        waiting().until(d -> d.findElement(By.id("flash")).getText().contains("saved"));
        page("6-settings-saved");
        assertThat(
                        new Select(browser.findElement(By.id("blurStrength")))
                                .getFirstSelectedOption()
                                .getAttribute("value"))
                .isEqualTo("2");

        browser.get(url("/review/cases/" + CASE));
        browser.findElement(By.cssSelector("button.reveal")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("figure.preview img")).isEmpty());
        double[] preview = pixels(browser.findElement(By.cssSelector("figure.preview img")));
        assertThat(preview[0]).as("greyscale off: colour, still blurred").isGreaterThan(20);
        assertThat(preview[1]).isLessThan(3);

        // without greyscale "view original" is colour at once, one audited step
        browser.findElement(By.cssSelector("form.original button")).click();
        waiting().until(d -> path().endsWith("/original"));
        assertThat(browser.findElements(By.id("show-colour"))).isEmpty();
        assertThat(pixels(browser.findElement(By.id("original-image")))[0]).isGreaterThan(150);
        assertThat(ports.attachmentReveals).hasSize(1);

        // two more content views pass the soft limit of 3: the header suggests a break
        for (int i = 0; i < 2; i++) {
            // a reveal is shown again from its grant for the rest of the session (no second
            // view): a new session reveals anew, as a moderator coming back the next shift would
            browser.manage().deleteAllCookies();
            signIn("mona");
            browser.get(url("/review/cases/" + CASE));
            browser.findElement(By.cssSelector("button.reveal")).click();
            waiting().until(d -> !d.findElements(By.cssSelector("figure.preview img")).isEmpty());
        }
        WebElement banner = browser.findElement(By.id("break"));
        assertThat(banner.getText()).contains("Consider taking a break");
        assertThat(browser.findElement(By.id("exposure-count")).getText())
                .isEqualTo("Content views today: " + (InMemoryWellness.SOFT_LIMIT + 1));
        page("7-break-suggested");

        // admins see everyone's count
        browser.manage().deleteAllCookies();
        signIn("ada");
        browser.findElement(By.id("nav-wellness")).click();
        waiting().until(d -> path().equals("/review/admin/wellness"));
        page("8-admin-counts");
        WebElement row = browser.findElement(By.cssSelector("tr[data-moderator='mona']"));
        assertThat(row.getText()).contains("4").contains("Over the limit");
    }
}
