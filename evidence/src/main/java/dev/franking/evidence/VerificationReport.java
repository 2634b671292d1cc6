package dev.franking.evidence;

import java.time.Instant;
import java.util.List;

/**
 * What {@link EvidenceVerifier} found: one line per check, and a summary. A package holds only if
 * no check failed ({@link #ok()}); warnings (an unpinned signer) do not fail it but say what the
 * result does not prove.
 */
public record VerificationReport(String source, List<Check> checks, Summary summary) {
    public VerificationReport {
        checks = List.copyOf(checks);
    }

    public enum Status {
        OK,
        WARN,
        FAIL
    }

    /**
     * One check: its status, what it is about (a file path, "signature", ...) and a readable
     * message.
     */
    public record Check(Status status, String subject, String message) {
        @Override
        public String toString() {
            return String.format("%-4s %s: %s", status, subject, message);
        }
    }

    /**
     * What the package says of itself, as far as it could be read (fields null otherwise).
     *
     * @param signerFingerprint SHA-256 of the signer certificate, colon-separated hex
     * @param pinned whether the signer was checked against a certificate or fingerprint the
     *     verifier was given
     */
    public record Summary(
            String packageId,
            String caseId,
            int reports,
            int messages,
            int attachments,
            int files,
            int custodyEvents,
            String signer,
            String signerFingerprint,
            Instant signedAt,
            boolean pinned) {}

    public boolean ok() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    }

    public List<Check> warnings() {
        return checks.stream().filter(c -> c.status() == Status.WARN).toList();
    }

    /** The readable report the command prints. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Evidence package: ").append(source).append('\n');
        for (Check c : checks) {
            sb.append(c).append('\n');
        }
        Summary s = summary;
        sb.append('\n');
        if (s.caseId() != null) {
            sb.append("Case ")
                    .append(s.caseId())
                    .append(", package ")
                    .append(s.packageId())
                    .append(": ")
                    .append(s.reports())
                    .append(" report(s), ")
                    .append(s.messages())
                    .append(" message(s), ")
                    .append(s.attachments())
                    .append(" attachment(s), ")
                    .append(s.files())
                    .append(" file(s), ")
                    .append(s.custodyEvents())
                    .append(" custody event(s)\n");
        }
        if (s.signer() != null) {
            sb.append("Signed by ")
                    .append(s.signer())
                    .append(" at ")
                    .append(s.signedAt())
                    .append('\n');
            sb.append("Signer certificate SHA-256 fingerprint: ")
                    .append(s.signerFingerprint())
                    .append(
                            s.pinned()
                                    ? " (pinned)"
                                    : " (NOT pinned: compare it with the fingerprint the platform"
                                            + " published)")
                    .append('\n');
        }
        long failed = failures().size();
        if (failed == 0) {
            sb.append("RESULT: VERIFIED (")
                    .append(checks.size())
                    .append(" checks, ")
                    .append(warnings().size())
                    .append(" warning(s))\n");
        } else {
            sb.append("RESULT: FAILED (")
                    .append(failed)
                    .append(" of ")
                    .append(checks.size())
                    .append(" checks failed)\n");
        }
        return sb.toString();
    }
}
