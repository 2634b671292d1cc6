package dev.franking.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP/1.1 server on loopback: it parses each request itself and lets the test decide,
 * byte for byte, what goes back and when the connection ends.
 */
final class TestServer implements AutoCloseable {
    interface Handler {
        void handle(Exchange x) throws Exception;
    }

    record Received(int connection, int index, String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    static final class Exchange {
        final int connection;
        final int index;
        final Received request;
        private final Socket socket;
        private final OutputStream out;

        Exchange(int connection, int index, Received request, Socket socket) throws IOException {
            this.connection = connection;
            this.index = index;
            this.request = request;
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /**
         * In small separate writes, so that the client sees lines and chunks split across reads.
         */
        void sendInPieces(String s, int piece) throws IOException, InterruptedException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < b.length; i += piece) {
                out.write(b, i, Math.min(piece, b.length - i));
                out.flush();
                Thread.sleep(1);
            }
        }

        void close() throws IOException {
            socket.close();
        }

        /** Closes with an RST instead of a FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    final AtomicInteger connections = new AtomicInteger();
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** Connections the client ended cleanly between requests. */
    final AtomicInteger clientCloses = new AtomicInteger();

    private final List<Socket> open = new CopyOnWriteArrayList<>();

    TestServer(Handler handler) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        Thread t = new Thread(this::acceptLoop, "test-server-accept");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    String hostHeader() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "test-server-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            for (int index = 1; !s.isClosed(); index++) {
                String head = readHead(in);
                if (head == null) {
                    clientCloses.incrementAndGet();
                    return;
                }
                Received r = new Received(connection, index, head, new byte[0]);
                String length = r.header("Content-Length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                r = new Received(connection, index, head, body);
                received.add(r);
                handler.handle(new Exchange(connection, index, r, s));
            }
        } catch (Exception e) {
            // the client went away or the test closed the socket: this connection is done either
            // way
        }
    }

    /** The request head up to and including the blank line, or null at EOF before it. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            if (c == '\r') {
                state = state == 2 ? 3 : 1;
            } else {
                state = c == '\n' && (state == 1 || state == 3) ? state + 1 : 0;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
