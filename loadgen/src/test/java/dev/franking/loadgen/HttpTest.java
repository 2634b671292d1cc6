package dev.franking.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static String fixed(String body) {
        return "HTTP/1.1 201 \r\ncontent-TYPE: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body;
    }

    private static String chunk(String ext, String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length).toUpperCase()
                + ext
                + "\r\n"
                + data
                + "\r\n";
    }

    @Test
    void sendsOneWellFormedRequestAndReadsAContentLengthBody() throws Exception {
        try (TestServer server =
                new TestServer(
                        x ->
                                x.sendInPieces(
                                        fixed("{\"verified\":true,\"n\":" + x.index + "}"), 5))) {
            Http http = new Http(server.url(), TIMEOUT);
            String json = "{\"text\":\"caf\u00e9\"}";
            Http.Response r = http.postJson("/api/v2/reports", "tok.en", json);

            assertEquals(201, r.status());
            assertEquals("{\"verified\":true,\"n\":1}", r.body());
            assertTrue(r.contains("\"verified\":true".getBytes(StandardCharsets.US_ASCII)));
            TestServer.Received q = server.received.get(0);
            assertEquals("POST /api/v2/reports HTTP/1.1", q.requestLine());
            assertEquals(server.hostHeader(), q.header("Host"));
            assertEquals("application/json", q.header("Content-Type"));
            assertEquals("Bearer tok.en", q.header("Authorization"));
            assertEquals("16", q.header("Content-Length")); // bytes, not chars: the é is two
            assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), q.body());

            // keep-alive: the next request goes over the same connection
            assertEquals(
                    "{\"verified\":true,\"n\":2}",
                    http.postJson("/api/v2/reports", "tok.en", json).body());
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        String big = "x".repeat(100_000);
        try (TestServer server =
                new TestServer(
                        x -> {
                            if (x.index == 1) {
                                x.sendInPieces(
                                        "HTTP/1.1 200 OK\r\n"
                                                + "Content-Type: application/json\r\n"
                                                + "transfer-encoding:  Chunked \r\n\r\n"
                                                + chunk("", "{\"verified\"")
                                                + chunk(";name=value", ":tr")
                                                + chunk(
                                                        " ; q=\"a;b\"",
                                                        "ue,\"long\":\"" + "y".repeat(30) + "\"")
                                                + chunk("", "}")
                                                + "0\r\nX-Trailer: yes\r\nOther-Trailer: 2\r\n\r\n",
                                        7);
                            } else {
                                StringBuilder b =
                                        new StringBuilder(
                                                "HTTP/1.1 200 \r\n"
                                                        + "Transfer-Encoding: chunked\r\n\r\n");
                                for (int i = 0; i < big.length(); i += 7_000) {
                                    b.append(
                                            chunk(
                                                    "",
                                                    big.substring(
                                                            i, Math.min(big.length(), i + 7_000))));
                                }
                                x.send(b.append("0\r\n\r\n").toString());
                            }
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            Http.Response r = http.get("/one");
            assertEquals(200, r.status());
            assertEquals("{\"verified\":true,\"long\":\"" + "y".repeat(30) + "\"}", r.body());

            // the trailer was consumed exactly: the next response on the same connection parses
            Http.Response r2 = http.get("/two");
            assertEquals(200, r2.status());
            assertEquals(big, r2.body());
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void honoursConnectionClose() throws Exception {
        // the server keeps its end open: only a client that honours the header moves to a new
        // connection
        // (one that ignored it would send on the old one, where the server would still answer)
        try (TestServer server =
                new TestServer(
                        x -> {
                            String body = "c" + x.connection;
                            x.send(
                                    "HTTP/1.1 200 \r\n"
                                            + "Connection: keep-alive, Close\r\n"
                                            + "Content-Length: "
                                            + body.length()
                                            + "\r\n\r\n"
                                            + body);
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            assertEquals("c1", http.get("/a").body());
            assertEquals("c2", http.get("/b").body());
            assertEquals("c3", http.get("/c").body());
            assertEquals(3, server.connections.get());
            for (TestServer.Received r : server.received) {
                assertEquals(1, r.index());
            }
            // and the client closed each one after its response
            long until = System.nanoTime() + 2_000_000_000L;
            while (server.clientCloses.get() < 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(3, server.clientCloses.get());
        }
    }

    @Test
    void reconnectsWhenTheServerClosesAfterConnectionClose() throws Exception {
        try (TestServer server =
                new TestServer(
                        x -> {
                            String body = "c" + x.connection;
                            x.send(
                                    "HTTP/1.1 200 \r\nConnection: close\r\nContent-Length: "
                                            + body.length()
                                            + "\r\n\r\n"
                                            + body);
                            x.close();
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            assertEquals("c1", http.get("/a").body());
            assertEquals("c2", http.get("/b").body());
            assertEquals(2, server.connections.get());
            assertEquals(2, server.received.size());
        }
    }

    @Test
    void reconnectsTransparentlyWhenTheServerClosedAnIdleConnection() throws Exception {
        idleCloseThenResend(false);
    }

    @Test
    void reconnectsTransparentlyWhenTheServerResetAnIdleConnection() throws Exception {
        idleCloseThenResend(true);
    }

    private static void idleCloseThenResend(boolean reset) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (TestServer server =
                new TestServer(
                        x -> {
                            x.send(fixed("c" + x.connection));
                            if (x.connection == 1) {
                                // no Connection: close header: like a keep-alive timeout, the
                                // client learns of it only when it sends
                                if (reset) {
                                    x.reset();
                                } else {
                                    x.close();
                                }
                                closed.countDown();
                            }
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            assertEquals("c1", http.postJson("/r", "t", "{}").body());
            assertTrue(closed.await(5, TimeUnit.SECONDS));
            Thread.sleep(50);

            Http.Response r = http.postJson("/r", "t", "{\"second\":1}");
            assertEquals(201, r.status());
            assertEquals("c2", r.body());
            assertEquals(2, server.connections.get());
            // resent once, and only the resend reached the server
            assertEquals(2, server.received.size());
            assertEquals(2, server.received.get(1).connection());
        }
    }

    /**
     * A response cut off in its body, or in its head: the request may have been acted on, so it is
     * not sent again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 201 \r\nContent-Length: 10\r\n\r\nabc", "HTTP/1.1 20"})
    void neverResendsAfterAPartialResponse(String partial) throws Exception {
        try (TestServer server =
                new TestServer(
                        x -> {
                            if (x.index == 1) {
                                x.send(fixed("ok"));
                            } else {
                                x.send(partial);
                                x.close();
                            }
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            assertEquals("ok", http.get("/a").body());
            assertThrows(EOFException.class, () -> http.postJson("/r", "t", "{}"));
            assertEquals(1, server.connections.get());
            assertEquals(2, server.received.size());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheConnectionIsDiscarded() throws Exception {
        try (TestServer server =
                new TestServer(
                        x -> {
                            if (x.connection == 1 && x.index == 1) {
                                x.send(fixed("first"));
                            } else if (x.connection == 2) {
                                x.send(fixed("fresh"));
                            }
                            // otherwise: silence, the connection stays open
                        })) {
            Http http = new Http(server.url(), Duration.ofMillis(300));
            // one thread throughout: the client's connection belongs to the calling thread
            assertTimeoutPreemptively(
                    Duration.ofSeconds(5),
                    () -> {
                        assertEquals("first", http.get("/a").body());
                        long t0 = System.nanoTime();
                        assertThrows(SocketTimeoutException.class, () -> http.get("/silent"));
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        assertTrue(ms >= 250 && ms < 3_000, "timed out after " + ms + " ms");
                        // a timeout on a reused connection is not mistaken for a stale one: no
                        // resend
                        assertEquals(1, server.connections.get());
                        assertEquals(2, server.received.size());

                        assertEquals("fresh", http.get("/b").body());
                        assertEquals(2, server.connections.get());
                    });
        }
    }

    @Test
    void readsEmptyBodiesAndSkipsInterimResponses() throws Exception {
        try (TestServer server =
                new TestServer(
                        x -> {
                            if (x.index == 1) {
                                x.send("HTTP/1.1 204 No Content\r\n\r\n");
                            } else {
                                x.send("HTTP/1.1 100 Continue\r\n\r\n" + fixed("after interim"));
                            }
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            Http.Response none = http.get("/a");
            assertEquals(204, none.status());
            assertEquals(0, none.bodyBytes().length);
            Http.Response r = http.get("/b");
            assertEquals(201, r.status());
            assertEquals("after interim", r.body());
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void readsABodyDelimitedByClose() throws Exception {
        try (TestServer server =
                new TestServer(
                        x -> {
                            x.send(
                                    "HTTP/1.1 200 OK\r\n"
                                            + "Content-Type: text/plain\r\n\r\n"
                                            + "until the end");
                            x.close();
                        })) {
            Http http = new Http(server.url(), TIMEOUT);
            assertEquals("until the end", http.get("/a").body());
            assertEquals("until the end", http.get("/b").body());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void countsNonOverlappingMatches() {
        Http.Response r =
                new Http.Response(
                        200,
                        "\"mac\":\"a\",\"mac\":\"b\",\"mac\"".getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, r.count("\"mac\":\"".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(r.contains("\"verified\":true".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesAnythingButLoopback() {
        assertThrows(
                IllegalArgumentException.class, () -> new Http("http://192.0.2.1:8080", TIMEOUT));
        assertThrows(
                IllegalArgumentException.class, () -> new Http("https://127.0.0.1:8080", TIMEOUT));
    }

    @Test
    void failsOnAFreshConnectionThatClosesWithoutRetrying() throws IOException {
        try (TestServer server = new TestServer(TestServer.Exchange::close)) {
            Http http = new Http(server.url(), TIMEOUT);
            assertThrows(IOException.class, () -> http.get("/a"));
            assertEquals(1, server.connections.get());
        }
    }
}
