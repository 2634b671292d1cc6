package dev.franking.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** How busy the machine and this process were over an interval (Linux /proc/stat; process CPU from the JVM). */
final class CpuMeter {
    private final long wall = System.nanoTime();
    private final long proc = processCpuNanos();
    private final long[] stat = procStat();

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
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

    /** "loadgen x.xx cores, machine yy% busy of n cores" since this meter was made. */
    String since() {
        double secs = (System.nanoTime() - wall) / 1e9;
        long p = processCpuNanos();
        String own = proc < 0 || p < 0 ? "loadgen CPU n/a" : String.format("loadgen used %.2f cores", (p - proc) / 1e9 / secs);
        long[] now = procStat();
        String machine = stat == null || now == null || now[1] == stat[1] ? "machine CPU n/a"
                : String.format("machine %.0f%% busy over %d cores", 100.0 * (now[0] - stat[0]) / (now[1] - stat[1]),
                        Runtime.getRuntime().availableProcessors());
        return own + ", " + machine;
    }
}
