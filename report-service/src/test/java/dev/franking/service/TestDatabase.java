package dev.franking.service;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL for the whole test run (zonky's embedded binaries), its files under {@code
 * target/}. Tests that need their own database start their own.
 */
public final class TestDatabase {
    private static EmbeddedPostgres pg;

    private TestDatabase() {}

    public static synchronized EmbeddedPostgres get() {
        if (pg == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "embedded-pg"));
                pg =
                        EmbeddedPostgres.builder()
                                .setOverrideWorkingDirectory(dir.toFile())
                                .setServerConfig("max_connections", "200")
                                // durable like the service's own server (zonky's defaults are -F
                                // and synchronous_commit=off): the tests measure what runs
                                .setServerConfig("fsync", "on")
                                .setServerConfig("synchronous_commit", "on")
                                .setServerConfig("full_page_writes", "on")
                                .start();
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            try {
                                                pg.close();
                                            } catch (IOException ignored) {
                                                // the JVM is going away
                                            }
                                        }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pg;
    }

    private static final java.util.Map<String, String> ONCE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A database created fresh the first time it is asked for in this JVM, then reused. */
    public static String newDatabaseOnce(String name) {
        return ONCE.computeIfAbsent(name, TestDatabase::newDatabase);
    }

    /** A fresh, empty database on the shared server. */
    public static String newDatabase(String name) {
        try (var c = get().getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return get().getJdbcUrl("postgres", name);
    }
}
