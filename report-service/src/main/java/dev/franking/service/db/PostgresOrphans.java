package dev.franking.service.db;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orphans of {@link EmbeddedPostgresServer}: a postmaster (or its backends) still running on our
 * data directory after the JVM that started it crashed. Found through {@code postmaster.pid} and
 * {@code /proc}, and stopped with signals, as the postmaster is not our child process.
 */
final class PostgresOrphans {
    // the server's logger: these steps are part of running it
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private PostgresOrphans() {}

    /**
     * Stops a postmaster that a crashed JVM left running on our data directory (fast shutdown: its
     * clients are gone), then any backends that outlived a killed postmaster: a new postmaster
     * refuses to start while they hold the old shared memory.
     */
    static void stop(Path pgData) throws IOException {
        long pid = pidFileOwner(pgData);
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
    private static long pidFileOwner(Path pgData) throws IOException {
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
}
