package dev.franking.loadgen;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed loop: every thread POSTs batches of N messages x R routes to /api/v2/stamps (PROTOCOL.md
 * §3, §7) back to back. A v2 request carries only commitments and salted route digests, which to
 * the service are 32 random bytes each, so random bytes are what is sent.
 */
final class StampsMode {
    private static final byte[] MAC = "\"mac\":\"".getBytes(StandardCharsets.US_ASCII);
    private final Http http;
    private final Jwt jwt;
    private final Opts o;

    StampsMode(Http http, Jwt jwt, Opts o) {
        this.http = http;
        this.jwt = jwt;
        this.o = o;
    }

    int run() throws Exception {
        int threads = o.integer("threads", 4);
        int batch = o.integer("batch", 100);
        int recipients = o.integer("recipients", 10);
        long warmupNs = (long) (o.dbl("warmup", 5) * 1e9);
        long durationNs = (long) (o.dbl("duration", 20) * 1e9);
        long maxRequests = o.lng("max-requests", Long.MAX_VALUE);
        int stampsPerRequest = batch * recipients;
        String token = jwt.mint("relay-loadgen", "stamp", 3600);

        // a few distinct bodies per thread: stamping is stateless, so reusing them is fair
        SecureRandom rnd = new SecureRandom();
        List<List<Http.Request>> bodies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Http.Request> mine = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                mine.add(http.post("/api/v2/stamps", token, body(rnd, batch, recipients)));
            }
            bodies.add(mine);
        }
        System.out.printf(
                "stamps: %d threads, %d messages x %d recipients = %d stamps a request (%d bytes),"
                        + " warm-up %.0f s, measured %.0f s%n",
                threads,
                batch,
                recipients,
                stampsPerRequest,
                bodies.get(0).get(0).bodyLength(),
                warmupNs / 1e9,
                durationNs / 1e9);

        long start = System.nanoTime();
        long measureFrom = start + warmupNs;
        long end = measureFrom + durationNs;
        AtomicLong measuredBudget = new AtomicLong(maxRequests);
        LongAdder okStamps = new LongAdder();
        LongAdder allStamps = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Latencies> lat = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            lat.add(new Latencies());
        }
        CpuMeter[] cpu = new CpuMeter[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        long[] measuredEnd = new long[threads];
        for (int t = 0; t < threads; t++) {
            final int me = t;
            fs.add(
                    pool.submit(
                            () -> {
                                List<Http.Request> mine = bodies.get(me);
                                int k = 0;
                                while (true) {
                                    long t0 = System.nanoTime();
                                    if (t0 >= end) {
                                        break;
                                    }
                                    boolean measured = t0 >= measureFrom;
                                    if (measured && measuredBudget.getAndDecrement() <= 0) {
                                        break;
                                    }
                                    String outcome;
                                    try {
                                        Http.Response r = http.send(mine.get(k++ % mine.size()));
                                        outcome =
                                                r.status() == 200
                                                        ? check(r, stampsPerRequest)
                                                        : "HTTP " + r.status();
                                    } catch (Exception e) {
                                        outcome = e.getClass().getSimpleName();
                                    }
                                    long t1 = System.nanoTime();
                                    if (outcome == null) {
                                        allStamps.add(stampsPerRequest);
                                    }
                                    if (measured) {
                                        measuredEnd[me] = t1;
                                        lat.get(me).add(t1 - t0);
                                        if (outcome == null) {
                                            okStamps.add(stampsPerRequest);
                                        } else {
                                            errors.computeIfAbsent(outcome, x -> new LongAdder())
                                                    .increment();
                                        }
                                    }
                                }
                                return null;
                            }));
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        cpu[0] = new CpuMeter();
        for (Future<?> f : fs) {
            f.get();
        }
        String cpuLine = cpu[0].since();
        pool.shutdown();
        long last = measureFrom;
        for (long e : measuredEnd) {
            last = Math.max(last, e);
        }
        double secs = (last - measureFrom) / 1e9;
        long[] s = Latencies.merge(lat);
        long okRequests = okStamps.sum() / stampsPerRequest;
        double stampsPerSec = okStamps.sum() / secs;
        System.out.printf(
                "  requests %d ok, %d failed over %.1f s%n",
                okRequests, s.length - okRequests, secs);
        if (!errors.isEmpty()) {
            System.out.println("  failures: " + new TreeMap<>(errors));
        }
        System.out.printf(
                "  throughput %.0f stamps/s (%.1f requests/s)%n", stampsPerSec, okRequests / secs);
        System.out.println("  request latency " + Latencies.summary(s));
        System.out.println("  " + cpuLine);
        System.out.printf(
                "RESULT mode=stamps threads=%d batch=%d recipients=%d stamps_per_s=%.0f"
                        + " requests_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failed=%d"
                        + " all_ok=%d%s%n",
                threads,
                batch,
                recipients,
                stampsPerSec,
                okRequests / secs,
                Latencies.pctMs(s, 50),
                Latencies.pctMs(s, 99),
                s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6,
                s.length - okRequests,
                allStamps.sum(),
                cpu[0].resultFields());
        return okRequests > 0 && errors.isEmpty() ? 0 : 1;
    }

    /** null if the response holds exactly {@code expected} stamps, else what is wrong. */
    private static String check(Http.Response r, int expected) {
        int n = r.count(MAC);
        return n == expected ? null : "wrong stamp count " + n;
    }

    static String body(SecureRandom rnd, int batch, int recipients) {
        StringBuilder sb = new StringBuilder(16 + batch * (64 + recipients * 46));
        sb.append("{\"messages\":[");
        byte[] b = new byte[32];
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                sb.append(',');
            }
            rnd.nextBytes(b);
            sb.append("{\"commitment\":\"")
                    .append(dev.franking.v2.B64.encode(b))
                    .append("\",\"routes\":[");
            for (int r = 0; r < recipients; r++) {
                if (r > 0) {
                    sb.append(',');
                }
                rnd.nextBytes(b);
                sb.append('"').append(dev.franking.v2.B64.encode(b)).append('"');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }
}
