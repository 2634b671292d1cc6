package dev.franking.bench;

import dev.franking.v2.Opening;
import dev.franking.v2.ParsedReport;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.ReportVerifier;
import dev.franking.v2.StampKey;
import dev.franking.v2.Stamper;
import dev.franking.v2.SubmittedMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The v2 hot paths timed by this thread's CPU time as well as by the wall clock: on a machine
 * shared with other builds, a thread that waits for a core accumulates wall time but no CPU time,
 * so operations per CPU-second compare with {@code openssl speed} without {@code -elapsed} (which
 * divides by its own user CPU time) even when the load changes from second to second. JMH (wall
 * time) stays the reference on a quiet machine; this is the loaded machine's figure.
 *
 * <pre>
 * java [-Dwarmup=CPU-seconds] -cp benchmarks/target/benchmarks.jar dev.franking.bench.CpuTime [CPU-seconds per round] [rounds] [case regexp]
 * </pre>
 *
 * Prints one line per case: the median over the rounds of operations per CPU-second and per
 * wall-second, and the CPU share the thread got.
 */
public final class CpuTime {
    private static volatile Object sink;
    private static final double WARMUP_CPU_S =
            Double.parseDouble(System.getProperty("warmup", "2"));

    private CpuTime() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : ".*";
        Map<String, Callable<Object>> cases = cases();
        for (var e : cases.entrySet()) {
            if (!e.getKey().matches(filter)) {
                continue;
            }
            run(e.getKey(), e.getValue(), seconds, rounds);
        }
    }

    static Map<String, Callable<Object>> cases() throws Exception {
        Map<String, Callable<Object>> c = new LinkedHashMap<>();

        V2StampBench stamp = new V2StampBench();
        stamp.setup();
        c.put("stamp", stamp::stamp);
        c.put("stampBulk/100", () -> stamp.stampBulk());
        c.put("jdkMacKeyed", stamp::jdkMacKeyed);
        c.put("jdkMacCloned", stamp::jdkMacCloned);

        for (int body : new int[] {100, 1024}) {
            V2VerifyBench v = new V2VerifyBench();
            v.bodyBytes = body;
            v.setup();
            c.put("verify/" + body, v::verify);
        }
        // verification's parts, for the 100-byte report: where its time goes
        StampKey key = V2Fixtures.stampKey();
        Opening opening = Opening.commit(V2Fixtures.content(100));
        RecipientStamp rs =
                RecipientStamp.of(
                        new Stamper(V2Fixtures.ring(key), V2Fixtures.clock())
                                .stamp(opening.commitment(), V2Fixtures.route()),
                        V2Fixtures.salt());
        ReportVerifier verifier = new ReportVerifier(V2Fixtures.ring(key), V2Fixtures.clock());
        List<SubmittedMessage> report =
                List.of(SubmittedMessage.of(opening, V2Fixtures.RECIPIENT, rs));
        ParsedReport parsed = verifier.parse(V2Fixtures.RECIPIENT, report);
        // the floor of the construction: the same SHA-256 blocks, bare (V2Floor)
        V2Floor floor = new V2Floor();
        c.put("floor: verify/100's 12 SHA-256 blocks", floor::verifyBlocks);
        c.put("floor: OpenSSL's 8 blocks, on the JDK", floor::openSslBlocks);
        c.put("verify/100 parse only", () -> verifier.parse(V2Fixtures.RECIPIENT, report));
        c.put("verify/100 after parse", () -> verifier.verify(parsed));
        c.put("route", V2Fixtures::route);
        c.put("contentBytes/100", () -> opening.content().contentBytes());
        c.put(
                "commitment/100 (Opening.restore)",
                () -> Opening.restore(opening.content(), opening.frankingKey()).commitment());

        for (int body : new int[] {100, 1024, 65536}) {
            V2CommitBench cb = new V2CommitBench();
            cb.bodyBytes = body;
            cb.setup();
            c.put("commit/" + body, cb::commit);
        }

        V2EnvelopeBench env = new V2EnvelopeBench();
        env.bodyBytes = 1024;
        env.setup();
        c.put("envelope open/1024", env::open);
        c.put("envelope seal/1024", env::seal);

        V2AttachmentBench att = new V2AttachmentBench();
        att.bytes = 1 << 20;
        att.setup();
        c.put("attachment open/1MiB", att::open);
        c.put("attachment encrypt/1MiB", att::encrypt);
        return c;
    }

    private static void run(String name, Callable<Object> op, double seconds, int rounds)
            throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // warm-up and rounds are counted in this thread's CPU time: on a loaded machine a second
        // of wall time can be a tenth of a CPU-second, too little for the JIT to finish (its
        // threads starve too), which made the first figures of a run vary threefold
        long warmCpu = mx.getCurrentThreadCpuTime() + (long) (WARMUP_CPU_S * 1e9);
        // and at least 20,000 calls, in batches of 16, for the JIT's thresholds
        long warmCalls = 0;
        long warmStart = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 20_000 / 16 || mx.getCurrentThreadCpuTime() < warmCpu; i++) {
            for (int k = 0; k < 16; k++) {
                sink = op.call();
            }
            warmCalls += 16;
        }
        // Reading this thread's CPU clock is a system call of about 0.44 µs here: read every 16
        // calls, as before session 6, it charged a 0.2 µs stamp 27 ns (14 %) that OpenSSL's loop
        // (timed by an alarm) does not pay. So the clock is read about once per millisecond of
        // CPU: batches sized from the warm-up's rate.
        double nsPerCall = (mx.getCurrentThreadCpuTime() - warmStart) / (double) warmCalls;
        int batch = (int) Math.max(1, Math.min(1_000_000, 1e6 / Math.max(1, nsPerCall)));
        List<double[]> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long endCpu = cpu0 + (long) (seconds * 1e9);
            long n = 0;
            long cpu;
            do {
                for (int k = 0; k < batch; k++) {
                    sink = op.call();
                }
                n += batch;
                cpu = mx.getCurrentThreadCpuTime();
            } while (cpu < endCpu);
            long wall = System.nanoTime() - t0;
            cpu -= cpu0;
            results.add(new double[] {n * 1e9 / cpu, n * 1e9 / wall, (double) cpu / wall});
        }
        double[] perCpu = results.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] perWall = results.stream().mapToDouble(x -> x[1]).sorted().toArray();
        double[] share = results.stream().mapToDouble(x -> x[2]).sorted().toArray();
        int scale = name.startsWith("stampBulk/") ? 100 : 1;
        System.out.printf(
                "%-36s %,14.0f ops/cpu-s %,14.0f ops/wall-s  cpu share %.2f  (cpu-s min..max"
                        + " %,.0f..%,.0f)  load %s%n",
                name,
                median(perCpu) * scale,
                median(perWall) * scale,
                median(share),
                perCpu[0] * scale,
                perCpu[perCpu.length - 1] * scale,
                load());
        if (Arrays.stream(perCpu).anyMatch(Double::isNaN)) {
            throw new IllegalStateException("no thread CPU time on this JVM");
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String load() {
        try {
            return new String(
                            java.nio.file.Files.readAllBytes(
                                    java.nio.file.Path.of("/proc/loadavg")),
                            java.nio.charset.StandardCharsets.US_ASCII)
                    .split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
