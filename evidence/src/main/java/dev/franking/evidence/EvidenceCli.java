package dev.franking.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The command line (EVIDENCE.md):
 *
 * <pre>
 * java -jar evidence.jar verify PACKAGE.zip [--cert platform.pem | --fingerprint SHA256HEX]
 * java -jar evidence.jar fingerprint CERT.pem
 * java -jar evidence.jar keygen DIR --platform NAME
 * </pre>
 *
 * Exit codes: 0 verified, 1 verification failed, 2 usage or I/O error.
 */
public final class EvidenceCli {
    public static final int VERIFIED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT =
            """
            usage:
              verify PACKAGE.zip [--cert platform.pem | --fingerprint SHA256]
                  check a franking evidence package offline; exit 0 only if every check holds
              fingerprint CERT.pem
                  print the SHA-256 fingerprint of a certificate (what --fingerprint expects)
              keygen DIR --platform NAME
                  make an ECDSA P-256 evidence-signing key and self-signed certificate in DIR
            """;

    private EvidenceCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; never throws, never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                err.print(USAGE_TEXT);
                return USAGE;
            }
            return switch (args[0]) {
                case "verify" -> verify(List.of(args).subList(1, args.length), out, err);
                case "fingerprint" -> fingerprint(List.of(args).subList(1, args.length), out, err);
                case "keygen" -> keygen(List.of(args).subList(1, args.length), out, err);
                case "-h", "--help", "help" -> {
                    out.print(USAGE_TEXT);
                    yield VERIFIED;
                }
                default -> {
                    err.println("unknown command: " + args[0]);
                    err.print(USAGE_TEXT);
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static int verify(List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        Path pkg = null;
        EvidenceVerifier.Pin pin = EvidenceVerifier.Pin.none();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--cert" -> {
                    List<X509Certificate> certs =
                            EvidenceSigner.readPemCertificates(Path.of(value(args, ++i, a)));
                    pin = EvidenceVerifier.Pin.certificate(certs.get(0));
                }
                case "--fingerprint" -> {
                    try {
                        pin = EvidenceVerifier.Pin.fingerprint(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                default -> {
                    if (a.startsWith("--") || pkg != null) {
                        throw new UsageException("unexpected argument: " + a);
                    }
                    pkg = Path.of(a);
                }
            }
        }
        if (pkg == null) {
            throw new UsageException("no package given");
        }
        if (!Files.isRegularFile(pkg)) {
            err.println("error: no such file: " + pkg);
            return USAGE;
        }
        VerificationReport report = new EvidenceVerifier().verify(pkg, pin);
        out.print(report.render());
        return report.ok() ? VERIFIED : FAILED;
    }

    private static int fingerprint(List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        if (args.size() != 1) {
            throw new UsageException("fingerprint takes one certificate file");
        }
        for (X509Certificate c : EvidenceSigner.readPemCertificates(Path.of(args.get(0)))) {
            try {
                out.println(
                        Hashes.fingerprint(c.getEncoded())
                                + "  "
                                + c.getSubjectX500Principal().getName());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return VERIFIED;
    }

    private static int keygen(List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        Path dir = null;
        String platform = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--platform")) {
                platform = value(args, ++i, a);
            } else if (!a.startsWith("--") && dir == null) {
                dir = Path.of(a);
            } else {
                throw new UsageException("unexpected argument: " + a);
            }
        }
        if (dir == null || platform == null || platform.isBlank()) {
            throw new UsageException("keygen needs a directory and --platform NAME");
        }
        EvidenceSigner s = EvidenceSigner.generate(platform, Clock.systemUTC());
        s.writePem(dir);
        out.println(
                "wrote "
                        + dir.resolve(EvidenceSigner.KEY_FILE)
                        + " (owner-only) and "
                        + dir.resolve(EvidenceSigner.CERT_FILE));
        out.println("certificate SHA-256 fingerprint: " + s.fingerprint());
        return VERIFIED;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }
}
