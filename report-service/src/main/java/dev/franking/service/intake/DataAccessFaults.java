package dev.franking.service.intake;

import dev.franking.service.intake.BatchWriter.Fault;
import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** What a failed batch transaction's exception says about what happened (Spring's data access). */
final class DataAccessFaults {
    private DataAccessFaults() {}

    /**
     * The batch's statements ran and its commit was sent; the commit failed with {@code
     * getCause()}. Thrown by the batch so that the classifier can tell a lost commit from a lost
     * statement.
     */
    static final class CommitFailed extends RuntimeException {
        CommitFailed(RuntimeException cause) {
            super("the commit failed", cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    static Fault classify(RuntimeException e) {
        if (e instanceof CommitFailed c) {
            // A lost connection leaves the outcome unknown: the commit may have happened before it
            // broke. Spring then tries to roll back on the closed connection, and that failure
            // (TransactionSystemException, "JDBC rollback failed") replaces the commit's; nor is
            // anything known when the commit itself failed untranslated. But when the server
            // answered the commit with an error (a deferred constraint, a serialisation failure),
            // it rolled back, as after any failed statement.
            return connectionLost(c.getCause())
                            || c.getCause() instanceof TransactionSystemException
                    ? Fault.OUTCOME_UNKNOWN
                    : classify(c.getCause());
        }
        if (e instanceof TransientDataAccessException) {
            return Fault.TRANSIENT;
        }
        if (connectionLost(e)) {
            // before the commit: the transaction is gone with its connection, nothing was stored
            return Fault.UNREACHABLE;
        }
        return Fault.OTHER;
    }

    /**
     * No connection, or it broke: Spring's resource failures, or SQLSTATE class 08 (connection
     * exception), 57 (operator intervention: the backend was terminated) or 58 (system error)
     * anywhere in the causes, for a commit failure that Spring did not translate.
     */
    static boolean connectionLost(RuntimeException e) {
        if (e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57") || state.startsWith("58")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
