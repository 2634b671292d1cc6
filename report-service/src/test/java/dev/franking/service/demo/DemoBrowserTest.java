package dev.franking.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Browser;
import dev.franking.service.Instances;
import dev.franking.service.ReportServiceApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The first run as a newcomer sees it: the service with {@code --demo} on its embedded default,
 * then the review UI in headless Chromium, signed in with the demo account the log names; the queue
 * shows the demo's verified cases. Saves target/screenshots/demo-queue.png.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoBrowserTest {

    @Test
    void theLogNamesAnAccountThatSeesTheDemoCasesInTheQueue(CapturedOutput output)
            throws Exception {
        Path dir = Path.of("target", "demo-ui-" + UUID.randomUUID()).toAbsolutePath();
        try (ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(ReportServiceApplication.class)
                        .run("--server.port=0", "--reports.data-dir=" + dir, "--demo")) {
            Matcher m =
                    Pattern.compile("as 'demo-senior' with password '([^']+)'")
                            .matcher(output.getOut());
            assertThat(m.find()).as("the log names the demo account").isTrue();
            String password = m.group(1);
            List<String> senders =
                    ctx.getBean(JdbcTemplate.class)
                            .queryForList(
                                    "SELECT reported_sender_id FROM cases WHERE closed_at IS NULL",
                                    String.class);
            assertThat(senders).hasSize(3);

            WebDriver browser = Browser.start();
            try {
                Browser.signIn(
                        browser,
                        "http://localhost:" + Instances.port(ctx),
                        "demo-senior",
                        password);
                Browser.waiting(browser)
                        .until(d -> senders.stream().allMatch(d.getPageSource()::contains));
                assertThat(Files.size(Browser.screenshot(browser, "demo-queue"))).isPositive();
            } finally {
                browser.quit();
            }
        }
    }
}
