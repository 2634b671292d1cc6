package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of DESIGN.md, checked on the sources: inside report-service, which feature package
 * may use which (no cycles; a new arrow must be added here on purpose); across modules, that the
 * library and the evidence format know nothing of Spring, and that the review UI knows nothing of
 * the report service.
 */
class ArchitectureTest {
    private static final Path SERVICE = Path.of("src/main/java/dev/franking/service");
    private static final Pattern REFERENCE =
            Pattern.compile("dev\\.franking\\.service\\.([a-z]+)\\b");

    /** The arrows that exist on purpose. */
    static final Map<String, Set<String>> ALLOWED =
            Map.ofEntries(
                    Map.entry("api", Set.of("reports", "stampkeys")),
                    Map.entry("audit", Set.of()),
                    Map.entry(
                            "cases", Set.of("audit", "crypto", "moderators", "outbox", "reports")),
                    Map.entry("crypto", Set.of("db")),
                    Map.entry("db", Set.of()),
                    Map.entry("demo", Set.of("moderators", "security")),
                    Map.entry(
                            "forwarding",
                            Set.of(
                                    "audit",
                                    "cases",
                                    "crypto",
                                    "db",
                                    "outbox",
                                    "reports",
                                    "retention")),
                    Map.entry("intake", Set.of("cases", "crypto", "reports")),
                    Map.entry("moderators", Set.of("audit")),
                    Map.entry("outbox", Set.of()),
                    Map.entry("reports", Set.of("crypto", "stampkeys")),
                    Map.entry("retention", Set.of("audit")),
                    Map.entry("security", Set.of("api", "db")),
                    Map.entry("stampkeys", Set.of("crypto")));

    static Map<String, Set<String>> actual() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> pkgs = Files.list(SERVICE)) {
            for (Path pkg : pkgs.filter(Files::isDirectory).toList()) {
                String name = pkg.getFileName().toString();
                Set<String> uses = new TreeSet<>();
                for (String src : sources(pkg)) {
                    Matcher m = REFERENCE.matcher(src);
                    while (m.find()) {
                        if (!m.group(1).equals(name)) {
                            uses.add(m.group(1));
                        }
                    }
                }
                deps.put(name, uses);
            }
        }
        return deps;
    }

    static List<String> sources(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                out.add(Files.readString(f));
            }
        }
        return out;
    }

    @Test
    void featurePackagesUseOnlyTheirAllowedNeighbours() throws IOException {
        Map<String, Set<String>> actual = actual();
        assertThat(actual.keySet())
                .as("every package has its entry in ALLOWED")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        actual.forEach(
                (pkg, uses) ->
                        assertThat(ALLOWED.get(pkg))
                                .as(pkg + " uses only what it may")
                                .containsAll(uses));
    }

    @Test
    void theAllowedArrowsHaveNoCycle() {
        for (String start : ALLOWED.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(ALLOWED.get(start));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                assertThat(next).as("a cycle through " + start).isNotEqualTo(start);
                if (seen.add(next)) {
                    todo.addAll(ALLOWED.get(next));
                }
            }
        }
    }

    @Test
    void theModulesPointOneWay() throws IOException {
        for (String src : sources(Path.of("../franking/src/main/java"))) {
            assertThat(src)
                    .as("the franking library has no Spring and no I/O framework")
                    .doesNotContain("org.springframework");
        }
        for (String src : sources(Path.of("../evidence/src/main/java"))) {
            assertThat(src)
                    .doesNotContain("org.springframework")
                    .doesNotContain("dev.franking.service");
        }
        for (String src : sources(Path.of("../review-ui/src/main/java"))) {
            assertThat(src)
                    .as("the review UI is written against its own ports")
                    .doesNotContain("dev.franking.service")
                    .doesNotContain("jakarta.persistence")
                    .doesNotContain("JdbcTemplate");
        }
        for (String src : sources(Path.of("../client/src/main/java"))) {
            assertThat(src)
                    .as("the reference client is what integrators copy: no Spring")
                    .doesNotContain("org.springframework")
                    .doesNotContain("dev.franking.service");
        }
    }
}
