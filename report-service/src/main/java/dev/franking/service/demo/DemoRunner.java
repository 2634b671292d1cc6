package dev.franking.service.demo;

import dev.franking.client.FrankingApi;
import dev.franking.service.ReportsProperties;
import dev.franking.service.security.JwtKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.stereotype.Component;

/**
 * {@code --demo}: once the service is ready, plays {@link DemoScenario} through the reference
 * client against the service's own HTTP API, with tokens signed by the local key pair (the embedded
 * default's {@code <data dir>/jwt}).
 *
 * <p>It plays once per data directory: afterwards it writes {@code <data dir>/demo/played}, and on
 * later starts with {@code --demo} it only says so (delete that file to play again; every play uses
 * fresh message ids). Logs carry ids and counts, never message text, keys or tokens.
 */
@Component
@Conditional(DemoRunner.Enabled.class)
class DemoRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);
    static final String MARKER = "demo/played";

    private final ReportsProperties props;
    private final Environment env;
    private final Clock clock;
    private volatile DemoScenario.Result result;

    private final dev.franking.service.moderators.ModeratorService moderators;

    DemoRunner(
            ReportsProperties props,
            Environment env,
            Clock clock,
            dev.franking.service.moderators.ModeratorService moderators) {
        this.moderators = moderators;
        this.props = props;
        this.env = env;
        this.clock = clock;
    }

    /** The last play's result in this process; null if it did not play. */
    public DemoScenario.Result result() {
        return result;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onReady(ApplicationReadyEvent event) {
        int port =
                ((WebServerApplicationContext) event.getApplicationContext())
                        .getWebServer()
                        .getPort();
        String base = "http://localhost:" + port;
        try {
            play(base);
        } catch (Exception e) {
            // the service stays up: the demo is a guest, not a dependency
            log.error(
                    "Demo: the scenario failed ({}: {}); the service runs on",
                    e.getClass().getSimpleName(),
                    e.getMessage());
        }
        // demo-only accounts: a fresh password on every demo start, so the log always holds a
        // working one
        String mod =
                moderators.createOrResetPassword(
                        "demo-moderator",
                        java.util.EnumSet.of(dev.franking.review.model.Role.MODERATOR),
                        "demo");
        String senior =
                moderators.createOrResetPassword(
                        "demo-senior",
                        java.util.EnumSet.of(dev.franking.review.model.Role.CHILD_SAFETY),
                        "demo");
        log.warn(
                "Demo: sign in to the review UI at {}/review as 'demo-moderator' with password '{}'"
                        + " (sees harassment and spam), or as 'demo-senior' with password '{}'"
                        + " (child-safety moderator: also sees the child-safety case)",
                base,
                mod,
                senior);
    }

    private void play(String base) throws IOException {
        if (!JwtKeys.usesLocalKeys(env)) {
            log.warn(
                    "Demo: skipped: an identity provider is configured, and the demo signs its"
                            + " tokens with the local key pair");
            return;
        }
        Path dataDir = props.dataDir().toAbsolutePath().normalize();
        Path marker = dataDir.resolve(MARKER);
        if (Files.exists(marker)) {
            log.info(
                    "Demo: already played into {} ({}); delete {} to play it again",
                    dataDir,
                    Files.readString(marker).lines().findFirst().orElse(""),
                    marker);
            return;
        }
        KeyPair keys = JwtKeys.loadOrCreate(dataDir.resolve("jwt"));
        Duration ttl = Duration.ofMinutes(10);
        log.info("Demo: playing the scenario through the reference client against {}", base);
        DemoScenario scenario =
                new DemoScenario(
                        new FrankingApi(URI.create(base)),
                        JwtKeys.mint(keys, "demo-relay", "stamp", ttl, clock.instant()),
                        user -> JwtKeys.mint(keys, user, "report", ttl, clock.instant()),
                        clock);
        DemoScenario.Result r = scenario.play();
        result = r;
        log.info(
                "Demo: {} messages relayed, {} deliveries opened and checked by recipients ({}"
                        + " dropped)",
                r.messages(),
                r.deliveries(),
                r.dropped());
        r.reports()
                .forEach(
                        (what, id) ->
                                log.info(
                                        "Demo: report {} filed by {} ({}): {}",
                                        id,
                                        what.substring(what.indexOf(':') + 1),
                                        what.substring(0, what.indexOf(':')),
                                        r.statuses().get(what)));
        log.info(
                "Demo: {} verified reports in {} open cases (reported senders: {}); the spam"
                        + " message is one evidence item reported by {}",
                r.reports().size(),
                DemoScenario.REPORTED_SENDERS.size(),
                String.join(", ", DemoScenario.REPORTED_SENDERS),
                String.join(", ", DemoScenario.SPAM_REPORTERS));
        log.info(
                "Demo: {} attachment uploaded to report {} and checked against its commitment",
                r.attachmentsUploaded(),
                r.spamReportId());
        if (r.forgeryStatus() == 422) {
            log.info(
                    "Demo: a forged report (altered text under a genuine stamp) was rejected: {}"
                            + " {}",
                    r.forgeryStatus(),
                    r.forgeryCode());
        } else {
            log.error(
                    "Demo: a forged report was NOT rejected as expected: {} {}",
                    r.forgeryStatus(),
                    r.forgeryCode());
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(
                marker,
                "played at "
                        + clock.instant()
                        + "\n"
                        + String.join("\n", r.reports().values())
                        + "\n");
    }

    /** {@code --demo} (or {@code --demo=true}, or {@code REPORTS_DEMO=true}). */
    static final class Enabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            String flag = env.getProperty("demo");
            return (flag != null && !"false".equalsIgnoreCase(flag))
                    || env.getProperty("reports.demo", Boolean.class, false);
        }
    }
}
