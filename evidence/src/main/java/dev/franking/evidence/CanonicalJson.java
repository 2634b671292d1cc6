package dev.franking.evidence;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Canonical JSON for the evidence manifest: the subset of RFC 8785 (JCS) that the manifest needs.
 * The rules (EVIDENCE.md, "Canonical JSON"):
 *
 * <ol>
 *   <li>Values are objects, arrays, strings, integers, {@code true}, {@code false} and {@code
 *       null}. No fractions, no exponents; integers lie in [-(2^53-1), 2^53-1] (I-JSON), written in
 *       plain decimal without leading zeros or a plus sign ({@code -0} is {@code 0}).
 *   <li>Object members are sorted by their names compared as sequences of UTF-16 code units; no
 *       name appears twice.
 *   <li>No whitespace outside strings.
 *   <li>Strings: {@code "} and {@code \} are escaped as {@code \"} and {@code \\}; U+0008, U+0009,
 *       U+000A, U+000C, U+000D as {@code \b \t \n \f \r}; the other characters below U+0020 as
 *       <code>&#92;u00xx</code> with lowercase hex; every other character as itself. Lone
 *       surrogates are refused.
 *   <li>The text is UTF-8 without a byte order mark and without a trailing newline.
 * </ol>
 *
 * For these values, the output is byte for byte what JCS produces.
 */
public final class CanonicalJson {
    /** The largest integer a canonical manifest may hold (2^53 - 1, I-JSON). */
    public static final long MAX_INTEGER = (1L << 53) - 1;

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private CanonicalJson() {}

    /** Thrown for a value canonical JSON cannot hold, or text that is not JSON. */
    public static final class CanonicalJsonException extends RuntimeException {
        CanonicalJsonException(String message) {
            super(message);
        }

        CanonicalJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The canonical UTF-8 bytes of {@code value}: a {@link Map} with {@link String} keys, a {@link
     * List}, a {@link String}, an {@link Integer}, {@link Long} or {@link BigInteger} in range, a
     * {@link Boolean}, or {@code null}.
     */
    public static byte[] write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, "$");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses JSON text into maps (insertion-ordered), lists, strings, numbers, booleans and nulls,
     * refusing duplicate member names and trailing content.
     */
    public static Object parse(byte[] json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new CanonicalJsonException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Whether {@code json} is exactly the canonical form of what it denotes.
     *
     * @throws CanonicalJsonException if it is not JSON or holds a value canonical JSON cannot hold
     */
    public static boolean isCanonical(byte[] json) {
        return java.util.Arrays.equals(write(parse(json)), json);
    }

    private static void write(Object v, StringBuilder out, String where) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte) {
            long n = ((Number) v).longValue();
            checkRange(n, where);
            out.append(n);
        } else if (v instanceof BigInteger bi) {
            if (bi.bitLength() > 63) {
                throw new CanonicalJsonException(where + ": integer out of range");
            }
            long n = bi.longValue();
            checkRange(n, where);
            out.append(n);
        } else if (v instanceof Number) {
            throw new CanonicalJsonException(where + ": only integers are allowed, found " + v);
        } else if (v instanceof CharSequence s) {
            string(s.toString(), out, where);
        } else if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>(m.size());
            for (Object k : m.keySet()) {
                if (!(k instanceof String ks)) {
                    throw new CanonicalJsonException(
                            where + ": object member names must be strings");
                }
                keys.add(ks);
            }
            // String.compareTo compares UTF-16 code units, as JCS requires
            Collections.sort(keys);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(keys.get(i), out, where);
                out.append(':');
                write(m.get(keys.get(i)), out, where + "." + keys.get(i));
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(l.get(i), out, where + "[" + i + "]");
            }
            out.append(']');
        } else {
            throw new CanonicalJsonException(
                    where + ": not a JSON value: " + v.getClass().getName());
        }
    }

    private static void checkRange(long n, String where) {
        if (n > MAX_INTEGER || n < -MAX_INTEGER) {
            throw new CanonicalJsonException(where + ": integer out of range (|n| > 2^53-1)");
        }
    }

    private static void string(String s, StringBuilder out, String where) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new CanonicalJsonException(where + ": lone surrogate in string");
                }
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                throw new CanonicalJsonException(where + ": lone surrogate in string");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * An insertion-ordered object builder that leaves out nothing: null values are written as null.
     */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }
}
