package dev.franking.service;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table (DESIGN.md, OWNERS.md): a table's name appears in SQL only in the sources of
 * its owner package; everyone else calls the owner's repository. SQL is found in the string
 * literals and text blocks of the main sources (comments aside), as a table name after FROM, JOIN,
 * INTO, UPDATE, TABLE or TRUNCATE. The migrations are the schema's own and are not scanned.
 */
class TableOwnersTest {
    private static final Path SERVICE = Path.of("src/main/java/dev/franking/service");
    private static final Path MIGRATIONS =
            Path.of("../db-migrations/src/main/resources/db/migration");

    /**
     * Owner package (under dev.franking.service) of every table. A package that is not named here
     * (the intake package among them: it runs the statements that reports and cases expose) owns
     * nothing.
     */
    static final Map<String, String> OWNERS =
            Map.ofEntries(
                    entry("stamp_keys", "stampkeys"),
                    entry("cases", "cases"),
                    entry("case_notes", "cases"),
                    entry("case_decisions", "cases"),
                    entry("case_daily_outcomes", "cases"),
                    entry("decision_time_buckets", "cases"),
                    entry("dashboard_snapshots", "cases"),
                    entry("report_daily_counts", "reports"),
                    entry("reports", "reports"),
                    entry("evidence_items", "reports"),
                    entry("report_messages", "reports"),
                    entry("evidence_attachments", "reports"),
                    entry("report_rejections", "reports"),
                    entry("moderators", "moderators"),
                    entry("audit_log", "audit"),
                    entry("outbox", "outbox"),
                    entry("service_secrets", "crypto"),
                    entry("legal_holds", "retention"),
                    entry("destinations", "forwarding"),
                    entry("forwardings", "forwarding"),
                    entry("evidence_packages", "forwarding"),
                    entry("delivery_progress", "forwarding"),
                    entry("decision_templates", "templates"),
                    entry("appeals", "appeals"),
                    entry("user_entities", "passkeys"),
                    entry("user_credentials", "passkeys"),
                    entry("moderator_settings", "wellness"));

    /** Known exceptions, to be removed, never added to: none left since the intake split. */
    static final Map<String, Set<String>> PENDING = Map.of();

    private static final Pattern SQL_TABLE =
            Pattern.compile(
                    "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\\s+(?:ONLY\\s+)?\"?([a-z_][a-z0-9_]*)\\b",
                    Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableOfTheSchemaHasAnOwner() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create =
                Pattern.compile(
                        "CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)",
                        Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(tables).as("tables in the migrations").isNotEmpty();
        assertThat(OWNERS.keySet()).as("a new table gets its owner here").containsAll(tables);
    }

    @Test
    void tablesAreNamedInSqlOnlyByTheirOwners() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SERVICE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = SERVICE.relativize(f).toString().replace('\\', '/');
                String pkg = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "";
                for (String table : tablesNamedIn(Files.readString(f))) {
                    String owner = OWNERS.get(table);
                    if (owner != null
                            && !owner.equals(pkg)
                            && !PENDING.getOrDefault(rel, Set.of()).contains(table)) {
                        violations.add(rel + " names " + table + " (owner: " + owner + ")");
                    }
                }
            }
        }
        assertThat(violations).as("SQL outside the table's owner").isEmpty();
    }

    @Test
    void theScannerFindsTablesInLiteralsAndTextBlocksOnly() {
        String source =
                "class X {\n"
                        + "  // SELECT * FROM audit_log in a comment is not SQL\n"
                        + "  /* nor UPDATE cases in a block comment */\n"
                        + "  String a = \"SELECT x FROM\" + \" reports r JOIN evidence_items e\";\n"
                        + "  String b = \"\"\"\n"
                        + "      insert into outbox (id) values (?)\n"
                        + "      \"\"\";\n"
                        + "  String c = \"update \\\"legal_holds\\\" set x = 1\";\n"
                        + "  String d = \"https://example.org/from cases\";\n"
                        + "  char q = '\"'; String e = \"FOR UPDATE OF f\";\n"
                        + "}\n";
        assertThat(tablesNamedIn(source))
                .containsExactlyInAnyOrder(
                        "reports", "evidence_items", "outbox", "legal_holds", "cases", "of");
    }

    /** The table-like names after SQL keywords in the file's string literals and text blocks. */
    static Set<String> tablesNamedIn(String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = SQL_TABLE.matcher(literals(source));
        while (m.find()) {
            found.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return found;
    }

    /**
     * The contents of every string literal and text block, in order, separated by spaces: SQL split
     * over concatenated literals reads as one text ("... FROM" + " cases ...").
     */
    static String literals(String src) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                out.append(' ').append(src, i + 3, end).append(' ');
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                StringBuilder lit = new StringBuilder();
                while (j < n && src.charAt(j) != c) {
                    if (src.charAt(j) == '\\' && j + 1 < n) {
                        lit.append(src.charAt(j + 1));
                        j += 2;
                    } else {
                        lit.append(src.charAt(j++));
                    }
                }
                if (c == '"') {
                    out.append(' ').append(lit).append(' ');
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
