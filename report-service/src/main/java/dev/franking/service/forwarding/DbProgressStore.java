package dev.franking.service.forwarding;

import dev.franking.service.forwarding.destinations.ProgressStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A delivery's progress in the database, each step committed as soon as it is recorded (its own
 * transaction), so that a retry after a failure or a restart continues where the last one stopped.
 * Steps: {@code report_id}, {@code file:KEY}, {@code details:KEY}, {@code finished}, {@code
 * inflight:STEP}, {@code retracted:REPORT_ID} (kept when a report is replaced), and the
 * dispatcher's own {@code abandon} (see {@link ForwardingDispatcher}).
 */
final class DbProgressStore implements ProgressStore {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final UUID forwardingId;

    DbProgressStore(JdbcTemplate jdbc, PlatformTransactionManager txm, UUID forwardingId) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(txm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.forwardingId = forwardingId;
    }

    /** Marks a recorded retraction whose audit row is still to be written. */
    private static final String UNAUDITED = " unaudited";

    static final String ABANDON = "abandon";

    private Optional<String> get(String step) {
        List<String> v =
                jdbc.queryForList(
                        "SELECT value FROM delivery_progress WHERE forwarding_id = ? AND step = ?",
                        String.class,
                        forwardingId,
                        step);
        return v.stream().findFirst();
    }

    private void put(String step, String value) {
        put(step, value, null);
    }

    /** Records a step and, in the same transaction, removes a marker it settles. */
    private void put(String step, String value, String settles) {
        own.executeWithoutResult(
                s -> {
                    upsert(jdbc, forwardingId, step, value);
                    if (settles != null) {
                        jdbc.update(
                                "DELETE FROM delivery_progress WHERE forwarding_id = ? AND step ="
                                        + " ?",
                                forwardingId,
                                settles);
                    }
                });
    }

    static void upsert(JdbcTemplate jdbc, UUID forwardingId, String step, String value) {
        jdbc.update(
                "INSERT INTO delivery_progress (forwarding_id, step, value) VALUES (?, ?, ?) ON"
                        + " CONFLICT (forwarding_id, step) DO UPDATE SET value = EXCLUDED.value",
                forwardingId,
                step,
                value);
    }

    private void delete(String step) {
        own.executeWithoutResult(
                s ->
                        jdbc.update(
                                "DELETE FROM delivery_progress WHERE forwarding_id = ? AND step ="
                                        + " ?",
                                forwardingId,
                                step));
    }

    @Override
    public Optional<String> reportId() {
        return get("report_id");
    }

    @Override
    public void reportSubmitted(String reportId) {
        put("report_id", reportId, "inflight:" + SUBMIT_STEP);
    }

    @Override
    public Optional<String> fileId(String fileKey) {
        return get("file:" + fileKey);
    }

    @Override
    public void fileUploaded(String fileKey, String fileId) {
        put("file:" + fileKey, fileId, "inflight:" + ProgressStore.uploadStep(fileKey));
    }

    @Override
    public boolean fileDetailsSent(String fileKey) {
        return get("details:" + fileKey).isPresent();
    }

    @Override
    public void markFileDetailsSent(String fileKey) {
        put("details:" + fileKey, "sent", "inflight:" + ProgressStore.fileInfoStep(fileKey));
    }

    @Override
    public boolean finished() {
        return get("finished").isPresent();
    }

    @Override
    public void markFinished() {
        put("finished", "yes");
    }

    @Override
    public boolean inFlight(String step) {
        return get("inflight:" + step).isPresent();
    }

    @Override
    public void markInFlight(String step) {
        put("inflight:" + step, "yes");
    }

    @Override
    public void clearInFlight(String step) {
        delete("inflight:" + step);
    }

    @Override
    public List<String> retracted() {
        return jdbc
                .queryForList(
                        "SELECT step FROM delivery_progress WHERE forwarding_id = ? AND step LIKE"
                                + " 'retracted:%' ORDER BY value",
                        String.class, forwardingId)
                .stream()
                .map(step -> step.substring("retracted:".length()))
                .toList();
    }

    /**
     * Records the retraction as not yet audited: the audit row is written by the caller in its own
     * transaction ({@link #retractionsToAudit}, {@link #audited}), never in this one, which may run
     * while the caller's transaction holds the audit chain's lock.
     */
    @Override
    public void reportRetracted(String reportId) {
        own.executeWithoutResult(
                s -> {
                    int n = retracted().size();
                    // everything about the withdrawn report goes; the dispatcher's abandon marker
                    // and earlier retractions stay
                    jdbc.update(
                            "DELETE FROM delivery_progress WHERE forwarding_id = ? AND step NOT"
                                    + " LIKE 'retracted:%' AND step <> ?",
                            forwardingId, ABANDON);
                    upsert(
                            jdbc,
                            forwardingId,
                            "retracted:" + reportId,
                            String.format("%04d", n) + UNAUDITED);
                });
    }

    /** Retracted reports whose audit row is not written yet. */
    List<String> retractionsToAudit() {
        return jdbc
                .queryForList(
                        "SELECT step FROM delivery_progress WHERE forwarding_id = ? AND step LIKE"
                                + " 'retracted:%' AND value LIKE ? ORDER BY value",
                        String.class, forwardingId, "%" + UNAUDITED)
                .stream()
                .map(step -> step.substring("retracted:".length()))
                .toList();
    }

    /** In the caller's transaction, with the audit row: the retraction is audited. */
    void audited(String reportId) {
        jdbc.update(
                "UPDATE delivery_progress SET value = replace(value, ?, '') WHERE forwarding_id ="
                        + " ? AND step = ?",
                UNAUDITED,
                forwardingId,
                "retracted:" + reportId);
    }

    /** Why delivery was given up, while the open report's retraction is still to be confirmed. */
    Optional<String> abandoning() {
        return get(ABANDON);
    }

    /** Records, durably, that delivery is given up and its open report must be retracted. */
    void abandon(String why) {
        put(ABANDON, why);
    }

    void abandoned() {
        delete(ABANDON);
    }
}
