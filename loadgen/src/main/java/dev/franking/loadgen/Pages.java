package dev.franking.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page benchmark (issue 15): signs in to the review UI as each role and times every page of
 * {@code pages.txt} (or {@code --pages FILE}), N requests each after a warm-up, one at a time. The
 * time is the client's, on loopback: from sending the request to the last byte read (for {@code
 * first-mb} pages, the first megabyte). Prints one RESULT line per page.
 *
 * <pre>
 * java -jar loadgen.jar pages --url http://127.0.0.1:PORT --password PASSWORD --n 100 \
 *   --largest-case ID --some-case ID --assignee seed-mod-3 --account seed-1
 * </pre>
 *
 * Accounts: bench-admin, bench-moderator, bench-child-safety, all with {@code --password}.
 */
final class Pages {
    private Pages() {}

    record Page(String role, String name, String path, boolean firstMb) {}

    static int run(Opts o) throws Exception {
        String url = o.str("url", "http://localhost:8080");
        String password = o.str("password", null);
        int n = o.integer("n", 100);
        int warmup = o.integer("warmup-requests", 5);
        CpuMeter.servicePid = o.lng("service-pid", 0);
        CpuMeter.postgresPid = o.lng("postgres-pid", 0);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("{largestCase}", o.str("largest-case", "00000000-0000-0000-0000-000000000000"));
        vars.put("{someCase}", o.str("some-case", "00000000-0000-0000-0000-000000000000"));
        vars.put("{assignee}", o.str("assignee", "seed-mod-3"));
        vars.put("{account}", o.str("account", "seed-1"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        vars.put("{today}", today.toString());
        vars.put("{monthAgo}", today.minusDays(30).toString());
        List<Page> pages =
                parse(
                        o.has("pages")
                                ? Files.readString(Path.of(o.str("pages", null)))
                                : resource(),
                        vars);
        String only = o.str("only", null);
        Map<String, HttpClient> clients = new LinkedHashMap<>();
        for (String role : List.of("admin", "moderator", "child_safety")) {
            clients.put(role, signIn(url, "bench-" + role.replace('_', '-'), password));
        }
        // a JVM just started runs the first few hundred requests of each page interpreted or
        // half-compiled (measured: the queue page's CPU fell from 143 to 30 ms a request over its
        // first 300 requests, the JIT's compiler threads busy all the while); a service in use is
        // warm, so every page is requested this many times before any is timed
        int rounds = o.integer("warmup-rounds", 0);
        if (rounds > 0) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (Page p : pages) {
                    if (only == null || Arrays.asList(only.split(",")).contains(p.name())) {
                        get(clients.get(p.role()), URI.create(url + p.path()), p.firstMb());
                    }
                }
            }
            System.out.printf(
                    "WARMUP rounds=%d seconds=%.1f load1=%s%n",
                    rounds, (System.nanoTime() - t0) / 1e9, load1());
        }
        List<String[]> results = new ArrayList<>();
        for (Page p : pages) {
            if (only != null && !Arrays.asList(only.split(",")).contains(p.name())) {
                continue;
            }
            HttpClient http = clients.get(p.role());
            URI uri = URI.create(url + p.path());
            int status = get(http, uri, p.firstMb()).status;
            if (status == 404) {
                System.out.printf("MISSING %s %s (404)%n", p.name(), p.path());
                continue;
            }
            if (status != 200) {
                System.out.printf("FAILED %s %s status=%d%n", p.name(), p.path(), status);
                results.add(new String[] {p.name(), p.role(), "failed " + status});
                continue;
            }
            for (int i = 0; i < warmup; i++) {
                get(http, uri, p.firstMb());
            }
            long[] ns = new long[n];
            long bytes = 0;
            // the server's CPU over the N requests (service JVM; PostgreSQL with its backends), a
            // figure that a loaded machine does not inflate as it does the wall-clock times
            long jvm0 = CpuMeter.ticks(CpuMeter.servicePid, false);
            long pg0 = CpuMeter.ticks(CpuMeter.postgresPid, true);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Got g = get(http, uri, p.firstMb());
                ns[i] = System.nanoTime() - t0;
                bytes = g.bytes;
                if (g.status != 200) {
                    throw new IllegalStateException(p.name() + " answered " + g.status);
                }
            }
            long jvm1 = CpuMeter.ticks(CpuMeter.servicePid, false);
            long pg1 = CpuMeter.ticks(CpuMeter.postgresPid, true);
            String cpu =
                    jvm0 < 0 || jvm1 < 0
                            ? ""
                            : String.format(
                                    " jvm_cpu_ms=%.1f pg_cpu_ms=%.1f",
                                    (jvm1 - jvm0) * 10.0 / n, (pg1 - pg0) * 10.0 / n);
            Arrays.sort(ns);
            double p50 = ns[n / 2] / 1e6;
            double p99 = ns[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
            double max = ns[n - 1] / 1e6;
            System.out.printf(
                    "RESULT page=%s role=%s n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f bytes=%d%s"
                            + " load1=%s path=%s%n",
                    p.name(), p.role(), n, p50, p99, max, bytes, cpu, load1(), p.path());
        }
        return 0;
    }

    /** The 1-minute load average after the page's requests (Linux), beside its figures. */
    static String load1() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String resource() throws Exception {
        try (InputStream in = Pages.class.getResourceAsStream("/pages.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<Page> parse(String text, Map<String, String> vars) {
        List<Page> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length < 3) {
                throw new IllegalArgumentException("pages: ROLE NAME PATH [first-mb]: " + l);
            }
            String path = f[2];
            for (var v : vars.entrySet()) {
                path = path.replace(v.getKey(), v.getValue());
            }
            out.add(new Page(f[0], f[1], path, f.length > 3 && f[3].equals("first-mb")));
        }
        return out;
    }

    record Got(int status, long bytes) {}

    static Got get(HttpClient http, URI uri, boolean firstMb) throws Exception {
        HttpResponse<InputStream> r =
                http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[65536];
            for (int k; (k = in.read(buf)) > 0; ) {
                total += k;
                if (firstMb && total >= 1 << 20) {
                    break;
                }
            }
        }
        return new Got(r.statusCode(), total);
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    static HttpClient signIn(String url, String user, String password) throws Exception {
        HttpClient http =
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
        String login =
                http.send(
                                HttpRequest.newBuilder(URI.create(url + "/review/login")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        Matcher m = CSRF.matcher(login);
        String form =
                "username="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8)
                        + (m.find()
                                ? "&_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
                                : "");
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url + "/review/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String to = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || to.contains("error")) {
            throw new IllegalStateException(
                    "sign-in as " + user + " failed: " + r.statusCode() + " " + to);
        }
        return http;
    }
}
