package dev.franking.service;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Maps rows to a record by its components' names, as {@code JdbcClient.query(Record.class)} does
 * ({@code reportedSenderId} or {@code reported_sender_id}), without its cost. Spring's {@code
 * SimplePropertyRowMapper} looks each component up by name on every row and, for a camel-case name,
 * lets PostgreSQL's driver throw (an exception with a formatted message and a stack trace) before
 * it tries the underscored name; and it asks the driver for an {@code Instant}, which it refuses
 * with another exception. Eleven exceptions a queue row: measured (JFR, issue 15), the queue page
 * of fifty rows spent more time throwing them than running its statements. This mapper resolves the
 * columns once per result set from its metadata, and reads each value with the getter of its type.
 *
 * <p>One mapper a query ({@link #of} is cheap): it remembers the last result set's columns.
 */
public final class Rows<T extends Record> implements RowMapper<T> {
    private record Shape(Constructor<?> constructor, String[] names, Class<?>[] types) {}

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private final Shape shape;
    private ResultSet resolvedFor;
    private int[] columns;

    private Rows(Shape shape) {
        this.shape = shape;
    }

    /** A mapper to {@code type}'s canonical constructor. */
    public static <R extends Record> Rows<R> of(Class<R> type) {
        return new Rows<>(SHAPES.computeIfAbsent(type, Rows::shape));
    }

    private static Shape shape(Class<?> type) {
        RecordComponent[] rc = type.getRecordComponents();
        String[] names = new String[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            names[i] = rc[i].getName();
            types[i] = rc[i].getType();
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return new Shape(c, names, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no canonical constructor: " + type, e);
        }
    }

    @Override
    public T mapRow(ResultSet rs, int rowNum) throws SQLException {
        if (rs != resolvedFor) {
            columns = resolve(rs.getMetaData());
            resolvedFor = rs;
        }
        Object[] args = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            args[i] = read(rs, columns[i], shape.types()[i]);
        }
        try {
            @SuppressWarnings("unchecked")
            T row = (T) shape.constructor().newInstance(args);
            return row;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot build " + shape.constructor().getDeclaringClass(), e);
        }
    }

    /** Each component's column: its name, or its underscored name, case-insensitive (first one). */
    private int[] resolve(ResultSetMetaData md) throws SQLException {
        Map<String, Integer> byLabel = new HashMap<>();
        for (int c = md.getColumnCount(); c >= 1; c--) {
            byLabel.put(md.getColumnLabel(c).toLowerCase(Locale.ROOT), c);
        }
        int[] out = new int[shape.names().length];
        for (int i = 0; i < out.length; i++) {
            String name = shape.names()[i];
            Integer c = byLabel.get(name.toLowerCase(Locale.ROOT));
            if (c == null) {
                c = byLabel.get(JdbcUtils.convertPropertyNameToUnderscoreName(name));
            }
            if (c == null) {
                throw new SQLException(
                        "no column for "
                                + shape.constructor().getDeclaringClass().getSimpleName()
                                + "."
                                + name);
            }
            out[i] = c;
        }
        return out;
    }

    private static Object read(ResultSet rs, int c, Class<?> type) throws SQLException {
        if (type == String.class) {
            return rs.getString(c);
        }
        if (type == Instant.class) {
            Timestamp t = rs.getTimestamp(c);
            return t == null ? null : t.toInstant();
        }
        if (type == UUID.class) {
            Object v = rs.getObject(c);
            return v == null || v instanceof UUID ? v : UUID.fromString(v.toString());
        }
        if (type == int.class) {
            return rs.getInt(c);
        }
        if (type == long.class) {
            return rs.getLong(c);
        }
        if (type == boolean.class) {
            return rs.getBoolean(c);
        }
        if (type == byte[].class) {
            return rs.getBytes(c);
        }
        if (type == Integer.class) {
            int v = rs.getInt(c);
            return rs.wasNull() ? null : v;
        }
        if (type == Long.class) {
            long v = rs.getLong(c);
            return rs.wasNull() ? null : v;
        }
        if (type == Boolean.class) {
            boolean v = rs.getBoolean(c);
            return rs.wasNull() ? null : v;
        }
        // anything else as Spring's mapper reads and converts it
        Object v = JdbcUtils.getResultSetValue(rs, c, type);
        if (v == null && type.isPrimitive()) {
            return DefaultConversionService.getSharedInstance().convert(0, type);
        }
        return v == null || type.isInstance(v)
                ? v
                : DefaultConversionService.getSharedInstance().convert(v, type);
    }
}
