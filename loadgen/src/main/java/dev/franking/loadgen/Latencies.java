package dev.franking.loadgen;

import java.util.Arrays;
import java.util.List;

/**
 * Per-thread latency samples in nanoseconds; merged and sorted once at the end. Not thread-safe.
 */
final class Latencies {
    private long[] samples = new long[1 << 12];
    private int n;

    void add(long nanos) {
        if (n == samples.length) {
            samples = Arrays.copyOf(samples, n * 2);
        }
        samples[n++] = nanos;
    }

    int count() {
        return n;
    }

    /** Sorted union of the samples of {@code parts}. */
    static long[] merge(List<Latencies> parts) {
        int total = 0;
        for (Latencies l : parts) {
            total += l.n;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : parts) {
            System.arraycopy(l.samples, 0, all, at, l.n);
            at += l.n;
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted {@code s}, in milliseconds; NaN if empty. */
    static double pctMs(long[] s, double p) {
        if (s.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
    }

    static String summary(long[] s) {
        return String.format(
                "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms",
                pctMs(s, 50),
                pctMs(s, 90),
                pctMs(s, 99),
                pctMs(s, 99.9),
                s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
    }
}
