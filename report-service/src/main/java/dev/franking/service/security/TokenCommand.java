package dev.franking.service.security;

import dev.franking.service.ReportsProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Command(
            name = "token",
            sortOptions = false,
            description = "Prints a bearer token (RS256 JWT) signed with the local key pair.")
    public static final class Token implements Callable<Integer> {
        @Option(names = "--sub", required = true, paramLabel = "USER", description = "sub claim")
        String sub;

        @Option(
                names = "--scope",
                required = true,
                paramLabel = "stamp|report",
                description = "scope claim")
        String scope;

        @Option(
                names = "--ttl",
                defaultValue = "1h",
                converter = TtlConverter.class,
                description = "lifetime, e.g. 30m, 8h (default: ${DEFAULT-VALUE})")
        Duration ttl;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description =
                        "the service's data directory, whose jwt/private.pem signs (default:"
                                + " $REPORTS_DATA_DIR, else the service's default)")
        Path dataDir;

        @Option(
                names = "--key",
                paramLabel = "PRIVATE.pem",
                description = "sign with this PKCS#8 PEM key instead")
        Path key;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Override
        public Integer call() throws Exception {
            var kp =
                    key != null
                            ? JwtKeys.load(key)
                            : JwtKeys.loadOrCreate(dataDir().resolve("jwt"));
            System.out.println(JwtKeys.mint(kp, sub, scope, ttl, Instant.now()));
            return 0;
        }

        private Path dataDir() {
            if (dataDir != null) {
                return dataDir;
            }
            String env = System.getenv("REPORTS_DATA_DIR");
            return env != null ? Path.of(env) : ReportsProperties.defaults().dataDir();
        }
    }

    @Command(
            name = "keygen",
            description =
                    "Writes a new RSA key pair for signing tokens: private.pem (keep it secret)"
                            + " and public.pem (what the service trusts).")
    public static final class Keygen implements Callable<Integer> {
        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "./keys",
                description = "where to write the pair (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Override
        public Integer call() throws Exception {
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
    }

    /** {@code 1h}, {@code 30m}, {@code 90s}: the forms the command has always taken. */
    static final class TtlConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("must be positive, e.g. 1h");
            }
            return d;
        }
    }
}
