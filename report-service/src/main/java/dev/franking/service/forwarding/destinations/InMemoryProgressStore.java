package dev.franking.service.forwarding.destinations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProgressStore} in memory: the reference for a database-backed one, and what tests use.
 * {@link #copy()} stands for "the rows another process reads after a restart".
 */
final class InMemoryProgressStore implements ProgressStore {
    private String reportId;
    private final Map<String, String> fileIds = new LinkedHashMap<>();
    private final Set<String> detailsSent = new LinkedHashSet<>();
    private final Set<String> inFlight = new LinkedHashSet<>();
    private boolean finished;
    private final List<String> retracted = new ArrayList<>();

    @Override
    public synchronized Optional<String> reportId() {
        return Optional.ofNullable(reportId);
    }

    @Override
    public synchronized void reportSubmitted(String reportId) {
        if (this.reportId != null && !this.reportId.equals(reportId)) {
            throw new IllegalStateException("a different report id is already recorded");
        }
        this.reportId = reportId;
        inFlight.remove(SUBMIT_STEP);
    }

    @Override
    public synchronized Optional<String> fileId(String fileKey) {
        return Optional.ofNullable(fileIds.get(fileKey));
    }

    @Override
    public synchronized void fileUploaded(String fileKey, String fileId) {
        String old = fileIds.putIfAbsent(fileKey, fileId);
        if (old != null && !old.equals(fileId)) {
            throw new IllegalStateException(
                    "a different file id is already recorded for this file");
        }
        inFlight.remove(ProgressStore.uploadStep(fileKey));
    }

    @Override
    public synchronized boolean fileDetailsSent(String fileKey) {
        return detailsSent.contains(fileKey);
    }

    @Override
    public synchronized void markFileDetailsSent(String fileKey) {
        detailsSent.add(fileKey);
        inFlight.remove(ProgressStore.fileInfoStep(fileKey));
    }

    @Override
    public synchronized boolean finished() {
        return finished;
    }

    @Override
    public synchronized void markFinished() {
        finished = true;
    }

    @Override
    public synchronized boolean inFlight(String step) {
        return inFlight.contains(step);
    }

    @Override
    public synchronized void markInFlight(String step) {
        inFlight.add(step);
    }

    @Override
    public synchronized void clearInFlight(String step) {
        inFlight.remove(step);
    }

    @Override
    public synchronized List<String> retracted() {
        return List.copyOf(retracted);
    }

    @Override
    public synchronized void reportRetracted(String reportId) {
        retracted.add(reportId);
        this.reportId = null;
        fileIds.clear();
        detailsSent.clear();
        inFlight.clear();
        finished = false;
    }

    /** An independent copy with the same contents. */
    synchronized InMemoryProgressStore copy() {
        InMemoryProgressStore c = new InMemoryProgressStore();
        c.reportId = reportId;
        c.fileIds.putAll(fileIds);
        c.detailsSent.addAll(detailsSent);
        c.inFlight.addAll(inFlight);
        c.finished = finished;
        c.retracted.addAll(retracted);
        return c;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryProgressStore[reportId="
                + reportId
                + ", files="
                + fileIds.size()
                + ", details="
                + detailsSent.size()
                + ", inFlight="
                + inFlight
                + ", finished="
                + finished
                + ", retracted="
                + retracted
                + "]";
    }
}
