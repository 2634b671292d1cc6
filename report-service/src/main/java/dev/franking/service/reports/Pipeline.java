package dev.franking.service.reports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Several statements sent to PostgreSQL in one round trip (the driver sends them together and
 * PostgreSQL runs them in order, each seeing what the previous ones did). On a loopback socket a
 * round trip costs more CPU than most of these statements do, so the report writer sends each step
 * of a batch as one pipeline.
 *
 * <p>Public for the statement classes of the tables' owners ({@link ReportStatements}, {@code
 * cases.CaseStatements}), which add their statements to the intake's pipelines, so that one
 * transaction and one round trip still carry statements against several owners' tables.
 */
public final class Pipeline {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private final List<RowCallbackHandler> handlers = new ArrayList<>();

    /** A statement whose rows go to {@code rows}. */
    public Pipeline query(String statement, RowCallbackHandler rows, Object... args) {
        return add(statement, rows, args);
    }

    /** A statement without rows (its update count is not needed). */
    public Pipeline update(String statement, Object... args) {
        return add(statement, null, args);
    }

    private Pipeline add(String statement, RowCallbackHandler rows, Object... args) {
        if (!handlers.isEmpty()) {
            sql.append(";\n");
        }
        sql.append(statement);
        params.addAll(List.of(args));
        handlers.add(rows);
        return this;
    }

    public boolean isEmpty() {
        return handlers.isEmpty();
    }

    /**
     * Runs the statements in the caller's transaction (the connection JdbcTemplate binds to it).
     */
    public void run(JdbcTemplate jdbc) {
        if (handlers.isEmpty()) {
            return;
        }
        jdbc.execute(
                (ConnectionCallback<Void>)
                        con -> {
                            try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
                                for (int i = 0; i < params.size(); i++) {
                                    Object p = params.get(i);
                                    if (p instanceof Timestamp t) {
                                        ps.setTimestamp(i + 1, t);
                                    } else {
                                        ps.setObject(i + 1, p);
                                    }
                                }
                                boolean isRows = ps.execute();
                                for (RowCallbackHandler h : handlers) {
                                    if (isRows) {
                                        try (ResultSet rs = ps.getResultSet()) {
                                            while (rs.next()) {
                                                if (h != null) {
                                                    h.processRow(rs);
                                                }
                                            }
                                        }
                                    } else if (h != null) {
                                        throw new SQLException(
                                                "a query of the pipeline returned no rows result");
                                    }
                                    isRows = ps.getMoreResults();
                                }
                            }
                            return null;
                        });
    }
}
