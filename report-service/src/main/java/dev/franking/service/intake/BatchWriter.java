package dev.franking.service.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items in batches on one thread: whatever is waiting when the thread comes round (up to
 * {@code maxBatch}) is handed to the {@link Handler} as one batch. Under load the batches grow by
 * themselves, so per-transaction costs are shared; when items arrive one at a time a batch is one
 * item and nothing waits for company.
 *
 * <p>Every submitted item's future completes, and never exceptionally: with the handler's result,
 * or with what the handler makes of a {@link Failure}. A full queue or a writer that is not running
 * answers at once ({@link Failure#BUSY}, {@link Failure#STOPPING}). A batch that fails for a
 * transient reason is tried again; one that fails otherwise is written item by item, so that one
 * bad item fails alone; but when the store is unreachable, or the batch's commit may or may not
 * have happened, every item of the batch fails at once (retrying each one would make each wait for
 * its own timeout, or repeat a commit that may have happened).
 *
 * <p>Knows nothing of reports or databases: the handler and the fault classifier do.
 */
final class BatchWriter<T, R> {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    static final int ATTEMPTS = 3;

    /** Why an item was not written (or is not known to have been). */
    enum Failure {
        /** The queue was full: nothing written. */
        BUSY,
        /** The writer was not running, or stopped before it came to the item: nothing written. */
        STOPPING,
        /** The store could not be reached: nothing written. */
        UNREACHABLE,
        /** The batch's commit failed in a way that leaves unknown whether it happened. */
        OUTCOME_UNKNOWN,
        /** The store refused the item (alone in its batch by then): nothing of it written. */
        ERROR
    }

    /** What the classifier makes of a batch's exception. */
    enum Fault {
        /** Nothing happened and trying again may well work (a deadlock, a lock timeout). */
        TRANSIENT,
        /** The store cannot be reached: nothing happened. */
        UNREACHABLE,
        /** The commit may or may not have happened. */
        OUTCOME_UNKNOWN,
        /** Anything else: nothing happened, perhaps because of one item. */
        OTHER
    }

    interface Handler<T, R> {
        /**
         * Writes the batch all or nothing and returns one result per item, in order.
         *
         * @throws RuntimeException if nothing was written (or, for {@link Fault#OUTCOME_UNKNOWN},
         *     if that is not known)
         */
        List<R> write(List<T> batch);

        /**
         * The result of an item that was not written; {@code error} is set for {@link
         * Failure#ERROR} only.
         */
        R failed(Failure why, RuntimeException error);
    }

    private record Queued<T, R>(T item, CompletableFuture<R> result) {}

    private final String name;
    private final Handler<T, R> handler;
    private final Function<RuntimeException, Fault> classifier;
    private final BlockingQueue<Queued<T, R>> queue;
    private final int maxBatch;
    private final Duration drainTimeout;
    private final IntConsumer batchSizes;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param drainTimeout how long {@link #stop} waits for the queue to be written
     * @param batchSizes told the size of every batch, for metrics
     */
    BatchWriter(
            String name,
            int capacity,
            int maxBatch,
            Duration drainTimeout,
            Handler<T, R> handler,
            Function<RuntimeException, Fault> classifier,
            IntConsumer batchSizes) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.drainTimeout = drainTimeout;
        this.handler = handler;
        this.classifier = classifier;
        this.batchSizes = batchSizes;
    }

    /** Items waiting to be written. */
    int queued() {
        return queue.size();
    }

    CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!running) {
            result.complete(handler.failed(Failure.STOPPING, null));
            return result;
        }
        Queued<T, R> q = new Queued<>(item, result);
        if (!queue.offer(q)) {
            result.complete(handler.failed(Failure.BUSY, null));
        } else if (!running && queue.remove(q)) {
            // stop() began meanwhile and may already have drained the queue: take it back rather
            // than leave it waiting for a thread that is gone
            result.complete(handler.failed(Failure.STOPPING, null));
        }
        return result;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops taking items and writes those waiting, for at most the drain timeout; whatever is left
     * then is answered {@link Failure#STOPPING} rather than left hanging.
     */
    void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            try {
                t.join(drainTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Queued<T, R> q; (q = queue.poll()) != null; ) {
            q.result().complete(handler.failed(Failure.STOPPING, null));
        }
    }

    boolean isRunning() {
        return running;
    }

    private void loop() {
        List<Queued<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            Queued<T, R> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            batchSizes.accept(batch.size());
            try {
                write(batch);
            } catch (Throwable t) {
                // never leave an item waiting, whatever went wrong
                log.error("{}: a batch failed unexpectedly ({})", name, t.getClass().getName());
                RuntimeException error =
                        t instanceof RuntimeException r ? r : new IllegalStateException(t);
                for (Queued<T, R> q : batch) {
                    q.result().complete(handler.failed(Failure.ERROR, error));
                }
            }
            batch.clear();
        }
    }

    private void write(List<Queued<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Queued<T, R> q : batch) {
            items.add(q.item());
        }
        List<R> results;
        try {
            results = writeWithRetry(items);
        } catch (RuntimeException e) {
            Fault fault = classifier.apply(e);
            if (fault == Fault.UNREACHABLE || fault == Fault.OUTCOME_UNKNOWN) {
                R answer =
                        handler.failed(
                                fault == Fault.UNREACHABLE
                                        ? Failure.UNREACHABLE
                                        : Failure.OUTCOME_UNKNOWN,
                                null);
                log.warn(
                        "{}: a batch of {} failed ({}, {})",
                        name,
                        batch.size(),
                        fault,
                        e.getClass().getSimpleName());
                for (Queued<T, R> q : batch) {
                    q.result().complete(answer);
                }
            } else if (batch.size() > 1) {
                // no messages: they can quote SQL and values
                log.warn(
                        "{}: a batch of {} failed ({}); writing its items one by one",
                        name,
                        batch.size(),
                        e.getClass().getSimpleName());
                for (Queued<T, R> q : batch) {
                    write(List.of(q));
                }
            } else {
                batch.get(0).result().complete(handler.failed(Failure.ERROR, e));
            }
            return;
        }
        if (results == null || results.size() != batch.size()) {
            throw new IllegalStateException("the handler returned a result per item");
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private List<R> writeWithRetry(List<T> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                return handler.write(items);
            } catch (RuntimeException e) {
                // a deadlock or lock timeout against another instance's batch: nothing was
                // written, so try again
                if (attempt == ATTEMPTS || classifier.apply(e) != Fault.TRANSIENT) {
                    throw e;
                }
            }
        }
    }
}
