package dev.franking.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line (EVIDENCE.md, "Verifying a package"):
 *
 * <pre>
 * java -jar evidence.jar verify PACKAGE.zip (--cert platform.pem | --fingerprint SHA256HEX)... [--json]
 * java -jar evidence.jar fingerprint CERT.pem
 * java -jar evidence.jar keygen DIR --platform NAME
 * </pre>
 *
 * Exit codes of {@code verify}: 0 verified (intact, and signed by the pinned signer), 1 broken or
 * signed by someone else, 2 intact but no signer pinned. 64 for a wrong command line, 74 for a file
 * that cannot be read (the package, or a certificate).
 */
@Command(
        name = "evidence.jar",
        mixinStandardHelpOptions = true,
        version = "franking evidence verifier (" + EvidencePackageBuilder.FORMAT + ")",
        description = "Checks franking evidence packages offline.",
        exitCodeOnInvalidInput = EvidenceCli.USAGE,
        exitCodeOnExecutionException = EvidenceCli.IO_ERROR,
        exitCodeListHeading = "%nExit codes of verify:%n",
        exitCodeList = {
            "0:verified: intact, and signed by the pinned signer",
            "1:broken, tampered with, or signed by someone other than the pinned signer",
            "2:intact, but no signer was pinned (--cert or --fingerprint): who signed is unknown",
            "64:wrong command line",
            "74:a file cannot be read"
        },
        subcommands = {
            EvidenceCli.Verify.class,
            EvidenceCli.Fingerprint.class,
            EvidenceCli.Keygen.class
        })
public final class EvidenceCli implements Callable<Integer> {
    public static final int VERIFIED = 0;
    public static final int FAILED = 1;
    public static final int UNPINNED = 2;
    public static final int USAGE = 64;
    public static final int IO_ERROR = 74;

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; never throws, never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new EvidenceCli());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        // an unreadable file or a package that cannot be read is a message, not a stack trace
        cl.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return IO_ERROR;
                });
        return cl.execute(args);
    }

    /** Without a command: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = USAGE,
            exitCodeOnExecutionException = IO_ERROR,
            description = {
                "Check a franking evidence package offline. Exit 0 only if every check holds and"
                        + " the signer is pinned; 1 if the package is broken; 2 if it is intact"
                        + " but no signer was pinned."
            })
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PACKAGE.zip", description = "the package")
        Path pkg;

        @Option(
                names = "--cert",
                paramLabel = "FILE",
                description =
                        "PEM file with the platform's published certificate(s); the signer must be"
                                + " one of them (repeatable)")
        List<Path> certs = new ArrayList<>();

        @Option(
                names = "--fingerprint",
                paramLabel = "SHA256HEX",
                description =
                        "SHA-256 fingerprint of the platform's certificate, colons allowed"
                                + " (repeatable)")
        List<String> fingerprints = new ArrayList<>();

        @Option(names = "--json", description = "print the report as JSON")
        boolean json;

        @Option(
                names = "--allow-missing-ml-dsa",
                description =
                        "accept a package without an ML-DSA signature (made before ML-DSA, format"
                                + " v1)")
        boolean allowMissingMlDsa;

        @Option(
                names = "--allow-missing-timestamp",
                description =
                        "accept signatures without an RFC 3161 timestamp (made before timestamps,"
                                + " format v1)")
        boolean allowMissingTimestamp;

        @Override
        public Integer call() throws IOException {
            EvidenceVerifier.Pin pin = EvidenceVerifier.Pin.none();
            for (String fp : fingerprints) {
                try {
                    pin = pin.and(EvidenceVerifier.Pin.fingerprint(fp));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, fp);
                }
            }
            for (Path cert : certs) {
                pin =
                        pin.and(
                                EvidenceVerifier.Pin.certificates(
                                        EvidenceSigner.readPemCertificates(cert)));
            }
            if (!Files.isRegularFile(pkg)) {
                throw new IOException("no such file: " + pkg);
            }
            VerificationReport report =
                    new EvidenceVerifier(
                                    new EvidenceVerifier.Policy(
                                            !allowMissingMlDsa, !allowMissingTimestamp))
                            .verify(pkg, pin);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(
                        JsonMapper.builder()
                                .build()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(report.toJsonTree()));
            } else {
                out.print(report.render());
            }
            out.flush();
            return report.outcome().exitCode();
        }
    }

    @Command(
            name = "fingerprint",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = USAGE,
            exitCodeOnExecutionException = IO_ERROR,
            description =
                    "Print the SHA-256 fingerprint of each certificate in a PEM file (what"
                            + " --fingerprint expects).")
    static final class Fingerprint implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CERT.pem")
        Path cert;

        @Override
        public Integer call() throws IOException {
            for (X509Certificate c : EvidenceSigner.readPemCertificates(cert)) {
                try {
                    spec.commandLine()
                            .getOut()
                            .println(
                                    Hashes.fingerprint(c.getEncoded())
                                            + "  "
                                            + c.getSubjectX500Principal().getName());
                } catch (CertificateEncodingException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            return VERIFIED;
        }
    }

    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = USAGE,
            exitCodeOnExecutionException = IO_ERROR,
            description =
                    "Make evidence-signing keys in DIR: ECDSA P-256 and ML-DSA-65, with"
                            + " self-signed certificates (the ECDSA one binds the ML-DSA one).")
    static final class Keygen implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Option(names = "--platform", required = true, paramLabel = "NAME")
        String platform;

        @Override
        public Integer call() throws IOException {
            if (platform.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--platform needs a name");
            }
            EvidenceSigner s = EvidenceSigner.generate(platform, Clock.systemUTC());
            s.writePem(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    "wrote "
                            + dir.resolve(EvidenceSigner.KEY_FILE)
                            + ", "
                            + dir.resolve(EvidenceSigner.ML_DSA_KEY_FILE)
                            + " (owner-only), "
                            + dir.resolve(EvidenceSigner.CERT_FILE)
                            + " and "
                            + dir.resolve(EvidenceSigner.ML_DSA_CERT_FILE));
            out.println("certificate SHA-256 fingerprint: " + s.fingerprint());
            out.println(
                    "ML-DSA certificate SHA-256 fingerprint: "
                            + s.postQuantumFingerprint()
                            + " (bound by the first: publish the first)");
            return VERIFIED;
        }
    }
}
