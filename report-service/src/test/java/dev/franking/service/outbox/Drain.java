package dev.franking.service.outbox;

import com.sun.net.httpserver.HttpServer;
import dev.franking.service.audit.AuditLog;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Delivers every due platform event to a platform that acknowledges all: tests that queue actions
 * call it when done, so that tests counting deliveries in the shared database see only theirs.
 */
public final class Drain {
    private Drain() {}

    public static void platformEvents(Outbox outbox, Clock clock) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hook",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        server.start();
        try {
            PlatformWebhook hook =
                    new PlatformWebhook(
                            outbox,
                            clock,
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                            "test-secret-of-at-least-32-bytes");
            while (hook.deliverDue() > 0) {
                // until nothing is due
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * Delivers every due platform event, audited, to a local platform that acknowledges all;
     * returns the bodies that name {@code caseId}, in the order they came.
     */
    public static List<String> deliveredNaming(
            UUID caseId, Outbox outbox, Clock clock, AuditLog audit) throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hook",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    if (body.contains(caseId.toString())) {
                        got.add(body);
                    }
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        server.start();
        try {
            PlatformWebhook hook =
                    new PlatformWebhook(
                            outbox,
                            clock,
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                            "test-secret-of-at-least-32-bytes",
                            audit);
            while (hook.deliverDue() > 0) {
                // until nothing is due
            }
        } finally {
            server.stop(0);
        }
        return got;
    }
}
