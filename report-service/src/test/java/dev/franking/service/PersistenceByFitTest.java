package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Persistence by fit (DESIGN.md; issue 14, back office): the back-office aggregates that the UI
 * edits (moderator accounts, destinations, legal holds, decision templates, appeals, moderator
 * settings) are Hibernate entities with {@code @Version} optimistic locking; the intake and case
 * tables stay on explicit SQL (none of them is an entity); and no table is written by both, that
 * is, no SQL of the main sources inserts into, updates or deletes from an entity's table (SQL may
 * read one: reports and packages do).
 */
class PersistenceByFitTest {
    private static final Path SERVICE = Path.of("src/main/java/dev/franking/service");

    /** The back-office aggregates of issue 14, by table. */
    static final Set<String> BACK_OFFICE =
            Set.of(
                    "moderators",
                    "destinations",
                    "legal_holds",
                    "decision_templates",
                    "appeals",
                    "moderator_settings");

    private static final Pattern TABLE = Pattern.compile("@Table\\(\\s*name\\s*=\\s*\"([a-z_]+)\"");

    /** A write naming its table (SELECT ... FOR UPDATE locks, it does not write). */
    private static final Pattern SQL_WRITE =
            Pattern.compile(
                    "\\b(?:INSERT\\s+INTO|(?<!FOR )UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)"
                            + "\\s+(?:ONLY\\s+)?\"?([a-z_][a-z0-9_]*)\\b",
                    Pattern.CASE_INSENSITIVE);

    /** Entity source file → its table. */
    static Map<String, String> entities() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SERVICE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f);
                if (!src.contains("@Entity")) {
                    continue;
                }
                Matcher m = TABLE.matcher(src);
                assertThat(m.find()).as(f + " names its table").isTrue();
                found.put(SERVICE.relativize(f).toString(), m.group(1));
            }
        }
        return found;
    }

    static Set<String> tablesWrittenIn(String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = SQL_WRITE.matcher(TableOwnersTest.literals(source));
        while (m.find()) {
            found.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return found;
    }

    @Test
    void theBackOfficeAggregatesAreVersionedEntitiesAndNoOtherTableIsOne() throws IOException {
        Map<String, String> entities = entities();
        assertThat(Set.copyOf(entities.values()))
                .as("entity tables: the back-office aggregates, and no intake or case table")
                .isEqualTo(BACK_OFFICE);
        for (String file : entities.keySet()) {
            assertThat(Files.readString(SERVICE.resolve(file)))
                    .as(file + ": optimistic locking")
                    .contains("@Version");
        }
    }

    @Test
    void noEntityTableIsWrittenBySql() throws IOException {
        Set<String> entityTables = Set.copyOf(entities().values());
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SERVICE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String t : tablesWrittenIn(Files.readString(f))) {
                    if (entityTables.contains(t)) {
                        violations.add(SERVICE.relativize(f) + " writes " + t + " by SQL");
                    }
                }
            }
        }
        assertThat(violations).as("tables written both by Hibernate and by SQL").isEmpty();
    }

    @Test
    void theScannerSeesWritesAndNotLocksOrReads() {
        String source =
                "class X {\n"
                        + "  String a = \"INSERT INTO moderators (username) VALUES (?)\";\n"
                        + "  String b = \"UPDATE\" + \" appeals SET x = 1\";\n"
                        + "  String c = \"\"\"\n"
                        + "      delete from legal_holds where id = ?\n"
                        + "      \"\"\";\n"
                        + "  String d = \"SELECT * FROM destinations FOR UPDATE SKIP LOCKED\";\n"
                        + "  // UPDATE moderator_settings in a comment is not SQL\n"
                        + "}\n";
        assertThat(tablesWrittenIn(source))
                .containsExactlyInAnyOrder("moderators", "appeals", "legal_holds");
    }
}
