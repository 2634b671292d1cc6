package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.security.JwtKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * How the service starts: the embedded default survives restarts; production settings are enforced.
 */
class StartupTest {

    @Test
    void theEmbeddedDefaultKeepsKeysAndReportsAcrossARestart() throws Exception {
        Path dir = Path.of("target", "restart-" + UUID.randomUUID()).toAbsolutePath();
        Map<String, Object> props = Map.of("reports.data-dir", dir.toString());
        String reportId;
        String kid;
        Messenger.Held held;
        String token;
        try (ConfigurableApplicationContext first = Instances.start(props)) {
            assertThat(first.getBean(JwtDecoder.class))
                    .as("the local-key decoder is wrapped too")
                    // by name: the decoder class is package-private to security
                    .extracting(d -> d.getClass().getSimpleName())
                    .isEqualTo("CachingJwtDecoder");
            var kp = JwtKeys.loadOrCreate(dir.resolve("jwt"));
            token = JwtKeys.mint(kp, "bob", "report", Duration.ofHours(1), Instant.now());
            Api api = new Api(Instances.port(first));
            Messenger m =
                    new Messenger(
                            api,
                            JwtKeys.mint(kp, "relay", "stamp", Duration.ofHours(1), Instant.now()));
            held =
                    m.send(m.compose("m1", "alice", "c1", "before the restart", List.of()), "bob")
                            .get(0);
            kid = held.kid();
            Api.Response r = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            reportId = r.json().get("reportId").asString();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("kek")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("jwt/private.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (ConfigurableApplicationContext second = Instances.start(props)) {
            Api api = new Api(Instances.port(second));
            assertThat(api.get("/api/v2/reports/" + reportId, token).status()).isEqualTo(200);
            // the stamp key survived, wrapped under the same KEK: the old stamp still verifies, and
            // stamping goes on under it
            String carol =
                    JwtKeys.mint(
                            JwtKeys.load(dir.resolve("jwt/private.pem")),
                            "carol",
                            "report",
                            Duration.ofHours(1),
                            Instant.now());
            var kp = JwtKeys.load(dir.resolve("jwt/private.pem"));
            Messenger m =
                    new Messenger(
                            api,
                            JwtKeys.mint(kp, "relay", "stamp", Duration.ofHours(1), Instant.now()));
            var toCarol = m.send(held.opening(), "carol").get(0);
            assertThat(toCarol.kid()).isEqualTo(kid);
            assertThat(
                            api.post(
                                            "/api/v2/reports",
                                            carol,
                                            Messenger.reportJson("spam", toCarol))
                                    .status())
                    .isEqualTo(201);
            assertThat(
                            api.post("/api/v2/reports", token, Messenger.reportJson("spam", held))
                                    .status())
                    .isEqualTo(200);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM reports", Integer.class))
                    .isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM evidence_items", Integer.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFreshInstallationGetsOneAdminAndTheCommandAddsModerators() {
        Path dir = Path.of("target", "users-" + UUID.randomUUID()).toAbsolutePath();
        assertThat(
                        dev.franking.service.moderators.AddUserCommand.run(
                                new String[] {
                                    "add-user",
                                    "--username",
                                    "mona",
                                    "--role",
                                    "moderator,child_safety",
                                    "--password",
                                    "a long passphrase here",
                                    "--data-dir",
                                    dir.toString()
                                }))
                .isZero();
        assertThat(
                        dev.franking.service.moderators.AddUserCommand.run(
                                new String[] {
                                    "add-user",
                                    "--username",
                                    "bad name!",
                                    "--role",
                                    "moderator",
                                    "--data-dir",
                                    dir.toString()
                                }))
                .isEqualTo(1);
        try (ConfigurableApplicationContext ctx =
                Instances.start(Map.of("reports.data-dir", dir.toString(), "demo", "true"))) {
            var users = ctx.getBean(dev.franking.service.moderators.ModeratorService.class);
            var encoder =
                    ctx.getBean(org.springframework.security.crypto.password.PasswordEncoder.class);
            var mona = users.loadUserByUsername("mona");
            assertThat(mona.getPassword()).startsWith("{bcrypt}");
            assertThat(encoder.matches("a long passphrase here", mona.getPassword())).isTrue();
            assertThat(mona.getAuthorities())
                    .extracting(a -> a.getAuthority())
                    .containsExactlyInAnyOrder("ROLE_MODERATOR", "ROLE_CHILD_SAFETY");
            // the first admin exists, even though other accounts (mona, the demo's) came first
            assertThat(users.loadUserByUsername("admin").getAuthorities())
                    .extracting(a -> a.getAuthority())
                    .contains("ROLE_ADMIN");
            // its password went once to an owner-only file in the data directory, not to the log
            Path initial = dir.resolve("initial-admin-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(initial)))
                    .isEqualTo("rw-------");
            String pw = Files.readString(initial).strip();
            assertThat(encoder.matches(pw, users.loadUserByUsername("admin").getPassword()))
                    .isTrue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExternalDatabaseWithoutAKekRefusesToStart() {
        Map<String, Object> props = new HashMap<>(Instances.external("refusals"));
        props.remove("reports.kek");
        assertThatThrownBy(() -> Instances.start(props).close())
                .hasStackTraceContaining("REPORTS_KEK is not set");
    }

    @Test
    void anExternalDatabaseWithoutTokenKeysRefusesToStart() {
        Map<String, Object> props = new HashMap<>(Instances.external("refusals"));
        props.remove("spring.security.oauth2.resourceserver.jwt.public-key-location");
        assertThatThrownBy(() -> Instances.start(props).close())
                .hasStackTraceContaining("no token keys are");
    }

    @Test
    void aKekOfTheWrongLengthRefusesToStart() {
        Map<String, Object> props = new HashMap<>(Instances.external("refusals"));
        props.put("reports.kek", java.util.Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> Instances.start(props).close())
                .hasStackTraceContaining("exactly 32 bytes");
    }
}
