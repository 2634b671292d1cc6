package dev.franking.loadgen;

import dev.franking.v2.B64;
import dev.franking.v2.Commitment;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.Stamp;
import dev.franking.v2.SubmittedMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verified reports, protocol v2 (PROTOCOL.md §7 {@code POST /api/v2/reports}). First, outside the
 * measurement, it pre-builds a pool of valid reports the way clients would: senders commit with the
 * franking library (each context message's {@code prev} names the message before it), the relay
 * computes salted routes and gets the stamps from the service (batches of 1,000), recipients build
 * the report JSON from the library's {@code SubmittedMessage}. Every report is a distinct message
 * reported by its recipient; reporters are spread over {@code --reporters} ids, each with its own
 * token, and reported senders (cases) over {@code --senders}.
 *
 * <p>Closed loop (default): every thread POSTs its next report as soon as the last one answered.
 * Open loop ({@code --rate R}): report i is due at {@code start + i/R}; a free thread sends it at
 * that time (or as soon as one is free) and its latency is measured from the due time, so a slow
 * service cannot hide its queueing by slowing the generator down (coordinated omission).
 */
final class ReportsMode {
    private static final String[] CATEGORIES = {"spam", "harassment", "fraud", "hate", "other"};
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] VERIFIED = utf8("\"verified\":true");

    private final Http http;
    private final Jwt jwt;
    private final Opts o;

    ReportsMode(Http http, Jwt jwt, Opts o) {
        this.http = http;
        this.jwt = jwt;
        this.o = o;
    }

    int run() throws Exception {
        boolean open = o.has("rate");
        double rate = o.dbl("rate", 0);
        int threads = o.integer("threads", open ? 64 : 16);
        double warmup = o.dbl("warmup", 5);
        double duration = o.dbl("duration", 20);
        int pool =
                o.integer(
                        "pool", open ? (int) Math.ceil(rate * (warmup + duration) * 1.01) : 60_000);
        int reporters = Math.min(o.integer("reporters", 2000), pool);
        int senders = o.integer("senders", 1000);
        int context = o.integer("context", 0);
        int bodyBytes = o.integer("body-bytes", 200);
        if (open && rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }

        ExecutorService exec = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Http.Request> reports =
                    prebuild(exec, pool, reporters, senders, context, bodyBytes);
            System.out.printf(
                    "reports: pre-built %d reports (%d message(s) each, %d reporters, %d senders)"
                            + " in %.1f s%n",
                    reports.size(),
                    1 + context,
                    reporters,
                    senders,
                    (System.nanoTime() - t0) / 1e9);
            return open
                    ? openLoop(exec, threads, reports, rate, warmup, duration)
                    : closedLoop(exec, threads, reports, warmup, duration);
        } finally {
            exec.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- pre-building

    private List<Http.Request> prebuild(
            ExecutorService exec, int pool, int reporters, int senders, int context, int bodyBytes)
            throws Exception {
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String relayToken = jwt.mint("relay-loadgen", "stamp", 7200);
        String[] reporterIds = new String[reporters];
        String[] tokens = new String[reporters];
        List<Future<?>> fs = new ArrayList<>();
        int chunk = 250;
        for (int from = 0; from < reporters; from += chunk) {
            int a = from;
            int b = Math.min(reporters, from + chunk);
            fs.add(
                    exec.submit(
                            () -> {
                                for (int k = a; k < b; k++) {
                                    reporterIds[k] = "rep-" + run + "-" + k;
                                    tokens[k] = jwt.mint(reporterIds[k], "report", 7200);
                                }
                                return null;
                            }));
        }
        waitAll(fs);

        int per = 1 + context;
        Http.Request[] out = new Http.Request[pool];
        int reportsPerRequest = Math.max(1, 1000 / per); // at most 1,000 messages a stamp request
        fs.clear();
        for (int from = 0; from < pool; from += reportsPerRequest) {
            int a = from;
            int b = Math.min(pool, from + reportsPerRequest);
            fs.add(
                    exec.submit(
                            () -> {
                                SecureRandom rnd = new SecureRandom();
                                byte[] text = new byte[bodyBytes];
                                List<Opening> openings = new ArrayList<>((b - a) * per);
                                List<RouteSalt> salts = new ArrayList<>((b - a) * per);
                                StringBuilder req =
                                        new StringBuilder(120 * (b - a) * per)
                                                .append("{\"messages\":[");
                                for (int j = a; j < b; j++) {
                                    String reporter = reporterIds[j % reporters];
                                    String sender = "snd-" + run + "-" + (j % senders);
                                    String conversation = "cv-" + run + "-" + j;
                                    Commitment previous = null;
                                    for (int m = 0; m < per; m++) {
                                        for (int i = 0; i < text.length; i++) {
                                            text[i] = (byte) ('a' + rnd.nextInt(26));
                                        }
                                        // each message has seen the one before it (§1 prev), so
                                        // a report with context carries transcript links
                                        MessageContent c =
                                                new MessageContent(
                                                        "msg-" + run + "-" + j + "-" + m,
                                                        sender,
                                                        conversation,
                                                        System.currentTimeMillis(),
                                                        previous == null
                                                                ? List.of()
                                                                : List.of(previous),
                                                        "text/plain; charset=utf-8",
                                                        text,
                                                        List.of());
                                        Opening op = Opening.commit(c);
                                        previous = op.commitment();
                                        // the relay's side (§3): a fresh salt per (message,
                                        // recipient), the service sees only the digest
                                        RouteSalt salt = RouteSalt.generate();
                                        Route route =
                                                Route.compute(
                                                        salt,
                                                        sender,
                                                        reporter,
                                                        conversation,
                                                        c.messageId());
                                        openings.add(op);
                                        salts.add(salt);
                                        if (openings.size() > 1) {
                                            req.append(',');
                                        }
                                        req.append("{\"commitment\":\"")
                                                .append(op.commitment().toBase64())
                                                .append("\",\"routes\":[\"")
                                                .append(route.toBase64())
                                                .append("\"]}");
                                    }
                                }
                                req.append("]}");
                                Http.Response r =
                                        http.postJson("/api/v2/stamps", relayToken, req.toString());
                                if (r.status() != 200) {
                                    throw new IllegalStateException(
                                            "stamping failed: HTTP " + r.status() + " " + r.body());
                                }
                                JsonNode stamps = JSON.readTree(r.body()).get("stamps");
                                int at = 0;
                                for (int j = a; j < b; j++) {
                                    String reporter = reporterIds[j % reporters];
                                    List<SubmittedMessage> messages = new ArrayList<>(per);
                                    for (int m = 0; m < per; m++, at++) {
                                        JsonNode s = stamps.get(at).get(0);
                                        Stamp stamp =
                                                new Stamp(
                                                        new Kid(s.get("kid").asString()),
                                                        s.get("receivedAt").asLong(),
                                                        B64.decode(s.get("mac").asString()));
                                        messages.add(
                                                SubmittedMessage.of(
                                                        openings.get(at),
                                                        reporter,
                                                        RecipientStamp.of(stamp, salts.get(at))));
                                    }
                                    // the reported message first (§7), then its context
                                    Map<String, Object> report = new LinkedHashMap<>();
                                    report.put("category", CATEGORIES[j % CATEGORIES.length]);
                                    report.put("messages", messages);
                                    // encoded once here, so that sending it is a single write of
                                    // ready bytes
                                    out[j] =
                                            http.post(
                                                    "/api/v2/reports",
                                                    tokens[j % reporters],
                                                    JSON.writeValueAsString(report));
                                }
                                return null;
                            }));
        }
        waitAll(fs);
        return List.of(out);
    }

    /** A measured request's outcome: null is a verified report, anything else names the failure. */
    private static void tally(String outcome, LongAdder ok, Map<String, LongAdder> errors) {
        if (outcome == null) {
            ok.increment();
        } else {
            errors.computeIfAbsent(outcome, x -> new LongAdder()).increment();
        }
    }

    /**
     * Waits for the measured window to open, meters the CPU from then on, and waits for the clients
     * to finish.
     */
    private static CpuMeter measureWindow(long measureFrom, List<Future<?>> fs) throws Exception {
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        CpuMeter cpu = new CpuMeter();
        waitAll(fs);
        return cpu;
    }

    private static void waitAll(List<Future<?>> fs) throws Exception {
        for (Future<?> f : fs) {
            f.get();
        }
    }

    // ---------------------------------------------------------------- sending

    /** null if the service answered 201 verified, else what it answered. */
    private String send(Http.Request report) {
        try {
            Http.Response r = http.send(report);
            if (r.status() == 201 && r.contains(VERIFIED)) {
                return null;
            }
            return "HTTP "
                    + r.status()
                    + (r.status() == 422 || r.status() == 400 ? " " + abbreviate(r.body()) : "");
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    private int closedLoop(
            ExecutorService exec,
            int threads,
            List<Http.Request> reports,
            double warmup,
            double duration)
            throws Exception {
        long maxRequests = o.lng("max-requests", Long.MAX_VALUE);
        System.out.printf(
                "closed loop: %d threads, warm-up %.0f s, measured %.0f s%n",
                threads, warmup, duration);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        AtomicLong next = new AtomicLong();
        AtomicLong budget = new AtomicLong(maxRequests);
        LongAdder ok = new LongAdder();
        LongAdder allOk = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Latencies> lat = new ArrayList<>();
        long[] lastEnd = new long[threads];
        boolean[] ranOut = new boolean[1];
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies mine = new Latencies();
            lat.add(mine);
            int me = t;
            fs.add(
                    exec.submit(
                            () -> {
                                while (true) {
                                    long t0 = System.nanoTime();
                                    if (t0 >= end) {
                                        break;
                                    }
                                    boolean measured = t0 >= measureFrom;
                                    if (measured && budget.getAndDecrement() <= 0) {
                                        break;
                                    }
                                    long i = next.getAndIncrement();
                                    if (i >= reports.size()) {
                                        ranOut[0] = true;
                                        break;
                                    }
                                    String outcome = send(reports.get((int) i));
                                    long t1 = System.nanoTime();
                                    if (outcome == null) {
                                        allOk.increment();
                                    }
                                    if (measured) {
                                        lastEnd[me] = t1;
                                        mine.add(t1 - t0);
                                        tally(outcome, ok, errors);
                                    }
                                }
                                return null;
                            }));
        }
        CpuMeter cpu = measureWindow(measureFrom, fs);
        String cpuLine = cpu.since();
        long last = measureFrom;
        for (long e : lastEnd) {
            last = Math.max(last, e);
        }
        double secs = Math.max(1e-9, (last - measureFrom) / 1e9);
        long[] s = Latencies.merge(lat);
        double perSec = ok.sum() / secs;
        if (ranOut[0]) {
            System.out.println(
                    "  NOTE: the pre-built pool ran out before the duration ended; raise --pool");
        }
        System.out.printf(
                "  %d verified (201), %d failed over %.1f s%n",
                ok.sum(), s.length - ok.sum(), secs);
        printErrors(errors);
        System.out.printf("  throughput %.0f verified reports/s%n", perSec);
        System.out.println("  latency " + Latencies.summary(s));
        System.out.println("  " + cpuLine);
        System.out.printf(
                "RESULT mode=reports-closed threads=%d reports_per_s=%.0f p50_ms=%.2f p90_ms=%.2f"
                        + " p99_ms=%.2f max_ms=%.2f failed=%d all_ok=%d%s%n",
                threads,
                perSec,
                Latencies.pctMs(s, 50),
                Latencies.pctMs(s, 90),
                Latencies.pctMs(s, 99),
                s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6,
                s.length - ok.sum(),
                allOk.sum(),
                cpu.resultFields());
        return ok.sum() > 0 && errors.isEmpty() ? 0 : 1;
    }

    private int openLoop(
            ExecutorService exec,
            int threads,
            List<Http.Request> reports,
            double rate,
            double warmup,
            double duration)
            throws Exception {
        long periodNs = Math.max(1, Math.round(1e9 / rate));
        long start = System.nanoTime() + 50_000_000; // let the threads get going
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        long hardDeadline =
                end + 30_000_000_000L; // nothing is sent after this; what is left is counted as
        // not sent
        long due = Math.min(reports.size(), (end - start) / periodNs);
        long maxRequests = o.lng("max-requests", Long.MAX_VALUE);
        System.out.printf(
                "open loop: %.0f reports/s intended (one every %.3f ms), %d threads, warm-up %.0f"
                        + " s, measured %.0f s%n",
                rate, periodNs / 1e6, threads, warmup, duration);
        AtomicLong next = new AtomicLong();
        LongAdder ok = new LongAdder();
        LongAdder allOk = new LongAdder();
        LongAdder notSent = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Latencies> lat = new ArrayList<>();
        List<Latencies> service = new ArrayList<>();
        List<Latencies> lateness = new ArrayList<>();
        long firstMeasured = Math.max(0, (measureFrom - start + periodNs - 1) / periodNs);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies mine = new Latencies();
            Latencies svc = new Latencies();
            Latencies late = new Latencies();
            lat.add(mine);
            service.add(svc);
            lateness.add(late);
            fs.add(
                    exec.submit(
                            () -> {
                                while (true) {
                                    long i = next.getAndIncrement();
                                    if (i >= due
                                            || (i >= firstMeasured
                                                    && i - firstMeasured >= maxRequests)) {
                                        break;
                                    }
                                    long intended = start + i * periodNs;
                                    long now;
                                    while ((now = System.nanoTime()) < intended) {
                                        LockSupport.parkNanos(intended - now);
                                    }
                                    boolean measured = intended >= measureFrom;
                                    if (now > hardDeadline) {
                                        if (measured) {
                                            // never sent: counted at the deadline, so the
                                            // percentiles are lower bounds, not gaps
                                            notSent.increment();
                                            mine.add(hardDeadline - intended);
                                        }
                                        continue;
                                    }
                                    String outcome = send(reports.get((int) i));
                                    long t1 = System.nanoTime();
                                    if (outcome == null) {
                                        allOk.increment();
                                    }
                                    if (measured) {
                                        mine.add(t1 - intended);
                                        svc.add(t1 - now);
                                        late.add(now - intended);
                                        tally(outcome, ok, errors);
                                    }
                                }
                                return null;
                            }));
        }
        CpuMeter cpu = measureWindow(measureFrom, fs);
        String cpuLine = cpu.since();
        long finished = System.nanoTime();
        long[] s = Latencies.merge(lat);
        long[] sv = Latencies.merge(service);
        long[] lt = Latencies.merge(lateness);
        long intendedMeasured = Math.max(0, Math.min(due - firstMeasured, maxRequests));
        long answered = s.length - notSent.sum();
        System.out.printf(
                "  intended %d reports in the measured %.0f s; %d verified (201), %d failed, %d not"
                        + " sent by the deadline; last answer %.1f s after the window%n",
                intendedMeasured,
                duration,
                ok.sum(),
                answered - ok.sum(),
                notSent.sum(),
                Math.max(0, finished - end) / 1e9);
        printErrors(errors);
        System.out.printf(
                "  achieved %.0f verified reports/s (intended %.0f/s)%n",
                ok.sum() / ((Math.max(finished, end) - measureFrom) / 1e9), rate);
        double servedPerSec = allOk.sum() / (Math.max(1, finished - start) / 1e9);
        System.out.printf(
                "  served %d verified reports in all (warm-up, window and backlog) over %.1f s:"
                        + " %.0f/s%n",
                allOk.sum(), (finished - start) / 1e9, servedPerSec);
        System.out.println(
                "  latency from intended send time "
                        + Latencies.summary(s)
                        + (notSent.sum() > 0
                                ? "  (LOWER BOUNDS: "
                                        + notSent.sum()
                                        + " never sent, counted at the deadline)"
                                : ""));
        System.out.println("  service time (from actual send)  " + Latencies.summary(sv));
        System.out.println("  send lateness (client queueing)  " + Latencies.summary(lt));
        System.out.println("  " + cpuLine);
        System.out.printf(
                "RESULT mode=reports-open rate=%.0f threads=%d achieved_per_s=%.0f p50_ms=%.2f"
                        + " p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f failed=%d not_sent=%d"
                        + " all_ok=%d served_per_s=%.0f%s%n",
                rate,
                threads,
                ok.sum() / ((Math.max(finished, end) - measureFrom) / 1e9),
                Latencies.pctMs(s, 50),
                Latencies.pctMs(s, 90),
                Latencies.pctMs(s, 99),
                Latencies.pctMs(s, 99.9),
                s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6,
                answered - ok.sum(),
                notSent.sum(),
                allOk.sum(),
                servedPerSec,
                cpu.resultFields());
        return ok.sum() > 0 && errors.isEmpty() && notSent.sum() == 0 ? 0 : 1;
    }

    private static void printErrors(Map<String, LongAdder> errors) {
        if (!errors.isEmpty()) {
            System.out.println("  failures: " + new TreeMap<>(errors));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
