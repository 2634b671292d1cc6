package dev.franking.loadgen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A load generator for the report service, for this machine only:
 *
 * <pre>
 * java -jar loadgen/target/loadgen.jar stamps  --url http://localhost:18080 --token-key DATA/jwt/private.pem --batch 100 --recipients 10
 * java -jar loadgen/target/loadgen.jar reports --url http://localhost:18080 --token-key DATA/jwt/private.pem
 * java -jar loadgen/target/loadgen.jar reports --url http://localhost:18080 --token-key DATA/jwt/private.pem --rate 1000
 * </pre>
 *
 * Every run is bounded: a warm-up, a measured duration, a cap on requests, and a hard deadline.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        // issue 15: the backlog seeder and the page benchmark (no token key, no stamps)
        if (args.length > 0 && args[0].equals("seed")) {
            Seed.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("pages")) {
            System.exit(Pages.run(new Opts(args, 1)));
        }
        if (args.length == 0 || !(args[0].equals("stamps") || args[0].equals("reports"))) {
            usage();
            System.exit(2);
        }
        Opts o;
        try {
            o = new Opts(args, 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        if (!o.has("token-key")) {
            System.err.println(
                    "--token-key PATH (the service's <data dir>/jwt/private.pem) is required");
            System.exit(2);
        }
        CpuMeter.servicePid = o.lng("service-pid", 0);
        CpuMeter.postgresPid = o.lng("postgres-pid", 0);
        Http http =
                new Http(
                        o.str("url", "http://localhost:8080"),
                        Duration.ofSeconds(o.integer("timeout", 30)));
        Jwt jwt = Jwt.load(Path.of(o.str("token-key", null)));
        var health = http.get("/actuator/health");
        if (health.status() != 200) {
            System.err.println("service not healthy: " + health.status() + " " + health.body());
            System.exit(1);
        }
        // one stamp request alone first: on a fresh service the first requests make the first stamp
        // key, and concurrent first requests can race there (see BENCHMARKS.md)
        String prime =
                "{\"messages\":[{\"commitment\":\""
                        + dev.franking.v2.B64.encode(new byte[32])
                        + "\",\"routes\":[\""
                        + dev.franking.v2.B64.encode(new byte[32])
                        + "\"]}]}";
        var primed =
                http.postJson("/api/v2/stamps", jwt.mint("relay-loadgen", "stamp", 600), prime);
        if (primed.status() != 200) {
            System.err.println(
                    "a single stamp request failed: " + primed.status() + " " + primed.body());
            System.exit(1);
        }
        int rc =
                args[0].equals("stamps")
                        ? new StampsMode(http, jwt, o).run()
                        : new ReportsMode(http, jwt, o).run();
        System.exit(rc);
    }

    static void usage() {
        System.err.println(
                """
                usage: java -jar loadgen.jar stamps|reports [options]
                  --url URL            the service, on this machine only (default http://localhost:8080)
                  --token-key PATH     the PKCS#8 private.pem whose public key the service trusts (required)
                  --threads N          concurrent clients (default: stamps 4, reports 16, reports --rate 64)
                  --warmup S           seconds of unmeasured load first (default 5)
                  --duration S         measured seconds (default 20)
                  --max-requests N     at most N requests in the measured phase (default unbounded within duration)
                  --timeout S          per-request timeout (default 30)
                  --service-pid PID    also report the CPU the service JVM used in the measured window
                  --postgres-pid PID   and its PostgreSQL's (the postmaster's pid; its backends are counted too)
                 stamps:
                  --batch N            messages per request (default 100)
                  --recipients R       routes (recipients) per message (default 10): N x R stamps a request
                 reports:
                  --rate R             open loop: R reports a second at fixed intended times, latency measured
                                       from the intended send time (no coordinated omission); default closed loop
                  --reporters N        distinct reporter ids, each with its own token (default 2000)
                  --senders N          distinct reported senders, i.e. cases (default 1000)
                  --context N          context messages per report (default 0)
                  --body-bytes N       message body size (default 200)
                  --pool N             reports to pre-build (default: closed loop 60000, open loop rate x (warmup+duration) + 1%)
                """);
    }
}
