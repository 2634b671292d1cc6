package dev.franking.service.reports;

import dev.franking.service.ReportsProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The rejected-reports check of PROTOCOL.md §5 ("every further report from them gets 429 before it
 * is parsed"), batched: a request waits here, before anything of its body is read, while one thread
 * counts the rejections of every reporter waiting at that moment in one statement. It was a
 * statement (and a pooled connection, a round trip) per request, 11 % of the service JVM's samples
 * in the intake profile (BENCHMARKS-2026-12-02.md, session 6); now it is one per batch, and a batch
 * is as large as what arrived while the previous one ran.
 *
 * <p>What the check guarantees is unchanged: it still runs before the report is parsed, reads the
 * database (every instance counts the same rejections) at the moment the request is admitted, and
 * answers a limited reporter alike whatever their report holds, since nothing of it has been looked
 * at (every request, limited or not, valid or not, waits for one batch here). A database that
 * cannot be reached, a full queue or a check that does not come back in {@code
 * reports.writer.timeout} is a 503 with nothing stored, as before; outside the lifecycle (before
 * start, after stop) a request is checked on its own thread, as before.
 */
@Component
class Admissions implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Admissions.class);

    /** The most reporters counted in one statement. */
    static final int MAX_BATCH = 512;

    private record Waiting(String reporter, CompletableFuture<Long> retryAfter) {}

    private final RejectedReports rejections;
    private final Clock clock;
    private final int limit;
    private final long timeoutMillis;
    private final BlockingQueue<Waiting> queue;
    private volatile boolean running;
    private Thread thread;

    Admissions(RejectedReports rejections, Clock clock, ReportsProperties props) {
        this.rejections = rejections;
        this.clock = clock;
        this.limit = props.rejectedReports().perHour();
        this.timeoutMillis = props.writer().timeout().toMillis();
        this.queue = new ArrayBlockingQueue<>(props.writer().queueCapacity());
    }

    int limit() {
        return limit;
    }

    /**
     * Seconds until the reporter may report again (at least 1), or -1 if they are under the limit.
     *
     * @throws ReportService.Unavailable if the count cannot be read now (503, nothing stored)
     * @throws DataAccessException never: a failed statement is {@code Unavailable}
     */
    long retryAfterSeconds(String reporter) {
        if (!running) {
            return direct(reporter);
        }
        Waiting w = new Waiting(reporter, new CompletableFuture<>());
        if (!queue.offer(w)) {
            throw new ReportService.Unavailable("BUSY", false);
        }
        if (!running && queue.remove(w)) {
            // stop() began meanwhile and may have drained the queue already
            return direct(reporter);
        }
        try {
            return w.retryAfter().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ReportService.Unavailable("TIMED_OUT", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportService.Unavailable("TIMED_OUT", false);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DataAccessException
                    || e.getCause() instanceof ReportService.Unavailable) {
                throw new ReportService.Unavailable("UNREACHABLE", false);
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private long direct(String reporter) {
        try {
            return rejections.retryAfterSeconds(reporter, limit, clock.instant());
        } catch (DataAccessException e) {
            throw new ReportService.Unavailable("UNREACHABLE", false);
        }
    }

    private void loop() {
        List<Waiting> batch = new ArrayList<>(MAX_BATCH);
        Set<String> reporters = new LinkedHashSet<>();
        while (running || !queue.isEmpty()) {
            Waiting first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            for (Waiting w : batch) {
                reporters.add(w.reporter());
            }
            try {
                Map<String, Long> limited =
                        rejections.retryAfterSeconds(reporters, limit, clock.instant());
                for (Waiting w : batch) {
                    w.retryAfter().complete(limited.getOrDefault(w.reporter(), -1L));
                }
            } catch (Throwable t) {
                // never leave a request waiting, whatever went wrong; no message (it can quote
                // SQL and values)
                if (!(t instanceof DataAccessException)) {
                    log.error("admissions: a batch failed unexpectedly ({})", t.getClass());
                }
                for (Waiting w : batch) {
                    w.retryAfter().completeExceptionally(t);
                }
            }
            batch.clear();
            reporters.clear();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "report-admissions");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            try {
                t.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Waiting w; (w = queue.poll()) != null; ) {
            w.retryAfter().completeExceptionally(new ReportService.Unavailable("STOPPING", false));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // below the web server's phases, like the report writer: started before it takes
        // requests, stopped after it has drained them
        return DEFAULT_PHASE - 4096;
    }
}
