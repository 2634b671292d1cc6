package dev.franking.service.forwarding.destinations;

import dev.franking.service.OutboundHttp;
import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A client of NCMEC's CyberTipline reporting web service (ISPWS): {@code POST /submit} the {@code
 * <report>} XML (answered with a {@code reportId}), {@code POST /upload} each file as multipart
 * form data ({@code id} = the report id, {@code file} = the bytes; answered with a {@code fileId}),
 * {@code POST /fileinfo} each file's {@code <fileDetails>} XML, and last {@code POST /finish}
 * ({@code id} = the report id), which makes the report final. Every call uses HTTP Basic
 * authentication; every answer is XML, {@code <reportResponse>} (or {@code <reportDoneResponse>}
 * for finish) with a {@code responseCode} that is 0 on success.
 *
 * <p>The endpoints and form fields are those used by the open implementations Boostport/ncmec-go
 * ({@code cybertipline/client.go}) and roostorg/coop ({@code
 * server/services/ncmecService/ncmecReporting.ts}).
 *
 * <p><b>Resumable and idempotent.</b> {@link #submit} records every result in a {@link
 * ProgressStore} as it goes and skips what is recorded, so calling it again with the same report,
 * files and store, after any failure or in a new process, continues where it stopped: the report is
 * submitted once, each file uploaded once, and finish comes last. A request that creates something
 * (the submit, an upload) and goes unanswered is never repeated automatically (see {@link
 * ProgressStore}).
 *
 * <p><b>Every delivery ends in one finished report.</b> {@code /finish} answered {@link
 * #ALREADY_FINISHED} (its earlier answer was lost) counts as finished. When the answer to an upload
 * or to a file's details is lost, that open report is {@code /retract}ed and the delivery starts
 * again with a new one (at most {@link #MAX_RETRACTIONS} times), so no file is sent twice to one
 * report and no report is left open. A delivery given up after a submit is retracted by the caller
 * ({@link #retract}). {@link #status} checks the connection and credentials ({@code GET /status}).
 *
 * <p>Exception messages name the step and NCMEC's HTTP status or response code, never the report's
 * content. Thread-safe; one instance per set of credentials.
 */
public final class CyberTiplineClient {
    public static final URI PRODUCTION = URI.create("https://report.cybertip.org/ispws");
    public static final URI TESTING = URI.create("https://exttest.cybertip.org/ispws");

    /**
     * The response code with which NCMEC rejects a document that fails schema validation, e.g.
     * elements out of order (roostorg/coop, ncmecReporting.ts). Repeating the same document cannot
     * help.
     */
    public static final int SCHEMA_VALIDATION_FAILED = 4100;

    /**
     * The response codes with which {@code /finish} (and {@code /retract}) say the report is
     * already finished: a repeated finish whose first answer was lost. The report exists, final,
     * under the id we hold.
     */
    public static final Set<Integer> ALREADY_FINISHED = Set.of(5101, 5102);

    /**
     * How many open reports one delivery retracts and replaces (after lost upload or file-details
     * answers) before it stops and a person looks.
     */
    public static final int MAX_RETRACTIONS = 3;

    private static final MediaType XML = MediaType.parseMediaType("text/xml; charset=utf-8");

    private final CyberTiplineHttp http;

    /**
     * A client with an HTTP client of its own, for tests and tools with a fake service on this
     * machine: plain http to a literal loopback address is allowed. The service passes its client
     * and its setting.
     */
    public CyberTiplineClient(URI base, String username, String password) {
        this(base, username, password, OutboundHttp.standalone(), true);
    }

    /** As the service's 5-argument constructor, without plain http (https only). */
    public CyberTiplineClient(URI base, String username, String password, RestClient http) {
        this(base, username, password, http, false);
    }

    /**
     * @param base checked as every destination's ({@link DestinationUrls}): https, no user info
     * @param http the service's outbound client (its timeouts: {@code reports.http.*})
     * @param allowLoopbackHttp {@code reports.forwarding.allow-loopback-http}: plain http to a
     *     literal loopback address (tests, a local relay)
     */
    public CyberTiplineClient(
            URI base,
            String username,
            String password,
            RestClient http,
            boolean allowLoopbackHttp) {
        this.http =
                new CyberTiplineHttp(
                        DestinationUrls.require(base, allowLoopbackHttp), username, password, http);
    }

    /**
     * Delivers the report with its files, continuing from what {@code progress} records; returns
     * NCMEC's report id. Order: submit, upload each file, send each file's details, finish.
     *
     * @throws DestinationException when a step fails; its kind says whether to retry
     * @throws IllegalArgumentException when two files have the same {@link FileToUpload#key()}
     */
    public String submit(
            CyberTiplineReport report, List<FileToUpload> files, ProgressStore progress) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(progress, "progress");
        Set<String> keys = new HashSet<>();
        for (FileToUpload f : files) {
            if (!keys.add(f.key())) {
                throw new IllegalArgumentException(
                        "the same file is listed twice (sha256 " + f.sha256() + ")");
            }
        }
        if (progress.finished()) {
            return progress.reportId()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "progress says finished but has no report id"));
        }

        String reportId = progress.reportId().orElse(null);
        if (reportId != null && unknownOutcome(files, progress)) {
            // An upload or a file's details went unanswered: the report may hold a file twice or
            // a file without details. Replace it rather than guess.
            if (progress.retracted().size() >= MAX_RETRACTIONS) {
                throw new DestinationException(
                        Kind.PERMANENT,
                        "CyberTipline: "
                                + MAX_RETRACTIONS
                                + " reports were retracted after lost answers; report "
                                + reportId
                                + " is open and is not replaced again automatically");
            }
            if (retract(reportId) == Retraction.ALREADY_FINISHED) {
                // cannot happen unless someone finished it elsewhere: then it is the report
                progress.markFinished();
                return reportId;
            }
            progress.reportRetracted(reportId);
            reportId = null;
        }
        if (reportId == null) {
            reportId = submitReport(report, progress);
        }
        for (FileToUpload f : files) {
            if (progress.fileId(f.key()).isEmpty()) {
                upload(reportId, f, progress);
            }
        }
        for (FileToUpload f : files) {
            if (!progress.fileDetailsSent(f.key())) {
                fileInfo(reportId, f, progress);
            }
        }
        finish(reportId, files, progress);
        return reportId;
    }

    /** Whether an upload or a file's details of the current report was sent and not answered. */
    private static boolean unknownOutcome(List<FileToUpload> files, ProgressStore progress) {
        for (FileToUpload f : files) {
            if (progress.inFlight(ProgressStore.uploadStep(f.key()))
                    || progress.inFlight(ProgressStore.fileInfoStep(f.key()))) {
                return true;
            }
        }
        return false;
    }

    private void fileInfo(String reportId, FileToUpload f, ProgressStore progress) {
        String step = ProgressStore.fileInfoStep(f.key());
        String fileId = progress.fileId(f.key()).orElseThrow();
        Document answer =
                lostAnswerRetracts(
                        () ->
                                http.post(
                                        "/fileinfo",
                                        XML,
                                        CyberTiplineXml.fileDetailsXml(reportId, fileId, f),
                                        step,
                                        progress));
        CyberTiplineHttp.checkResponseCode("/fileinfo", answer, step, progress);
        progress.markFileDetailsSent(f.key());
    }

    /**
     * A lost answer to an upload or a file's details is retried, by retracting the report and
     * starting again on the next attempt.
     */
    private static Document lostAnswerRetracts(Supplier<Document> request) {
        try {
            return request.get();
        } catch (DestinationException e) {
            if (e.kind() != Kind.OUTCOME_UNKNOWN) {
                throw e;
            }
            throw new DestinationException(
                    Kind.RETRYABLE,
                    e.getMessage() + "; the next attempt retracts this report and starts again",
                    e);
        }
    }

    /** What {@link #retract} found. */
    public enum Retraction {
        /** NCMEC confirmed: the report is withdrawn. */
        RETRACTED,
        /** NCMEC answered that the report is already finished: it stands, under its id. */
        ALREADY_FINISHED
    }

    /**
     * Withdraws an unfinished report ({@code POST /retract}, {@code id} = the report id). Safe to
     * repeat: a retry after a lost answer retracts again.
     *
     * @throws DestinationException when NCMEC cannot be reached or refuses
     */
    public Retraction retract(String reportId) {
        CyberTiplineReport.requireText(reportId, "reportId");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("id", reportId);
        Document answer =
                http.post("/retract", MediaType.APPLICATION_FORM_URLENCODED, form, null, null);
        Integer code = CyberTiplineHttp.responseCode(answer);
        if (code != null && ALREADY_FINISHED.contains(code)) {
            return Retraction.ALREADY_FINISHED;
        }
        CyberTiplineHttp.checkResponseCode("/retract", answer);
        return Retraction.RETRACTED;
    }

    /**
     * Checks that NCMEC can be reached and accepts the credentials ({@code GET /status}); changes
     * nothing.
     *
     * @throws DestinationException saying what failed (connection, credentials, response code)
     */
    public void status() {
        Document answer = http.get("/status");
        CyberTiplineHttp.checkResponseCode("/status", answer);
    }

    private String submitReport(CyberTiplineReport report, ProgressStore progress) {
        CyberTiplineHttp.refuseIfUnanswered(ProgressStore.SUBMIT_STEP, "/submit", progress);
        Document answer =
                http.post(
                        "/submit",
                        XML,
                        CyberTiplineXml.reportXml(report),
                        ProgressStore.SUBMIT_STEP,
                        progress);
        CyberTiplineHttp.checkResponseCode("/submit", answer, ProgressStore.SUBMIT_STEP, progress);
        String reportId = CyberTiplineXml.text(answer, "reportId");
        if (reportId == null || reportId.isBlank()) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN,
                    "CyberTipline /submit answered success without a reportId");
        }
        progress.reportSubmitted(reportId);
        return reportId;
    }

    private void upload(String reportId, FileToUpload f, ProgressStore progress) {
        String step = ProgressStore.uploadStep(f.key());
        String fileName = quotedFileName(f.name());
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("id", reportId);
        body.add(
                "file",
                new HttpEntity<>(
                        new ByteArrayResource(f.bytes()) {
                            @Override
                            public String getFilename() {
                                return fileName;
                            }
                        },
                        fileHeaders));
        Document answer =
                lostAnswerRetracts(
                        () ->
                                http.post(
                                        "/upload",
                                        MediaType.MULTIPART_FORM_DATA,
                                        body,
                                        step,
                                        progress));
        CyberTiplineHttp.checkResponseCode("/upload", answer, step, progress);
        String fileId = CyberTiplineXml.text(answer, "fileId");
        if (fileId == null || fileId.isBlank()) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN, "CyberTipline /upload answered success without a fileId");
        }
        String hash = CyberTiplineXml.text(answer, "hash");
        if (hash != null && !hash.isBlank() && !hash.equalsIgnoreCase(f.md5())) {
            // NCMEC answers with the MD5 of what it received; a mismatch means the file was damaged
            // on the
            // way. The damaged copy is not recorded, so a retry uploads the file again.
            progress.clearInFlight(step);
            throw new DestinationException(
                    Kind.PERMANENT,
                    "CyberTipline /upload: the MD5 NCMEC computed for file "
                            + fileId
                            + " differs from ours (sha256 "
                            + f.sha256()
                            + ")");
        }
        progress.fileUploaded(f.key(), fileId);
    }

    private void finish(String reportId, List<FileToUpload> files, ProgressStore progress) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("id", reportId);
        Document answer =
                http.post("/finish", MediaType.APPLICATION_FORM_URLENCODED, form, null, progress);
        Integer code = CyberTiplineHttp.responseCode(answer);
        if (code != null && ALREADY_FINISHED.contains(code)) {
            // an earlier finish went through and its answer was lost: finished, under our id
            progress.markFinished();
            return;
        }
        CyberTiplineHttp.checkResponseCode("/finish", answer);
        progress.markFinished();
        NodeList listed = answer.getElementsByTagName("fileId");
        if (listed.getLength() > 0) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < listed.getLength(); i++) {
                ids.add(listed.item(i).getTextContent().trim());
            }
            List<String> missing = new ArrayList<>();
            for (FileToUpload f : files) {
                String id = progress.fileId(f.key()).orElseThrow();
                if (!ids.contains(id)) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                throw new DestinationException(
                        Kind.PERMANENT,
                        "CyberTipline /finish: report "
                                + reportId
                                + " was finished without files "
                                + missing);
            }
        }
    }

    /** The {@code <report>} document for {@code /submit}, children in schema order. */
    public static byte[] reportXml(CyberTiplineReport r) {
        return CyberTiplineXml.reportXml(r);
    }

    /** The {@code <fileDetails>} document for {@code /fileinfo}, children in schema order. */
    public static byte[] fileDetailsXml(String reportId, String fileId, FileToUpload f) {
        return CyberTiplineXml.fileDetailsXml(reportId, fileId, f);
    }

    /**
     * A file name inside a quoted Content-Disposition parameter: no quotes, backslashes or line
     * breaks.
     */
    private static String quotedFileName(String name) {
        return name.replace("\\", "_").replace("\"", "_").replace("\r", "_").replace("\n", "_");
    }

    @Override
    public String toString() {
        return "CyberTiplineClient[" + http.base() + ", credentials=[REDACTED]]";
    }
}
