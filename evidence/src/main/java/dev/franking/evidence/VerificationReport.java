package dev.franking.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link EvidenceVerifier} found: one line per check, and a summary. A package holds only if
 * no check failed ({@link #ok()}); it is verified ({@link #outcome()}) only if, besides, the signer
 * was pinned. Warnings (an unpinned signer) say what the result does not prove.
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
            boolean pinned,
            String postQuantumSigner,
            String postQuantumFingerprint,
            Instant timeStampedAt,
            String timeStampAuthority,
            String timeStampAuthorityFingerprint,
            Long auditChainHeadSeq,
            String auditChainHeadHash) {}

    /**
     * The verdict, and the command's exit code: VERIFIED (0) when intact and signed by the pinned
     * signer; BROKEN (1) when any check failed; UNPINNED (2) when intact but no signer was given,
     * so nothing says who signed.
     */
    public enum Outcome {
        VERIFIED(0),
        BROKEN(1),
        UNPINNED(2);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** Whether the package is intact: no check failed (it may still be unpinned). */
    public boolean ok() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    public Outcome outcome() {
        if (!ok()) {
            return Outcome.BROKEN;
        }
        return summary.pinned() ? Outcome.VERIFIED : Outcome.UNPINNED;
    }

    /** The report as a JSON object (what {@code verify --json} prints). */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("result", outcome().name());
        m.put("exitCode", outcome().exitCode());
        List<Object> list = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("status", c.status().name());
            o.put("subject", c.subject());
            o.put("message", c.message());
            list.add(o);
        }
        m.put("checks", list);
        Summary s = summary;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("packageId", s.packageId());
        o.put("caseId", s.caseId());
        o.put("reports", s.reports());
        o.put("messages", s.messages());
        o.put("attachments", s.attachments());
        o.put("files", s.files());
        o.put("custodyEvents", s.custodyEvents());
        o.put("signer", s.signer());
        o.put("signerFingerprint", s.signerFingerprint());
        o.put("postQuantumSigner", s.postQuantumSigner());
        o.put("postQuantumFingerprint", s.postQuantumFingerprint());
        o.put("signedAt", s.signedAt() == null ? null : s.signedAt().toString());
        o.put("timeStampedAt", s.timeStampedAt() == null ? null : s.timeStampedAt().toString());
        o.put("timeStampAuthority", s.timeStampAuthority());
        o.put("timeStampAuthorityFingerprint", s.timeStampAuthorityFingerprint());
        o.put("auditChainHeadSeq", s.auditChainHeadSeq());
        o.put("auditChainHeadHash", s.auditChainHeadHash());
        o.put("pinned", s.pinned());
        m.put("summary", o);
        return m;
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
        if (s.postQuantumSigner() != null) {
            sb.append("Also signed with ML-DSA by ")
                    .append(s.postQuantumSigner())
                    .append(" (SHA-256 fingerprint ")
                    .append(s.postQuantumFingerprint())
                    .append(")\n");
        }
        if (s.timeStampedAt() != null) {
            sb.append("Time-stamped at ")
                    .append(s.timeStampedAt())
                    .append(" by ")
                    .append(s.timeStampAuthority())
                    .append(" (SHA-256 fingerprint ")
                    .append(s.timeStampAuthorityFingerprint())
                    .append(")\n");
        }
        long failed = failures().size();
        if (failed == 0 && !s.pinned()) {
            sb.append("RESULT: INTACT BUT NOT PINNED (")
                    .append(checks.size())
                    .append(
                            " checks; who signed is not established: give --cert or"
                                    + " --fingerprint)\n");
        } else if (failed == 0) {
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
