package dev.franking.v2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encodings of PROTOCOL.md §0, {@code u32}, {@code u64}, {@code lp(x)} and {@code str(s)}: a
 * growable writer and a strict reader.
 */
final class Wire {
    private Wire() {}

    private static final java.lang.invoke.VarHandle U32 =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle U64 =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static void putBigEndian(byte[] b, int off, long n, int bytes) {
        // u32 and u64 are written on every encoding: one store each, not a loop of byte stores
        // (a profile of report verification had the loop at a tenth of its samples)
        if (bytes == 4) {
            U32.set(b, off, (int) n);
        } else if (bytes == 8) {
            U64.set(b, off, n);
        } else {
            for (int i = off + bytes - 1; i >= off; i--) {
                b[i] = (byte) n;
                n >>>= 8;
            }
        }
    }

    /** A growable byte array that writes the §0 encodings. */
    static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        /**
         * Writes into {@code buf} from {@code start} on (a {@link Scratch} buffer); grows into a
         * new array, as any writer, if it must: {@link #array()} is the one written.
         */
        Writer(byte[] buf, int start) {
            this.buf = buf;
            this.len = start;
        }

        Writer write(byte[] b) {
            return write(b, 0, b.length);
        }

        Writer write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
            return this;
        }

        Writer u32(long n) {
            ensure(4);
            putBigEndian(buf, len, n, 4);
            len += 4;
            return this;
        }

        Writer u64(long n) {
            ensure(8);
            putBigEndian(buf, len, n, 8);
            len += 8;
            return this;
        }

        /** {@code lp(x) = u32(len(x)) || x} */
        Writer lp(byte[] x) {
            return u32(x.length).write(x);
        }

        /**
         * {@code str(s) = lp(UTF-8 bytes of s)}; {@code s} must be valid Unicode (checked earlier).
         */
        Writer str(String s) {
            // identifiers are nearly always ASCII, whose UTF-8 is one byte a character: written in
            // place, without the array String.getBytes makes (five a message, on every commitment
            // and route). One pass without a branch per character: the characters are ORed
            // together, and only a string with one at or above 0x80 is written again, as UTF-8
            int n = s.length();
            ensure(4 + n);
            int at = len + 4;
            byte[] b = buf;
            int any = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                any |= c;
                b[at + i] = (byte) c;
            }
            if (any >= 0x80) {
                return lp(s.getBytes(StandardCharsets.UTF_8));
            }
            putBigEndian(b, len, n, 4);
            len = at + n;
            return this;
        }

        /**
         * {@code str(s)} of a string not checked yet: exactly {@link Ids#checkUtf8}'s decision (the
         * same exception, for the same string), made in the pass that writes it. An ASCII string of
         * {@code min..max} characters is valid and is its own UTF-8; anything else (missing, out of
         * range, or any character at or above 0x80) goes to {@code checkUtf8} itself, then to the
         * JDK's encoder.
         */
        Writer strChecked(String s, int min, int max, FailureCode code, String what) {
            if (s != null) {
                int n = s.length();
                if (n >= min && n <= max) {
                    ensure(4 + n);
                    int at = len + 4;
                    byte[] b = buf;
                    int any = 0;
                    for (int i = 0; i < n; i++) {
                        char c = s.charAt(i);
                        any |= c;
                        b[at + i] = (byte) c;
                    }
                    if (any < 0x80) {
                        putBigEndian(b, len, n, 4);
                        len = at + n;
                        return this;
                    }
                }
            }
            Ids.checkUtf8(s, min, max, code, what);
            return lp(s.getBytes(StandardCharsets.UTF_8));
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        int length() {
            return len;
        }

        byte[] array() {
            return buf;
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }

    /**
     * Reads what {@link Writer} writes, strictly: every length must fit what is left. Throws {@link
     * IllegalArgumentException} on any malformation.
     */
    static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;

        Reader(byte[] b, int offset, int end) {
            this.b = b;
            this.pos = offset;
            this.end = end;
        }

        long u32() {
            need(4);
            long v =
                    ((b[pos] & 0xffL) << 24)
                            | ((b[pos + 1] & 0xffL) << 16)
                            | ((b[pos + 2] & 0xffL) << 8)
                            | (b[pos + 3] & 0xffL);
            pos += 4;
            return v;
        }

        long u64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos + i] & 0xffL);
            }
            pos += 8;
            return v;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** {@code lp(x)} with {@code len(x) <= max}. */
        byte[] lp(long max) {
            long n = u32();
            if (n > max) {
                throw new IllegalArgumentException("length over limit");
            }
            return bytes((int) n);
        }

        /**
         * The bounds of an {@code lp(x)}: skips it and returns its offset; its length is {@code
         * max}-checked.
         */
        int skipLp(long max) {
            long n = u32();
            if (n > max) {
                throw new IllegalArgumentException("length over limit");
            }
            need(n);
            int at = pos;
            pos += (int) n;
            return at;
        }

        int position() {
            return pos;
        }

        boolean atEnd() {
            return pos == end;
        }

        private void need(long n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("truncated");
            }
        }
    }
}
