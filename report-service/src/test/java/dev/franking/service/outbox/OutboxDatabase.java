package dev.franking.service.outbox;

import dev.franking.service.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of its own for outbox tests (the service's migrations, on the shared real PostgreSQL),
 * so that no service instance's pollers take the entries a test puts there.
 */
final class OutboxDatabase {
    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;

    private OutboxDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** The database {@code name}, migrated the first time, emptied of outbox entries. */
    static OutboxDatabase named(String name) {
        String url = TestDatabase.newDatabaseOnce(name);
        var ds = new DriverManagerDataSource(url, "postgres", "postgres");
        synchronized (OutboxDatabase.class) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
        OutboxDatabase db = new OutboxDatabase(ds);
        db.jdbc.update("DELETE FROM outbox");
        return db;
    }

    /** One service instance's outbox over this database. */
    Outbox outbox(Clock clock, MeterRegistry registry, Duration lease) {
        return new Outbox(
                jdbc, new DataSourceTransactionManager(dataSource), clock, registry, lease);
    }

    /** Queues a moderation action for {@code account}, as a decision does. */
    java.util.UUID enqueue(Outbox outbox, String account, Clock clock) {
        return tx.execute(
                s ->
                        outbox.enqueue(
                                PlatformActionPayload.accountAction(
                                        "suspend",
                                        account,
                                        java.util.UUID.randomUUID(),
                                        "ToS 4.2",
                                        clock.instant())));
    }
}
