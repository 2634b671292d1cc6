package dev.franking.service.forwarding.destinations;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link CyberTiplineClient} delivery records how far it got, so that a retry (after a
 * failure, or in a new process after a restart) continues where the last attempt stopped and never
 * repeats a step that already succeeded: the report is submitted once, each file uploaded once,
 * each file's details sent once, and finish is called last.
 *
 * <p>One store per delivery (one logical report to one destination). Every write must be durable
 * when the method returns (commit it on its own, not in a transaction that the rest of the delivery
 * could roll back): the client relies on a recorded report id or file id surviving a crash that
 * happens right after it. {@link InMemoryProgressStore} is the reference implementation.
 *
 * <p>Files are identified by {@link FileToUpload#key()}, which is derived from the file's SHA-256
 * and name, so the same list of files maps onto the same progress after a restart.
 *
 * <p>In-flight markers: before a request whose outcome matters and whose repetition could do harm
 * leaves (the submit, an upload, a file's details: NCMEC accepts one {@code /fileinfo} per file),
 * the client calls {@link #markInFlight}; when an answer comes back, it records the result or calls
 * {@link #clearInFlight}. A marker still present when a delivery starts means an earlier attempt
 * sent that request and never learnt its outcome (the connection dropped, the process died). For an
 * upload or a file's details the report's id is known: the client retracts that unfinished report
 * ({@link #reportRetracted}) and starts again with a new one, so nothing is sent twice to one
 * report and nothing is left open. For the submit the id is not known: the client stops with {@link
 * DestinationException.Kind#OUTCOME_UNKNOWN} until a person records NCMEC's report id ({@link
 * #reportSubmitted}) or asks for a new submission ({@link #clearInFlight}).
 */
public interface ProgressStore {
    /** Step name used for the submit's in-flight marker. */
    String SUBMIT_STEP = "submit";

    /** Step name used for a file upload's in-flight marker. */
    static String uploadStep(String fileKey) {
        return "upload:" + fileKey;
    }

    /** Step name used for a file's {@code /fileinfo} in-flight marker. */
    static String fileInfoStep(String fileKey) {
        return "fileinfo:" + fileKey;
    }

    /** NCMEC's report id, once {@code /submit} has answered with one. */
    Optional<String> reportId();

    /** Records NCMEC's report id (and clears the submit's in-flight marker). */
    void reportSubmitted(String reportId);

    /** NCMEC's file id for this file, once {@code /upload} has answered with one. */
    Optional<String> fileId(String fileKey);

    /** Records NCMEC's file id for this file (and clears its upload's in-flight marker). */
    void fileUploaded(String fileKey, String fileId);

    /** Whether {@code /fileinfo} has accepted this file's details. */
    boolean fileDetailsSent(String fileKey);

    /** Records that {@code /fileinfo} accepted this file's details (and clears its marker). */
    void markFileDetailsSent(String fileKey);

    /** Whether {@code /finish} has accepted the report. */
    boolean finished();

    void markFinished();

    /** Whether a request for this step was sent and its outcome is not known. */
    boolean inFlight(String step);

    void markInFlight(String step);

    /**
     * The step's request was answered with a failure (nothing was created), or a person resolved
     * it.
     */
    void clearInFlight(String step);

    /** The reports of this delivery that were retracted, oldest first. */
    List<String> retracted();

    /**
     * NCMEC confirmed the retraction of this unfinished report: records it, and forgets everything
     * recorded about it (its id, its files, their details, its in-flight markers), so the delivery
     * starts again with a new report. Durable and atomic.
     */
    void reportRetracted(String reportId);
}
