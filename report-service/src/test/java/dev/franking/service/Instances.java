package dev.franking.service;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole service instances started by a test, each on its own port. */
public final class Instances {
    public static final String KEK =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private Instances() {}

    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return start(properties, null);
    }

    /** With {@code clock} non-null, the instance's time is the test's. */
    public static ConfigurableApplicationContext start(
            Map<String, Object> properties, java.time.Clock clock) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        args.add("--reports.stamp-keys.check-interval=1h");
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        var builder = new SpringApplicationBuilder(ReportServiceApplication.class);
        if (clock != null) {
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("testClock", clock));
        }
        return builder.run(args.toArray(String[]::new));
    }

    public static Map<String, Object> external(String database) {
        return Map.of(
                "reports.evidence.signing.key-pem", TestSigning.keyPem(),
                "reports.evidence.signing.cert-pem", TestSigning.certPem(),
                "spring.datasource.url", TestDatabase.newDatabaseOnce(database),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                "reports.kek", KEK,
                "reports.epoch-keys.directory", epochKeyDirectory(database),
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                        TestTokens.publicKeyLocation());
    }

    private static final Map<String, String> EPOCH_KEY_DIRS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A fresh epoch key directory under {@code target/} for the test database {@code name}, the
     * same for every instance of this JVM that uses it (instances share their key store as they
     * share their database).
     */
    public static String epochKeyDirectory(String name) {
        return EPOCH_KEY_DIRS.computeIfAbsent(
                name,
                n -> {
                    try {
                        return java.nio.file.Files.createTempDirectory(
                                        java.nio.file.Files.createDirectories(
                                                java.nio.file.Path.of("target", "epoch-keys")),
                                        n + "-")
                                .toAbsolutePath()
                                .toString();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    public static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }
}
