package dev.franking.service.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    private final Path home;
    private final Path pgData;
    private final Path runDir;
    private final Path binDir;
    private final Path passwordFile;
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
        this.home = home;
        this.pgData = home.resolve("postgres");
        this.runDir = home.resolve("postgres-run");
        this.binDir = binariesRoot(home);
        this.passwordFile = home.resolve("postgres-password");
        this.maxConnections = maxConnections;
        Files.createDirectories(home);
        privateDirectory(runDir);
        this.password = loadOrCreatePassword();
        stopOrphans();
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
                        .setDataDirectoryCustomizer(this::prepareDataDirectory)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
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

    /**
     * Runs after initdb and before every start: the role's password (first start, or a data
     * directory from before passwords), and pg_hba.conf.
     */
    private void prepareDataDirectory(File dir) {
        try {
            if (!Files.exists(home.resolve("postgres-password.set"))) {
                setRolePassword();
                Files.writeString(home.resolve("postgres-password.set"), "");
            }
            Path hba = pgData.resolve("pg_hba.conf");
            Path tmp = pgData.resolve("pg_hba.conf.new");
            Files.writeString(
                    tmp,
                    "# Written by the report service at every start: its role's password (SCRAM),\n"
                            + "# over loopback TCP or the socket in its private directory, nothing"
                            + " else.\n"
                            + "local all all scram-sha-256\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the role's password in single-user mode: no server is listening yet, so there is no
     * moment at which the role is reachable without it.
     */
    private void setRolePassword() throws IOException {
        Path postgres = postgresBinary();
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky runs its binaries: PostgreSQL refuses to run as root
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(
                List.of(
                        postgres.toString(),
                        "--single",
                        "-D",
                        pgData.toString(),
                        "-c",
                        "password_encryption=scram-sha-256",
                        "-c",
                        "log_statement=none",
                        "postgres"));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try (Writer in =
                new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            // the password is base64url: nothing in it needs quoting
            in.write("ALTER ROLE " + USER + " PASSWORD '" + password + "';\n");
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("could not set the embedded database's password");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the embedded database's password");
        }
    }

    /**
     * Where zonky unpacks its binaries: a private directory of the user's (0700), not zonky's
     * default in /tmp, which zonky makes world-writable so that any local user could replace the
     * binaries that we run. Shared by the user's data directories, so that a fresh one does not
     * unpack 60 MB again; inside the data directory when the home directory cannot be written.
     */
    static Path binariesRoot(Path home) throws IOException {
        try {
            Path cache =
                    Path.of(System.getProperty("user.home"), ".cache", "franking-report-service");
            privateDirectory(cache);
            if (Files.isWritable(cache)) {
                return cache;
            }
        } catch (IOException | RuntimeException e) {
            log.debug("no private cache in the home directory", e);
        }
        Path local = home.resolve("postgres-bin");
        privateDirectory(local);
        return local;
    }

    /**
     * The postgres binary zonky runs. zonky unpacks once per JVM and reuses that directory whatever
     * a later builder asks for, and keeps it to itself: its private cache is the only exact answer
     * (zonky 2.2.2), the newest unpacked tree under our root the fallback.
     */
    @SuppressWarnings("unchecked")
    private Path postgresBinary() throws IOException {
        try {
            var f = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            f.setAccessible(true);
            var prepared = (java.util.Map<Object, File>) f.get(null);
            for (File dir : new ArrayList<>(prepared.values())) {
                Path bin = dir.toPath().resolve("bin/postgres");
                if (Files.isExecutable(bin)) {
                    return bin;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("zonky's binary cache is not readable", e);
        }
        try (Stream<Path> dirs = Files.list(binDir.resolve("embedded-postgres"))) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/postgres")))
                    .max(Comparator.comparing(d -> d.toFile().lastModified()))
                    .map(d -> d.resolve("bin/postgres"))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries in " + binDir));
        }
    }

    private String loadOrCreatePassword() throws IOException {
        if (Files.exists(passwordFile)) {
            String pw = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            if (!pw.matches("[A-Za-z0-9_-]{32,}")) {
                throw new IllegalStateException(passwordFile + " does not hold a usable password");
            }
            return pw;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path tmp = home.resolve("postgres-password.new");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pw + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        // a new password: whatever the role had (none, if this directory predates passwords) is
        // replaced at the next start
        Files.deleteIfExists(home.resolve("postgres-password.set"));
        return pw;
    }

    private static void privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- orphans: a postmaster (or its backends) still running on our data directory

    /**
     * Stops a postmaster that a crashed JVM left running on our data directory (fast shutdown: its
     * clients are gone), then any backends that outlived a killed postmaster: a new postmaster
     * refuses to start while they hold the old shared memory.
     */
    private void stopOrphans() throws IOException {
        long pid = pidFileOwner();
        if (pid > 0) {
            log.warn(
                    "A PostgreSQL server (pid {}) left by an earlier run still holds {}: stopping"
                            + " it",
                    pid,
                    pgData);
            signal(pid, "INT");
            if (!waitForExit(pid, Duration.ofSeconds(15))) {
                log.warn("PostgreSQL (pid {}) did not stop in time: killing it", pid);
                signal(pid, "KILL");
                waitForExit(pid, Duration.ofSeconds(5));
            }
        }
        for (long backend : processesIn(pgData)) {
            log.warn("Killing an orphaned PostgreSQL backend (pid {}) of {}", backend, pgData);
            signal(backend, "KILL");
            waitForExit(backend, Duration.ofSeconds(5));
        }
    }

    /** The live postgres process that postmaster.pid names, if it serves our data directory. */
    private long pidFileOwner() throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return -1;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
        boolean ours = Path.of(lines.get(1).strip()).toAbsolutePath().normalize().equals(pgData);
        return ours && isPostgresIn(pid, pgData) ? pid : -1;
    }

    private static boolean isPostgresIn(long pid, Path dataDir) {
        if (!isAlive(pid)) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            return exe.startsWith("postgres") && cwd.normalize().equals(dataDir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not ours to inspect (another user's process), or gone
            return false;
        }
    }

    /**
     * Postgres processes whose working directory is {@code dataDir}: every backend chdirs there.
     */
    private static List<Long> processesIn(Path dataDir) {
        List<Long> out = new ArrayList<>();
        File[] procs =
                new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return out;
        }
        long self = ProcessHandle.current().pid();
        for (File p : procs) {
            long pid = Long.parseLong(p.getName());
            if (pid != self && isPostgresIn(pid, dataDir)) {
                out.add(pid);
            }
        }
        return out;
    }

    /** Alive and not a zombie: a killed postmaster whose new parent has not reaped it is dead. */
    static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the state follows the command name, which is in parentheses and may hold spaces
            int close = stat.lastIndexOf(')');
            char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(long pid, String sig) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Could not signal pid {}: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(long pid, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
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
            if (closed || isAlive(postmasterPid)) {
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
                stopOrphans();
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
