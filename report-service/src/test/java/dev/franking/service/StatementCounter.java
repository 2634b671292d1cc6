package dev.franking.service;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records every round trip to the database (a statement executed, a commit, a rollback) with the
 * name of the thread that made it, while {@link #recording}: a test counts those of one request
 * (its Tomcat thread's) and so catches a page that came to ask the database more than it should (a
 * query per row, a transaction per navigation count), which no timing in a test could show
 * reliably. The application's DataSource is wrapped by a proxy; {@code unwrap} still reaches the
 * pool's own connection.
 */
public final class StatementCounter {
    /** One round trip: the thread that made it and what it was (SQL, or "COMMIT"). */
    public record Trip(String thread, String what) {}

    private static final ConcurrentLinkedQueue<Trip> TRIPS = new ConcurrentLinkedQueue<>();
    private static volatile boolean recording;

    private StatementCounter() {}

    /** Forgets what was recorded and records from now on. */
    public static void start() {
        TRIPS.clear();
        recording = true;
    }

    /**
     * Stops recording; the round trips since {@link #start} of the threads {@code thread} accepts.
     */
    public static List<Trip> stop(Predicate<String> thread) {
        recording = false;
        List<Trip> out = new ArrayList<>();
        for (Trip t : TRIPS) {
            if (thread.test(t.thread())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Tomcat's request threads ("http-nio-…-exec-N"). */
    public static boolean requestThread(String name) {
        return name.startsWith("http-nio-");
    }

    private static void record(String what) {
        if (recording) {
            TRIPS.add(new Trip(Thread.currentThread().getName(), what));
        }
    }

    private static final Set<String> EXECUTES =
            Set.of(
                    "execute",
                    "executeQuery",
                    "executeUpdate",
                    "executeLargeUpdate",
                    "executeBatch");

    @TestConfiguration
    public static class Config {
        @Bean
        static BeanPostProcessor statementCountingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !Proxy.isProxyClass(ds.getClass())
                            ? wrap(ds, DataSource.class, new DataSourceCalls(ds))
                            : bean;
                }
            };
        }
    }

    private static <T> T wrap(Object target, Class<T> type, InvocationHandler h) {
        return type.cast(
                Proxy.newProxyInstance(
                        StatementCounter.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record DataSourceCalls(DataSource target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            Object r = call(target, m, args);
            return r instanceof Connection c && m.getName().equals("getConnection")
                    ? wrap(c, Connection.class, new ConnectionCalls(c))
                    : r;
        }
    }

    private record ConnectionCalls(Connection target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("commit") || name.equals("rollback")) {
                record(name.toUpperCase(java.util.Locale.ROOT));
            }
            Object r = call(target, m, args);
            if (r instanceof Statement s && name.startsWith("prepare")) {
                String sql = args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
                return wrap(s, statementType(s), new StatementCalls(s, sql));
            }
            if (r instanceof Statement s && name.equals("createStatement")) {
                return wrap(s, Statement.class, new StatementCalls(s, null));
            }
            return r;
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<Statement> statementType(Statement s) {
        return (Class<Statement>)
                (Class<?>)
                        (s instanceof java.sql.CallableStatement
                                ? java.sql.CallableStatement.class
                                : java.sql.PreparedStatement.class);
    }

    private record StatementCalls(Statement target, String sql) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (EXECUTES.contains(m.getName())) {
                record(
                        sql != null
                                ? sql
                                : args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
            }
            return call(target, m, args);
        }
    }
}
