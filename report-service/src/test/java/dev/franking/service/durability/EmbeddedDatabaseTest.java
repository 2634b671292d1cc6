package dev.franking.service.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service's embedded PostgreSQL, as it runs in a real service process: durable (fsync,
 * synchronous commit, full page writes), and for the service alone (a password, loopback only, a
 * private socket). Also the cold start, fresh and on an existing data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedDatabaseTest {
    private final Path dir =
            Path.of("target", "durability", "embedded-" + UUID.randomUUID()).toAbsolutePath();
    private ServiceProcess service;

    @BeforeAll
    void start() throws Exception {
        service = ServiceProcess.start(dir, "fresh");
        System.out.printf(
                "[durability] cold start to healthy, fresh data directory: %d ms%n",
                service.startMillis);
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theRunningServerIsDurable() throws Exception {
        try (Connection c = service.database()) {
            assertThat(show(c, "fsync")).isEqualTo("on");
            assertThat(show(c, "synchronous_commit")).isEqualTo("on");
            assertThat(show(c, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void theServerIsForTheServiceAlone() throws Exception {
        int port = service.databasePort();
        try (Connection c = service.database()) {
            assertThat(show(c, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(show(c, "password_encryption")).isEqualTo("scram-sha-256");
            // the role's password is a SCRAM verifier, and the file holds the password itself
            try (var rs =
                    c.createStatement()
                            .executeQuery(
                                    "SELECT rolpassword FROM pg_authid WHERE rolname ="
                                            + " 'postgres'")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$");
            }
            // what the server enforces, not only what the file says
            try (var rs =
                    c.createStatement()
                            .executeQuery("SELECT DISTINCT auth_method FROM pg_hba_file_rules")) {
                var methods = new java.util.ArrayList<String>();
                while (rs.next()) {
                    methods.add(rs.getString(1));
                }
                assertThat(methods).containsExactly("scram-sha-256");
            }
        }
        String hba = Files.readString(dir.resolve("postgres/pg_hba.conf"));
        assertThat(hba.lines().filter(l -> !l.strip().startsWith("#")))
                .noneMatch(l -> l.contains("trust"))
                .noneMatch(l -> l.contains("peer"));

        // no password, a wrong one: refused
        assertThatThrownBy(() -> connect(port, null))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08004"));
        assertThatThrownBy(() -> connect(port, "postgres"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));

        // the password, the socket: owner-only
        assertThat(Files.getPosixFilePermissions(dir.resolve("postgres-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("postgres-run")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        // the binaries it runs are not in zonky's world-writable directory in /tmp, but behind a
        // directory only we can enter
        Path exe = Files.readSymbolicLink(Path.of("/proc/" + service.postmasterPid() + "/exe"));
        assertThat(exe.toString()).doesNotStartWith(System.getProperty("java.io.tmpdir"));
        boolean behindPrivate = false;
        for (Path p = exe.getParent(); p != null; p = p.getParent()) {
            behindPrivate |=
                    Files.getPosixFilePermissions(p)
                            .equals(PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(behindPrivate).as(exe + " lies behind a directory of mode 0700").isTrue();
        try (var files = Files.list(dir.resolve("postgres-run"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(".s.PGSQL." + port);
        }
        assertThat(Path.of("/tmp/.s.PGSQL." + port)).doesNotExist();
        // the password is never logged
        assertThat(Files.readString(service.logFile)).doesNotContain(service.password());
    }

    @Test
    void aRestartOnTheSameDirectoryKeepsItsPassword() throws Exception {
        String password = service.password();
        service.close();
        service = ServiceProcess.start(dir, "again");
        System.out.printf(
                "[durability] cold start to healthy, existing data directory: %d ms%n",
                service.startMillis);
        assertThat(service.password()).isEqualTo(password);
        try (Connection c = service.database()) {
            assertThat(show(c, "fsync")).isEqualTo("on");
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    static String show(Connection c, String setting) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
