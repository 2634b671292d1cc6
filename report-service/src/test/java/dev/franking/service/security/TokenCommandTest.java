package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import picocli.CommandLine;

/**
 * The offline {@code token} and {@code keygen} commands, as the service's main method runs them.
 */
class TokenCommandTest {
    private final Path dir = Path.of("target", "token-cmd-" + UUID.randomUUID()).toAbsolutePath();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private static int run(String... args) {
        CommandLine cmd =
                new CommandLine(new Commands())
                        .addSubcommand(new TokenCommand.Token())
                        .addSubcommand(new TokenCommand.Keygen());
        return cmd.execute(args);
    }

    @picocli.CommandLine.Command(name = "report-service.jar")
    static final class Commands {}

    @Test
    void tokenSignsWithTheDataDirectorysPairWhichTheServiceTrusts() throws Exception {
        assertThat(
                        run(
                                "token",
                                "--sub",
                                "bob",
                                "--scope",
                                "report",
                                "--ttl",
                                "8h",
                                "--data-dir",
                                dir.toString()))
                .isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        var keys = JwtKeys.load(dir.resolve("jwt/private.pem"));
        Jwt jwt =
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic())
                        .build()
                        .decode(token);
        assertThat(jwt.getSubject()).isEqualTo("bob");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("report");
        assertThat(jwt.getExpiresAt())
                .isBetween(
                        jwt.getIssuedAt().plusSeconds(8 * 3600 - 1),
                        jwt.getIssuedAt().plusSeconds(8 * 3600 + 1));
    }

    @Test
    void keygenWritesAPairThatTokenCanUseWithKey() throws Exception {
        assertThat(run("keygen", "--out", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("public-key-location=file:" + dir.resolve("public.pem"));
        assertThat(dir.resolve("public.pem")).exists();
        out.reset();
        assertThat(
                        run(
                                "token",
                                "--sub",
                                "relay-1",
                                "--scope",
                                "stamp",
                                "--key",
                                dir.resolve("private.pem").toString()))
                .isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        var keys = JwtKeys.load(dir.resolve("private.pem"));
        assertThat(
                        NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic())
                                .build()
                                .decode(token)
                                .getClaimAsString("scope"))
                .isEqualTo("stamp");
    }

    @Test
    void missingOrMalformedOptionsAreAUsageErrorAndHelpIsNot() {
        assertThat(run("token", "--sub", "bob")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scope").contains("Usage:");
        assertThat(run("token", "--sub", "bob", "--scope", "report", "--ttl", "soon")).isEqualTo(2);
        assertThat(Files.exists(dir)).isFalse();

        err.reset();
        assertThat(run("token", "--help")).isZero();
        assertThat(run("keygen", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--sub")
                .contains("--ttl")
                .contains("--out");
    }
}
