package dev.franking.service.intake;

import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.reports.ReportWriter;
import dev.franking.service.reports.WriteOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Report intake: verified reports are stored in batches (a {@link BatchWriter} of {@link
 * ReportBatch}es), at most {@code reports.writer.max-batch} a transaction. Started before the web
 * server takes requests, stopped after it has drained them; stopping writes what is still queued.
 */
@Component("reportWriter")
class ReportIntake implements ReportWriter, SmartLifecycle {
    private final BatchWriter<Pending, WriteOutcome> writer;

    ReportIntake(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Vault vault,
            Clock clock,
            ReportsProperties props,
            MeterRegistry metrics,
            AuditLog audit) {
        ReportBatch batch =
                new ReportBatch(jdbc, tx, vault, clock, props.rateLimit().reportsPerHour(), audit);
        DistributionSummary batchSizes =
                DistributionSummary.builder("franking.reports.batch.size")
                        .description("Reports written in one transaction")
                        .register(metrics);
        this.writer =
                new BatchWriter<>(
                        "report-writer",
                        props.writer().queueCapacity(),
                        props.writer().maxBatch(),
                        props.writer().timeout(),
                        new BatchWriter.Handler<>() {
                            @Override
                            public List<WriteOutcome> write(List<Pending> items) {
                                return batch.write(items);
                            }

                            @Override
                            public WriteOutcome failed(
                                    BatchWriter.Failure why, RuntimeException error) {
                                return outcome(why, error);
                            }
                        },
                        DataAccessFaults::classify,
                        batchSizes::record);
        Gauge.builder("franking.reports.queue", writer, BatchWriter::queued)
                .description("Verified reports waiting to be written")
                .register(metrics);
    }

    static WriteOutcome.Failed outcome(BatchWriter.Failure why, RuntimeException error) {
        return switch (why) {
            case BUSY -> WriteOutcome.Failed.because(WriteOutcome.Why.BUSY);
            case STOPPING -> WriteOutcome.Failed.because(WriteOutcome.Why.STOPPING);
            case UNREACHABLE -> WriteOutcome.Failed.because(WriteOutcome.Why.UNREACHABLE);
            case OUTCOME_UNKNOWN -> WriteOutcome.Failed.because(WriteOutcome.Why.OUTCOME_UNKNOWN);
            case ERROR -> new WriteOutcome.Failed(WriteOutcome.Why.ERROR, error);
        };
    }

    @Override
    public CompletableFuture<WriteOutcome> enqueue(Pending p) {
        return writer.submit(p);
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }

    @Override
    public int getPhase() {
        // below the web server's phases: started before it, stopped after it
        return DEFAULT_PHASE - 4096;
    }
}
