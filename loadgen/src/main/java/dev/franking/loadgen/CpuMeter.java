package dev.franking.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine and this process were over an interval (Linux /proc/stat; process CPU from
 * the JVM) and, when told their pids, how much CPU the service JVM and its PostgreSQL used in the
 * same interval: the measured window only, without the warm-up's JIT compilation.
 */
final class CpuMeter {
    /**
     * The service JVM's pid and the PostgreSQL postmaster's (its backends are its children); 0 =
     * not watched.
     */
    static volatile long servicePid;

    static volatile long postgresPid;

    /**
     * Linux's USER_HZ, the unit of /proc/PID/stat's times (100 on every mainstream architecture).
     */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long wall = System.nanoTime();
    private final long proc = processCpuNanos();
    private final long[] stat = procStat();
    private final long service0 = ticks(servicePid, false);
    private final long postgres0 = ticks(postgresPid, true);
    private double seconds = Double.NaN;
    private double serviceSeconds = Double.NaN;
    private double postgresSeconds = Double.NaN;

    /**
     * utime + stime + cutime + cstime of {@code pid} (and of its live children), in ticks; -1 if
     * unknown.
     */
    static long ticks(long pid, boolean withChildren) {
        if (pid <= 0) {
            return -1;
        }
        long t = processTicks(pid);
        if (t < 0 || !withChildren) {
            return t;
        }
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                String[] f = statFields(Long.parseLong(d.getFileName().toString()));
                if (f != null && Long.parseLong(f[1]) == pid) {
                    t +=
                            Long.parseLong(f[11])
                                    + Long.parseLong(f[12])
                                    + Long.parseLong(f[13])
                                    + Long.parseLong(f[14]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return t;
    }

    private static long processTicks(long pid) {
        String[] f = statFields(pid);
        return f == null
                ? -1
                : Long.parseLong(f[11])
                        + Long.parseLong(f[12])
                        + Long.parseLong(f[13])
                        + Long.parseLong(f[14]);
    }

    /**
     * /proc/PID/stat's fields after the command name: [0] is the state, [1] the ppid, [11..14] the
     * times.
     */
    private static String[] statFields(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s
                ? s.getProcessCpuTime()
                : -1;
    }

    /** {busy, total} jiffies of all CPUs, or null off Linux. */
    private static long[] procStat() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v; // idle, iowait
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * "loadgen x.xx cores, machine yy% busy of n cores[, service ...]" since this meter was made;
     * also fixes the figures below.
     */
    String since() {
        double secs = (System.nanoTime() - wall) / 1e9;
        seconds = secs;
        long s1 = ticks(servicePid, false);
        long p1 = ticks(postgresPid, true);
        serviceSeconds = service0 < 0 || s1 < 0 ? Double.NaN : (s1 - service0) / TICKS_PER_SECOND;
        postgresSeconds =
                postgres0 < 0 || p1 < 0 ? Double.NaN : (p1 - postgres0) / TICKS_PER_SECOND;
        long p = processCpuNanos();
        String own =
                proc < 0 || p < 0
                        ? "loadgen CPU n/a"
                        : String.format("loadgen used %.2f cores", (p - proc) / 1e9 / secs);
        long[] now = procStat();
        String machine =
                stat == null || now == null || now[1] == stat[1]
                        ? "machine CPU n/a"
                        : String.format(
                                "machine %.0f%% busy over %d cores",
                                100.0 * (now[0] - stat[0]) / (now[1] - stat[1]),
                                Runtime.getRuntime().availableProcessors());
        String watched =
                Double.isNaN(serviceSeconds)
                        ? ""
                        : String.format(
                                ", service JVM %.2f cores, its PostgreSQL %.2f cores",
                                serviceSeconds / secs, postgresSeconds / secs);
        return own + ", " + machine + watched;
    }

    /**
     * " window_s=.. jvm_cpu_s=.. pg_cpu_s=.." for a RESULT line (after {@link #since()}); NaN where
     * not watched.
     */
    String resultFields() {
        return String.format(
                " window_s=%.2f jvm_cpu_s=%.2f pg_cpu_s=%.2f",
                seconds, serviceSeconds, postgresSeconds);
    }
}
