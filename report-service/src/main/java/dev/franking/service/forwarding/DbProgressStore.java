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
        own.executeWithoutResult(
                s ->
                        jdbc.update(
                                "INSERT INTO delivery_progress (forwarding_id, step, value) VALUES"
                                    + " (?, ?, ?) ON CONFLICT (forwarding_id, step) DO UPDATE SET"
                                    + " value = EXCLUDED.value",
                                forwardingId,
                                step,
                                value));
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
        put("report_id", reportId);
    }

    @Override
    public Optional<String> fileId(String fileKey) {
        return get("file:" + fileKey);
    }

    @Override
    public void fileUploaded(String fileKey, String fileId) {
        put("file:" + fileKey, fileId);
    }

    @Override
    public boolean fileDetailsSent(String fileKey) {
        return get("details:" + fileKey).isPresent();
    }

    @Override
    public void markFileDetailsSent(String fileKey) {
        put("details:" + fileKey, "sent");
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
}
