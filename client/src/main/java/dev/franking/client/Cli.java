package dev.franking.client;

import dev.franking.v2.MessageKey;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small command line over the reference client. Tokens come from the environment, never from
 * arguments (which other users of the machine can see):
 *
 * <pre>
 * FRANKING_RELAY_TOKEN=... FRANKING_REPORT_TOKEN=... java -jar client/target/client.jar roundtrip --url http://localhost:8080
 * FRANKING_REPORT_TOKEN=... java -jar client/target/client.jar status --url http://localhost:8080 --report ID
 * </pre>
 *
 * {@code roundtrip} plays every role once: a sender sends a placeholder message to the reporter
 * (the report token's subject), the relay stamps and delivers it, the reporter's client opens and
 * checks it, and reports it. It prints ids and statuses only.
 */
public final class Cli {
    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args.length % 2 == 0) {
            return usage();
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage();
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        FrankingApi api =
                new FrankingApi(URI.create(opts.getOrDefault("url", "http://localhost:8080")));
        String reportToken = env("FRANKING_REPORT_TOKEN");
        try {
            switch (args[0]) {
                case "roundtrip" ->
                        roundtrip(
                                api,
                                env("FRANKING_RELAY_TOKEN"),
                                reportToken,
                                opts.getOrDefault("category", "spam"));
                case "status" -> {
                    ApiJson.ReportStatus s =
                            new Reporter(api, () -> reportToken).status(opts.get("report"));
                    System.out.println(
                            "report "
                                    + s.reportId()
                                    + ": "
                                    + s.status()
                                    + (s.outcome() == null
                                            ? ""
                                            : ", outcome " + s.outcome().decision()));
                }
                default -> {
                    return usage();
                }
            }
            return 0;
        } catch (ApiProblem p) {
            System.err.println(
                    "the service refused: "
                            + p.status()
                            + " "
                            + p.code()
                            + (p.failures().isEmpty() ? "" : " " + p.failures()));
            return 1;
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    private static void roundtrip(
            FrankingApi api, String relayToken, String reportToken, String category) {
        // the reporter is the token's subject: there is no other way to say who reports
        String reporterId = subjectOf(reportToken);
        String senderId = "cli-sender-" + UUID.randomUUID().toString().substring(0, 8);
        Conversation chat =
                new Conversation(
                        "cli:" + UUID.randomUUID(),
                        List.of(senderId, reporterId),
                        MessageKey.generate());

        Sender.Outgoing out =
                new Sender(senderId, Clock.systemUTC())
                        .text(chat, "[cli] a placeholder message to report");
        List<Relay.Delivery> delivered = new Relay(api, relayToken).relay(senderId, out.toRelay());
        System.out.println(
                "relayed message "
                        + out.toRelay().messageId()
                        + " from "
                        + senderId
                        + " to "
                        + reporterId
                        + " (stamp key "
                        + delivered.get(0).stamp().kid()
                        + ")");

        Recipient.Held held =
                new Recipient(reporterId)
                        .receive(delivered.get(0), chat)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the delivery failed the recipient's checks and was"
                                                        + " dropped"));
        Reporter reporter = new Reporter(api, () -> reportToken);
        Reporter.Filed filed = reporter.report(category, null, held, List.of());
        System.out.println(
                "report " + filed.reportId() + ": " + reporter.status(filed.reportId()).status());
    }

    /**
     * The {@code sub} claim of a JWT, read without checking the signature: only the service decides
     * whether to trust it.
     */
    static String subjectOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("FRANKING_REPORT_TOKEN is not a JWT");
        }
        var claims = FrankingApi.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (claims.get("sub") == null) {
            throw new IllegalStateException("the report token has no subject");
        }
        return claims.get("sub").asString();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(
                    name
                            + " is not set (mint one with: java -jar"
                            + " report-service/target/report-service.jar token ...)");
        }
        return v.trim();
    }

    private static int usage() {
        System.err.println(
                """
                usage: java -jar client/target/client.jar roundtrip [--url URL] [--category spam]
                       java -jar client/target/client.jar status [--url URL] --report ID
                tokens from the environment: FRANKING_RELAY_TOKEN (scope stamp), FRANKING_REPORT_TOKEN (scope report)\
                """);
        return 64;
    }
}
