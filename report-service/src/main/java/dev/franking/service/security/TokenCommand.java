package dev.franking.service.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Offline commands for trying the API out, run through the service's own jar:
 *
 * <pre>
 * java -jar report-service/target/report-service.jar token --sub bob --scope report
 * java -jar report-service/target/report-service.jar token --sub relay-1 --scope stamp --ttl 8h
 * java -jar report-service/target/report-service.jar keygen --out ./keys
 * </pre>
 *
 * {@code token} signs with {@code <data dir>/jwt/private.pem}, the pair the service itself trusts
 * when no identity provider is configured (or {@code --key FILE}).
 */
public final class TokenCommand {
    private TokenCommand() {}

    public static boolean handles(String arg) {
        return "token".equals(arg) || "keygen".equals(arg);
    }

    public static int run(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return usage();
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        if ("keygen".equals(args[0])) {
            Path out = Path.of(opts.getOrDefault("out", "./keys"));
            JwtKeys.create(out);
            System.out.println(
                    "Wrote "
                            + out.resolve("private.pem")
                            + " (keep it secret) and "
                            + out.resolve("public.pem"));
            System.out.println(
                    "Start the service with"
                        + " --spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                            + out.resolve("public.pem"));
            return 0;
        }
        String sub = opts.get("sub");
        String scope = opts.get("scope");
        if (sub == null || scope == null) {
            return usage();
        }
        String dataDir =
                opts.getOrDefault(
                        "data-dir", System.getenv().getOrDefault("REPORTS_DATA_DIR", "./data"));
        Path key =
                Path.of(
                        opts.getOrDefault(
                                "key", Path.of(dataDir, "jwt", "private.pem").toString()));
        var kp =
                opts.containsKey("key") ? JwtKeys.load(key) : JwtKeys.loadOrCreate(key.getParent());
        Duration ttl = Duration.parse("PT" + opts.getOrDefault("ttl", "1h").toUpperCase());
        System.out.println(JwtKeys.mint(kp, sub, scope, ttl, Instant.now()));
        return 0;
    }

    private static int usage() {
        System.err.println(
                "usage: token --sub USER --scope stamp|report [--ttl 1h] [--data-dir DIR | --key"
                        + " PRIVATE.pem]");
        System.err.println("       keygen --out DIR");
        return 2;
    }
}
