package dev.franking.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.intake.BatchWriter.Failure;
import dev.franking.service.intake.BatchWriter.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generic batch writer without a database: items are strings, a batch "writes" by answering
 * "ok:" + item, and the faults are whatever the test's handler throws.
 */
class BatchWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A fault of the test's handler, classified by {@link #classify}. */
    static final class Boom extends RuntimeException {
        final Fault fault;

        Boom(Fault fault) {
            super(fault.name(), null, false, false);
            this.fault = fault;
        }
    }

    static Fault classify(RuntimeException e) {
        return e instanceof Boom b ? b.fault : Fault.OTHER;
    }

    /**
     * Answers "ok:" + item per item, records every batch it is handed, holds any batch that
     * contains "gate" until {@link #open} (so that items pile up in the queue meanwhile), and lets
     * a test decide what a batch throws.
     */
    static final class TestHandler implements BatchWriter.Handler<String, String> {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch atGate = new CountDownLatch(1);
        volatile Function<List<String>, RuntimeException> fault = b -> null;

        @Override
        public List<String> write(List<String> batch) {
            batches.add(List.copyOf(batch));
            if (batch.contains("gate")) {
                atGate.countDown();
                try {
                    gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException e = fault.apply(batch);
            if (e != null) {
                throw e;
            }
            return batch.stream().map(s -> "ok:" + s).toList();
        }

        @Override
        public String failed(Failure why, RuntimeException error) {
            return why + (error == null ? "" : ":" + error.getMessage());
        }

        void open() {
            gate.countDown();
        }
    }

    private final TestHandler handler = new TestHandler();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private BatchWriter<String, String> writer;

    private BatchWriter<String, String> start(int capacity, int maxBatch, Duration drain) {
        writer =
                new BatchWriter<>(
                        "test-writer",
                        capacity,
                        maxBatch,
                        drain,
                        handler,
                        BatchWriterTest::classify,
                        sizes::add);
        writer.start();
        return writer;
    }

    @AfterEach
    void stop() {
        handler.open();
        if (writer != null) {
            writer.stop();
        }
    }

    /** Holds the writer's thread at the gate, so that what is submitted next waits together. */
    private CompletableFuture<String> hold() throws InterruptedException {
        CompletableFuture<String> gate = writer.submit("gate");
        assertThat(handler.atGate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        return gate;
    }

    private static List<String> join(List<CompletableFuture<String>> fs) {
        return fs.stream().map(f -> f.orTimeout(10, TimeUnit.SECONDS).join()).toList();
    }

    private List<CompletableFuture<String>> submit(String... items) {
        List<CompletableFuture<String>> out = new ArrayList<>();
        for (String item : items) {
            out.add(writer.submit(item));
        }
        return out;
    }

    @Test
    void itemsThatWaitTogetherAreWrittenTogetherAndEachGetsItsOwnResult() throws Exception {
        start(100, 100, WAIT);
        CompletableFuture<String> gate = hold();
        var fs = submit("a", "b", "c", "d");
        handler.open();
        assertThat(gate.get(10, TimeUnit.SECONDS)).isEqualTo("ok:gate");
        assertThat(join(fs)).containsExactly("ok:a", "ok:b", "ok:c", "ok:d");
        assertThat(handler.batches).containsExactly(List.of("gate"), List.of("a", "b", "c", "d"));
        assertThat(sizes).containsExactly(1, 4);
    }

    @Test
    void aBatchHoldsAtMostMaxBatchItems() throws Exception {
        start(100, 3, WAIT);
        hold();
        var fs = submit("a", "b", "c", "d", "e", "f", "g");
        handler.open();
        assertThat(join(fs))
                .containsExactly("ok:a", "ok:b", "ok:c", "ok:d", "ok:e", "ok:f", "ok:g");
        assertThat(sizes).containsExactly(1, 3, 3, 1);
    }

    @Test
    void aFullQueueAnswersBusyAtOnceAndKeepsWhatItHolds() throws Exception {
        start(2, 10, WAIT);
        hold();
        var fs = submit("a", "b", "c");
        assertThat(fs.get(2)).isCompletedWithValue("BUSY");
        handler.open();
        assertThat(join(fs.subList(0, 2))).containsExactly("ok:a", "ok:b");
    }

    @Test
    void aWriterThatIsNotRunningAnswersStoppingAtOnce() {
        writer =
                new BatchWriter<>(
                        "test-writer",
                        10,
                        10,
                        WAIT,
                        handler,
                        BatchWriterTest::classify,
                        sizes::add);
        assertThat(writer.submit("early")).isCompletedWithValue("STOPPING");
        writer.start();
        assertThat(writer.isRunning()).isTrue();
        assertThat(join(submit("on time"))).containsExactly("ok:on time");
        writer.stop();
        assertThat(writer.isRunning()).isFalse();
        assertThat(writer.submit("late")).isCompletedWithValue("STOPPING");
        // and it can be started again
        writer.start();
        assertThat(join(submit("again"))).containsExactly("ok:again");
    }

    @Test
    void stoppingWritesWhatIsQueued() throws Exception {
        start(100, 2, WAIT);
        CompletableFuture<String> gate = hold();
        var fs = submit("a", "b", "c", "d", "e");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(writer::stop);
        // stop() waits for the queue to be written: it cannot finish while the writer is held
        Thread.sleep(200);
        assertThat(stopped).isNotDone();
        assertThat(writer.submit("after stop began")).isCompletedWithValue("STOPPING");
        handler.open();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(gate).isCompletedWithValue("ok:gate");
        assertThat(join(fs)).containsExactly("ok:a", "ok:b", "ok:c", "ok:d", "ok:e");
    }

    @Test
    void whatIsStillQueuedWhenTheDrainTimeoutEndsIsAnsweredStopping() throws Exception {
        start(100, 10, Duration.ofMillis(200));
        CompletableFuture<String> gate = hold();
        var fs = submit("a", "b");
        writer.stop();
        // never left hanging: answered as soon as stop() gives up waiting
        assertThat(join(fs)).containsExactly("STOPPING", "STOPPING");
        handler.open();
        assertThat(gate.get(10, TimeUnit.SECONDS)).isEqualTo("ok:gate");
        assertThat(handler.batches).containsExactly(List.of("gate"));
    }

    @Test
    void aTransientFaultIsTriedAgain() throws Exception {
        start(100, 10, WAIT);
        AtomicInteger calls = new AtomicInteger();
        handler.fault =
                b ->
                        calls.incrementAndGet() < BatchWriter.ATTEMPTS
                                ? new Boom(Fault.TRANSIENT)
                                : null;
        assertThat(join(submit("a"))).containsExactly("ok:a");
        assertThat(calls).hasValue(BatchWriter.ATTEMPTS);
    }

    @Test
    void aTransientFaultThatPersistsFailsTheItemAfterTheLastAttempt() {
        start(100, 10, WAIT);
        handler.fault = b -> new Boom(Fault.TRANSIENT);
        assertThat(join(submit("a"))).containsExactly("ERROR:TRANSIENT");
        assertThat(handler.batches).hasSize(BatchWriter.ATTEMPTS);
    }

    @Test
    void oneBadItemFailsAloneAndTheRestOfItsBatchIsWritten() throws Exception {
        start(100, 10, WAIT);
        hold();
        handler.fault = b -> b.contains("bad") ? new Boom(Fault.OTHER) : null;
        var fs = submit("a", "bad", "c");
        handler.open();
        assertThat(join(fs)).containsExactly("ok:a", "ERROR:OTHER", "ok:c");
        assertThat(handler.batches)
                .containsExactly(
                        List.of("gate"),
                        List.of("a", "bad", "c"),
                        List.of("a"),
                        List.of("bad"),
                        List.of("c"));
    }

    @Test
    void anUnreachableStoreFailsTheWholeBatchAtOnceWithoutRetryOrSplit() throws Exception {
        start(100, 10, WAIT);
        hold();
        handler.fault = b -> b.contains("gate") ? null : new Boom(Fault.UNREACHABLE);
        var fs = submit("a", "b", "c");
        handler.open();
        assertThat(join(fs)).containsOnly("UNREACHABLE");
        assertThat(handler.batches).containsExactly(List.of("gate"), List.of("a", "b", "c"));
    }

    @Test
    void aCommitOfUnknownOutcomeFailsTheWholeBatchAtOnceWithoutRetryOrSplit() throws Exception {
        start(100, 10, WAIT);
        hold();
        handler.fault = b -> b.contains("gate") ? null : new Boom(Fault.OUTCOME_UNKNOWN);
        var fs = submit("a", "b", "c");
        handler.open();
        // trying again could store twice what was committed; the client's retry is safe instead
        assertThat(join(fs)).containsOnly("OUTCOME_UNKNOWN");
        assertThat(handler.batches).containsExactly(List.of("gate"), List.of("a", "b", "c"));
    }

    @Test
    void anErrorThatIsNotAnExceptionStillAnswersEveryItem() throws Exception {
        start(100, 10, WAIT);
        hold();
        var fs = submit("a", "b");
        handler.fault =
                b -> {
                    if (!b.contains("gate")) {
                        throw new AssertionError("not an exception");
                    }
                    return null;
                };
        handler.open();
        assertThat(join(fs)).allSatisfy(r -> assertThat(r).startsWith("ERROR:"));
        // and the writer goes on
        handler.fault = b -> null;
        assertThat(join(submit("c"))).containsExactly("ok:c");
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0x5eed_0000L + i);
    }

    /**
     * Random items, some bad (refused), some making the whole batch fail transiently a random
     * number of times, submitted from several threads: every item is answered exactly once, with
     * its own result if it is good, ERROR if it is bad; good items are never failed because of a
     * bad neighbour.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyItemIsAnsweredWithItsOwnOutcome(long seed) throws Exception {
        Random rnd = new Random(seed);
        int maxBatch = 1 + rnd.nextInt(8);
        start(1000, maxBatch, WAIT);
        Set<String> flaky = ConcurrentHashMap.newKeySet();
        handler.fault =
                b -> {
                    for (String s : b) {
                        if (s.startsWith("flaky") && flaky.add(s)) {
                            return new Boom(Fault.TRANSIENT);
                        }
                    }
                    return b.stream().anyMatch(s -> s.startsWith("bad"))
                            ? new Boom(Fault.OTHER)
                            : null;
                };
        int n = 1 + rnd.nextInt(60);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            items.add((k == 0 ? "bad" : k == 1 ? "flaky" : "good") + i);
        }
        List<Thread> threads = new ArrayList<>();
        String[] results = new String[n];
        for (int t = 0; t < 4; t++) {
            int from = t;
            threads.add(
                    new Thread(
                            () -> {
                                for (int i = from; i < n; i += 4) {
                                    int at = i;
                                    writer.submit(items.get(i))
                                            .orTimeout(10, TimeUnit.SECONDS)
                                            .thenAccept(r -> results[at] = r)
                                            .join();
                                }
                            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(20_000);
        }
        for (int i = 0; i < n; i++) {
            String item = items.get(i);
            assertThat(results[i])
                    .as("seed %d, item %s", seed, item)
                    .isEqualTo(item.startsWith("bad") ? "ERROR:OTHER" : "ok:" + item);
        }
        assertThat(sizes).as("seed %d", seed).allSatisfy(k -> assertThat(k).isBetween(1, maxBatch));
    }
}
