package dev.franking.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.intake.BatchWriter.Fault;
import dev.franking.service.intake.DataAccessFaults.CommitFailed;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** What a failed batch's exception means for its reports. */
class DataAccessFaultsTest {

    private static UncategorizedSQLException sql(String state) {
        return new UncategorizedSQLException("task", "sql", new SQLException("reason", state));
    }

    @Test
    void locksAndDeadlocksAreTriedAgain() {
        assertThat(DataAccessFaults.classify(new CannotAcquireLockException("x")))
                .isEqualTo(Fault.TRANSIENT);
        assertThat(DataAccessFaults.classify(new PessimisticLockingFailureException("x")))
                .isEqualTo(Fault.TRANSIENT);
    }

    @Test
    void noConnectionOrALostOneBeforeTheCommitMeansUnreachable() {
        assertThat(DataAccessFaults.classify(new CannotCreateTransactionException("x")))
                .isEqualTo(Fault.UNREACHABLE);
        assertThat(DataAccessFaults.classify(new DataAccessResourceFailureException("x")))
                .isEqualTo(Fault.UNREACHABLE);
        assertThat(DataAccessFaults.classify(sql("08006"))).isEqualTo(Fault.UNREACHABLE);
        assertThat(DataAccessFaults.classify(sql("57P01"))).isEqualTo(Fault.UNREACHABLE);
    }

    @Test
    void aRefusedStatementIsOther() {
        assertThat(DataAccessFaults.classify(new DataIntegrityViolationException("x")))
                .isEqualTo(Fault.OTHER);
        assertThat(DataAccessFaults.classify(sql("P0001"))).isEqualTo(Fault.OTHER);
        assertThat(DataAccessFaults.classify(new IllegalStateException("x")))
                .isEqualTo(Fault.OTHER);
    }

    @Test
    void aConnectionLostAtCommitLeavesTheOutcomeUnknown() {
        assertThat(
                        DataAccessFaults.classify(
                                new CommitFailed(new DataAccessResourceFailureException("x"))))
                .isEqualTo(Fault.OUTCOME_UNKNOWN);
        assertThat(DataAccessFaults.classify(new CommitFailed(sql("57P01"))))
                .isEqualTo(Fault.OUTCOME_UNKNOWN);
        assertThat(
                        DataAccessFaults.classify(
                                new CommitFailed(
                                        new TransactionSystemException(
                                                "commit", new SQLException("io", "08006")))))
                .isEqualTo(Fault.OUTCOME_UNKNOWN);
    }

    @Test
    void aRollbackThatFailsOnTheClosedConnectionAfterTheCommitLeavesTheOutcomeUnknown() {
        // what Spring and Hikari throw when the backend is terminated during COMMIT
        assertThat(
                        DataAccessFaults.classify(
                                new CommitFailed(
                                        new TransactionSystemException(
                                                "JDBC rollback failed",
                                                new SQLException("Connection is closed")))))
                .isEqualTo(Fault.OUTCOME_UNKNOWN);
        // the same before the commit: nothing was stored
        assertThat(
                        DataAccessFaults.classify(
                                new TransactionSystemException(
                                        "JDBC rollback failed",
                                        new SQLException("Connection is closed"))))
                .isNotEqualTo(Fault.OUTCOME_UNKNOWN);
    }

    @Test
    void aCommitTheServerRefusedRolledBackLikeAnyStatement() {
        assertThat(
                        DataAccessFaults.classify(
                                new CommitFailed(new DataIntegrityViolationException("x"))))
                .isEqualTo(Fault.OTHER);
        assertThat(DataAccessFaults.classify(new CommitFailed(new CannotAcquireLockException("x"))))
                .isEqualTo(Fault.TRANSIENT);
    }
}
