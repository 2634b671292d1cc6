package dev.franking.loadgen;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options. */
final class Opts {
    static final Set<String> KNOWN =
            Set.of(
                    "url",
                    "token-key",
                    "threads",
                    "duration",
                    "warmup",
                    "batch",
                    "recipients",
                    "rate",
                    "reporters",
                    "context",
                    "pool",
                    "max-requests",
                    "body-bytes",
                    "senders",
                    "timeout",
                    "service-pid",
                    "postgres-pid",
                    // seed and pages (issue 15)
                    "jdbc",
                    "user",
                    "password",
                    "password-file",
                    "scale",
                    "random-seed",
                    "grow",
                    "to",
                    "n",
                    "warmup-requests",
                    "warmup-rounds",
                    "largest-case",
                    "some-case",
                    "assignee",
                    "account",
                    "pages",
                    "only");
    private final Map<String, String> values = new HashMap<>();

    Opts(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + a);
            }
            String name = a.substring(2);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            values.put(name, args[++i]);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String str(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt;
    }

    long lng(String name, long dflt) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : dflt;
    }

    double dbl(String name, double dflt) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : dflt;
    }
}
