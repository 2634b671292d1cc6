package dev.franking.loadgen;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * HTTP/1.1 to the service under test, which must be on this machine (loopback only).
 *
 * <p>A deliberately small client over blocking sockets: the generator shares two cores with the
 * service, and the JDK HttpClient cost about 1 ms of CPU a request, more than the service can
 * afford to give away at the rates it is measured at. Each calling thread keeps one keep-alive
 * connection of its own, so there is no pool, no selector thread and no hand-off between threads.
 */
final class Http {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    // long enough for any header line Tomcat sends; a longer one means we are not talking to it
    private static final int MAX_LINE = 64 * 1024;

    private final InetSocketAddress address;
    private final String host;
    private final long timeoutNanos;
    private final ThreadLocal<Connection> connections = ThreadLocal.withInitial(Connection::new);

    Http(String url, Duration timeout) throws IOException {
        URI u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(
                    "--url must be http://localhost:PORT (got " + url + ")");
        }
        InetAddress ip = InetAddress.getByName(u.getHost());
        if (!ip.isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "--url must point at this machine (loopback); refusing " + u.getHost());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        this.address = new InetSocketAddress(ip, u.getPort() < 0 ? 80 : u.getPort());
        this.host = u.getRawAuthority();
        this.timeoutNanos = timeout.toNanos();
    }

    /** A complete request, encoded once so that sending it is a single write of ready bytes. */
    record Request(byte[] bytes, int bodyLength) {}

    /** The body is kept as bytes: the hot callers only look for a marker in it. */
    record Response(int status, byte[] bodyBytes) {
        String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        boolean contains(byte[] needle) {
            return indexOf(bodyBytes, needle, 0) >= 0;
        }

        /** Non-overlapping occurrences of {@code needle} in the body. */
        int count(byte[] needle) {
            int n = 0;
            for (int i = indexOf(bodyBytes, needle, 0);
                    i >= 0;
                    i = indexOf(bodyBytes, needle, i + needle.length)) {
                n++;
            }
            return n;
        }

        private static int indexOf(byte[] hay, byte[] needle, int from) {
            outer:
            for (int i = from, last = hay.length - needle.length; i <= last; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    Request post(String path, String token, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head =
                ("POST "
                                + path
                                + " HTTP/1.1\r\nHost: "
                                + host
                                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                                + token
                                + "\r\nContent-Length: "
                                + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return new Request(all, body.length);
    }

    Response postJson(String path, String token, String json) throws IOException {
        return send(post(path, token, json));
    }

    Response get(String path) throws IOException {
        return send(
                new Request(
                        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1),
                        0));
    }

    /**
     * Sends on this thread's connection; any IOException (a timeout too) leaves that connection
     * closed.
     */
    Response send(Request request) throws IOException {
        return connections.get().exchange(request);
    }

    /** One thread's connection; never shared, so nothing here is synchronized. */
    private final class Connection {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private int soTimeoutMs;
        private long deadline;
        private boolean gotBytes;
        // the read buffer; holds at most one response's unconsumed bytes since we never pipeline
        private byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;
        // a chunked (or read-to-close) body is gathered here, then copied out at its final size
        private byte[] gather = new byte[16 * 1024];

        Response exchange(Request request) throws IOException {
            deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                boolean reused = socket != null;
                if (!reused) {
                    open();
                }
                gotBytes = false;
                try {
                    out.write(request.bytes());
                    return readResponse();
                } catch (IOException e) {
                    close();
                    // An idle keep-alive connection the server has closed shows up only now, as a
                    // failed
                    // write, an EOF or a reset. Then the server never saw the request and resending
                    // is
                    // safe; once any of the response has arrived it did see it, and a resend would
                    // submit the report twice. A timeout is the server being slow, not a stale
                    // socket.
                    // The resend goes on a fresh connection, which is never retried: at most one
                    // resend.
                    if (!reused || gotBytes || e instanceof SocketTimeoutException) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    close();
                    throw e;
                }
            }
        }

        private void open() throws IOException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("request timed out");
            }
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(
                        address,
                        (int) Math.min(CONNECT_TIMEOUT_MS, Math.max(1, remaining / 1_000_000)));
                in = s.getInputStream();
                out = s.getOutputStream();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            socket = s;
            soTimeoutMs = 0;
            pos = 0;
            lim = 0;
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do about a socket we are throwing away anyway
                }
                socket = null;
                in = null;
                out = null;
            }
            pos = 0;
            lim = 0;
        }

        // ------------------------------------------------------------ response parsing

        private int status;
        private boolean http10;
        private long contentLength;
        private boolean chunked;
        private boolean hasTransferEncoding;
        private boolean connectionClose;
        private boolean connectionKeepAlive;

        private Response readResponse() throws IOException {
            do {
                readStatusLine();
                readHeaders();
                if (status == 101) {
                    throw new ProtocolException("unexpected 101 Switching Protocols");
                }
            } while (status >= 100 && status < 200); // interim responses carry no body
            byte[] body;
            boolean closeAfter = connectionClose || (http10 && !connectionKeepAlive);
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked();
            } else if (hasTransferEncoding || contentLength < 0) {
                // no length known: the body ends when the server closes (RFC 9112 6.3)
                body = readToClose();
                closeAfter = true;
            } else {
                body = readFixed(contentLength);
            }
            if (closeAfter || pos != lim) {
                // bytes after the response mean we lost the framing, so the connection is unusable
                close();
            }
            return new Response(status, body);
        }

        private void readStatusLine() throws IOException {
            int end = lineEnd();
            int s = pos;
            int n = end - s;
            // "HTTP/1.x NNN" then a space and an optional reason phrase (Tomcat sends none)
            if (n < 12
                    || buf[s] != 'H'
                    || buf[s + 1] != 'T'
                    || buf[s + 2] != 'T'
                    || buf[s + 3] != 'P'
                    || buf[s + 4] != '/'
                    || buf[s + 5] != '1'
                    || buf[s + 6] != '.'
                    || buf[s + 8] != ' '
                    || (n > 12 && buf[s + 12] != ' ')) {
                throw new ProtocolException("bad status line: " + ascii(s, end));
            }
            http10 = buf[s + 7] == '0';
            int code = 0;
            for (int i = s + 9; i < s + 12; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    throw new ProtocolException("bad status line: " + ascii(s, end));
                }
                code = code * 10 + d;
            }
            status = code;
            consumeLine();
        }

        private void readHeaders() throws IOException {
            contentLength = -1;
            chunked = false;
            hasTransferEncoding = false;
            connectionClose = false;
            connectionKeepAlive = false;
            while (true) {
                int end = lineEnd();
                int s = pos;
                if (end == s) {
                    consumeLine();
                    return;
                }
                int colon = s;
                while (colon < end && buf[colon] != ':') {
                    colon++;
                }
                if (colon == end || colon == s) {
                    throw new ProtocolException("bad header line: " + ascii(s, end));
                }
                int vs = colon + 1;
                int ve = end;
                while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                    vs++;
                }
                while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                    ve--;
                }
                if (nameIs(s, colon, "content-length")) {
                    long v = parseDecimal(vs, ve);
                    if (contentLength >= 0 && contentLength != v) {
                        throw new ProtocolException("conflicting Content-Length headers");
                    }
                    contentLength = v;
                } else if (nameIs(s, colon, "transfer-encoding")) {
                    hasTransferEncoding = true;
                    // chunked must be the last coding if present; a later header can add codings
                    // after it
                    chunked = endsWithToken(vs, ve, "chunked");
                } else if (nameIs(s, colon, "connection")) {
                    connectionClose |= hasToken(vs, ve, "close");
                    connectionKeepAlive |= hasToken(vs, ve, "keep-alive");
                }
                consumeLine();
            }
        }

        private byte[] readFixed(long length) throws IOException {
            if (length > Integer.MAX_VALUE - 16) {
                throw new ProtocolException("body too large: " + length);
            }
            byte[] body = new byte[(int) length];
            int have = Math.min(lim - pos, body.length);
            System.arraycopy(buf, pos, body, 0, have);
            pos += have;
            // the rest straight into the body: no point staging a large body in buf
            while (have < body.length) {
                int n = read(body, have, body.length - have);
                if (n < 0) {
                    throw new EOFException(
                            "connection closed after "
                                    + have
                                    + " of "
                                    + body.length
                                    + " body bytes");
                }
                have += n;
            }
            return body;
        }

        private byte[] readChunked() throws IOException {
            int size = 0;
            while (true) {
                int end = lineEnd();
                int s = pos;
                int i = s;
                long chunk = 0;
                while (i < end && hex(buf[i]) >= 0) {
                    chunk = chunk * 16 + hex(buf[i++]);
                    if (chunk > Integer.MAX_VALUE) {
                        throw new ProtocolException("chunk too large");
                    }
                }
                int digitsEnd = i;
                while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                    i++;
                }
                // anything after the size must be a chunk extension (";name=value"), which we
                // ignore
                if (digitsEnd == s || (i < end && buf[i] != ';')) {
                    throw new ProtocolException("bad chunk size line: " + ascii(s, end));
                }
                consumeLine();
                if (chunk == 0) {
                    break;
                }
                if (size + chunk > Integer.MAX_VALUE - 16) {
                    throw new ProtocolException("body too large");
                }
                int need = (int) chunk;
                ensureGather(size + need);
                int have = Math.min(lim - pos, need);
                System.arraycopy(buf, pos, gather, size, have);
                pos += have;
                size += have;
                need -= have;
                while (need > 0) {
                    int n = read(gather, size, need);
                    if (n < 0) {
                        throw new EOFException("connection closed inside a chunk");
                    }
                    size += n;
                    need -= n;
                }
                if (lineEnd() != pos) {
                    throw new ProtocolException("chunk data not followed by CRLF");
                }
                consumeLine();
            }
            // trailer fields, which we have no use for, up to the empty line that ends the message
            while (lineEnd() != pos) {
                consumeLine();
            }
            consumeLine();
            return Arrays.copyOf(gather, size);
        }

        private byte[] readToClose() throws IOException {
            int size = lim - pos;
            ensureGather(size);
            System.arraycopy(buf, pos, gather, 0, size);
            pos = lim;
            while (true) {
                if (size == gather.length) {
                    ensureGather(size + 1);
                }
                int n = read(gather, size, gather.length - size);
                if (n < 0) {
                    return Arrays.copyOf(gather, size);
                }
                size += n;
            }
        }

        private void ensureGather(int n) {
            if (n > gather.length) {
                gather =
                        Arrays.copyOf(
                                gather,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE - 16,
                                                Math.max(n, 2L * gather.length)));
            }
        }

        // ------------------------------------------------------------ lines and reads

        // the line end found by the last lineEnd(): index of its CR (or bare LF), and of the byte
        // after it
        private int lineNext;

        /**
         * Index (in buf) of the end of the line that starts at pos, excluding CRLF, reading more as
         * needed. pos may move as buf is compacted, so callers read pos again after this.
         */
        private int lineEnd() throws IOException {
            int scanned = 0; // relative to pos, which a compacting fill moves
            while (true) {
                for (int i = pos + scanned; i < lim; i++) {
                    if (buf[i] == '\n') {
                        lineNext = i + 1;
                        return i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    }
                }
                scanned = lim - pos;
                if (scanned >= MAX_LINE) {
                    throw new ProtocolException("header line longer than " + MAX_LINE + " bytes");
                }
                if (fill() < 0) {
                    if (!gotBytes) {
                        throw new EOFException("connection closed before any response");
                    }
                    throw new EOFException("connection closed inside the response head");
                }
            }
        }

        private void consumeLine() {
            pos = lineNext;
        }

        /** Reads more into buf after lim, compacting or growing it first if there is no room. */
        private int fill() throws IOException {
            if (lim == buf.length) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = read(buf, lim, buf.length - lim);
            if (n > 0) {
                lim += n;
            }
            return n;
        }

        /**
         * A socket read bounded by what is left of this request's deadline, not a fresh timeout per
         * read.
         */
        private int read(byte[] b, int off, int len) throws IOException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("request timed out");
            }
            int ms =
                    (int)
                            Math.min(
                                    Integer.MAX_VALUE,
                                    Math.max(1, (remaining + 999_999) / 1_000_000));
            if (ms != soTimeoutMs) {
                socket.setSoTimeout(ms);
                soTimeoutMs = ms;
            }
            int n = in.read(b, off, len);
            if (n > 0) {
                gotBytes = true;
            }
            return n;
        }

        // ------------------------------------------------------------ byte helpers

        /** Header name equality, ASCII case-insensitive; {@code lower} is lower case. */
        private boolean nameIs(int s, int e, String lower) {
            if (e - s != lower.length()) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                if (lowerAscii(buf[s + i]) != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the comma-separated list in buf[s, e) holds {@code lower} as one of its tokens.
         */
        private boolean hasToken(int s, int e, String lower) {
            int i = s;
            while (i < e) {
                int j = i;
                while (j < e && buf[j] != ',') {
                    j++;
                }
                if (trimmedIs(i, j, lower)) {
                    return true;
                }
                i = j + 1;
            }
            return false;
        }

        private boolean endsWithToken(int s, int e, String lower) {
            int j = e;
            while (j > s && buf[j - 1] != ',') {
                j--;
            }
            return trimmedIs(j, e, lower);
        }

        private boolean trimmedIs(int s, int e, String lower) {
            while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                e--;
            }
            return nameIs(s, e, lower);
        }

        private long parseDecimal(int s, int e) throws ProtocolException {
            if (s == e || e - s > 18) {
                throw new ProtocolException("bad Content-Length: " + ascii(s, e));
            }
            long v = 0;
            for (int i = s; i < e; i++) {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) {
                    throw new ProtocolException("bad Content-Length: " + ascii(s, e));
                }
                v = v * 10 + d;
            }
            return v;
        }

        private String ascii(int s, int e) {
            return new String(buf, s, Math.min(e - s, 200), StandardCharsets.ISO_8859_1);
        }
    }

    private static int lowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
