package dev.franking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encodings of PROTOCOL.md §0: {@code u32}, {@code u64}, {@code lp(x)} and {@code str(s)},
 * written either into a byte array or straight into a MAC, so that hot paths never build the
 * concatenation they authenticate.
 */
final class Wire {
    private Wire() {}

    interface Sink {
        void write(byte[] b, int off, int len);

        default void write(byte[] b) {
            write(b, 0, b.length);
        }

        default void u32(long n) {
            byte[] s = {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            write(s, 0, 4);
        }

        default void u64(long n) {
            byte[] s = new byte[8];
            for (int i = 7; i >= 0; i--) {
                s[i] = (byte) n;
                n >>>= 8;
            }
            write(s, 0, 8);
        }

        /** {@code lp(x) = u32(len(x)) || x} */
        default void lp(byte[] x) {
            u32(x.length);
            write(x, 0, x.length);
        }

        /** {@code str(s) = lp(UTF-8 bytes of s)} */
        default void str(String s) {
            lp(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code n} big-endian into {@code b} at {@code off}, {@code bytes} bytes (4 or 8). */
    static void putBigEndian(byte[] b, int off, long n, int bytes) {
        for (int i = off + bytes - 1; i >= off; i--) {
            b[i] = (byte) n;
            n >>>= 8;
        }
    }

    /** A growable byte array. */
    static final class Buffer implements Sink {
        private byte[] buf;
        private int len;

        Buffer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        @Override
        public void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        @Override
        public void u32(long n) {
            ensure(4);
            putBigEndian(buf, len, n, 4);
            len += 4;
        }

        @Override
        public void u64(long n) {
            ensure(8);
            putBigEndian(buf, len, n, 8);
            len += 8;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }

    /**
     * Gathers small writes into one block before passing them on, and passes large ones straight
     * through: a MAC fed one field at a time pays its per-call overhead once per field, which costs
     * more than the hashing on short inputs such as {@code stamp_input}. The bytes passed on, and
     * their order, are exactly those written. Call {@link #flush()} before using the output.
     */
    static final class Gather implements Sink {
        private final Sink out;
        private final byte[] buf;
        private int len;

        Gather(Sink out, int capacity) {
            this.out = out;
            this.buf = new byte[capacity];
        }

        @Override
        public void write(byte[] b, int off, int n) {
            if (n > buf.length - len) {
                flush();
                if (n >= buf.length) {
                    out.write(b, off, n);
                    return;
                }
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        @Override
        public void u32(long n) {
            if (buf.length - len < 4) {
                flush();
            }
            putBigEndian(buf, len, n, 4);
            len += 4;
        }

        @Override
        public void u64(long n) {
            if (buf.length - len < 8) {
                flush();
            }
            putBigEndian(buf, len, n, 8);
            len += 8;
        }

        void flush() {
            if (len > 0) {
                out.write(buf, 0, len);
                len = 0;
            }
        }
    }

    /** Reads what {@link Sink} writes, strictly: every length must fit what is left. */
    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int offset) {
            this.b = b;
            this.pos = offset;
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

        byte[] lp(long max) {
            long n = u32();
            if (n > max) {
                throw new IllegalArgumentException("length over limit");
            }
            return bytes((int) n);
        }

        int position() {
            return pos;
        }

        boolean atEnd() {
            return pos == b.length;
        }

        private void need(long n) {
            if (n < 0 || pos + n > b.length) {
                throw new IllegalArgumentException("truncated");
            }
        }
    }
}
