package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.Decision;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StreamUtils;

/**
 * Every visible text of the templates comes from messages.properties: this fails on a text node
 * with letters, on a user-visible attribute written as plain text, and on a quoted literal in a th:
 * attribute that produces visible text. It also checks that every message key exists.
 */
class TemplateTextTest {
    /** Attributes a person sees or hears (screen readers) when written plainly. */
    static final Set<String> VISIBLE_ATTRIBUTES =
            Set.of(
                    "title",
                    "alt",
                    "placeholder",
                    "aria-label",
                    "aria-description",
                    "aria-roledescription",
                    "aria-valuetext",
                    "label",
                    "summary",
                    "abbr");

    /** th: attributes that produce visible text. */
    static final Set<String> TEXT_PROCESSORS =
            Set.of(
                    "th:text",
                    "th:utext",
                    "th:title",
                    "th:alt",
                    "th:placeholder",
                    "th:aria-label",
                    "th:label",
                    "th:value",
                    "th:abbr",
                    "th:errors");

    static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern RAW =
            Pattern.compile(
                    "<(script|style)\\b[^>]*>(.*?)</\\1>",
                    Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    static final Pattern TAG =
            Pattern.compile("<(/?)([A-Za-z][\\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)/?>");
    static final Pattern ATTRIBUTE =
            Pattern.compile("([\\w:.-]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'))?");
    static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|[A-Za-z]+);");
    static final Pattern LETTER = Pattern.compile("\\p{L}");
    static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    static List<Resource> templates() throws IOException {
        Resource[] found =
                new PathMatchingResourcePatternResolver()
                        .getResources("classpath*:templates/review/**/*.html");
        return List.of(found);
    }

    /** Problems of one template, each naming the text or attribute at fault. */
    static List<String> problems(String html) {
        List<String> out = new ArrayList<>();
        String s = COMMENT.matcher(html).replaceAll(" ");
        s = DOCTYPE.matcher(s).replaceAll(" ");
        Matcher raw = RAW.matcher(s);
        while (raw.find()) {
            if (!raw.group(2).isBlank()) {
                out.add(
                        "inline <"
                                + raw.group(1)
                                + ">: the CSP forbids it; use a file under static/review/assets");
            }
        }
        s = RAW.matcher(s).replaceAll("<$1></$1>");
        Matcher tag = TAG.matcher(s);
        int last = 0;
        while (tag.find()) {
            text(s.substring(last, tag.start()), out);
            last = tag.end();
            if (tag.group(1).isEmpty()) {
                attributes(tag.group(2).toLowerCase(Locale.ROOT), tag.group(3), out);
            }
        }
        text(s.substring(last), out);
        return out;
    }

    private static void text(String t, List<String> out) {
        String plain = ENTITY.matcher(t).replaceAll(" ").strip();
        if (LETTER.matcher(plain).find()) {
            out.add("text \"" + plain + "\"");
        }
    }

    private static void attributes(String tag, String attrs, List<String> out) {
        Matcher a = ATTRIBUTE.matcher(attrs);
        String type = null;
        List<String[]> all = new ArrayList<>();
        while (a.find()) {
            String name = a.group(1).toLowerCase(Locale.ROOT);
            String value = a.group(2) != null ? a.group(2) : a.group(3);
            all.add(new String[] {name, value});
            if (name.equals("type")) {
                type = value;
            }
        }
        boolean buttonValue =
                tag.equals("input")
                        && type != null
                        && Set.of("submit", "button", "reset").contains(type);
        for (String[] nv : all) {
            String name = nv[0];
            String value = nv[1];
            if (value == null) {
                continue;
            }
            if ((VISIBLE_ATTRIBUTES.contains(name) || (buttonValue && name.equals("value")))
                    && LETTER.matcher(value).find()) {
                out.add("plain attribute " + name + "=\"" + value + "\" on <" + tag + ">");
            }
            if (TEXT_PROCESSORS.contains(name) && hasLiteralText(value)) {
                out.add(name + "=\"" + value + "\" has literal text");
            }
            if (name.equals("th:attr")) {
                for (String assignment : splitTopLevel(value)) {
                    int eq = assignment.indexOf('=');
                    String attr =
                            eq < 0
                                    ? ""
                                    : assignment.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    if (VISIBLE_ATTRIBUTES.contains(attr)
                            && hasLiteralText(assignment.substring(eq + 1))) {
                        out.add("th:attr " + assignment + " has literal text");
                    }
                }
            }
        }
    }

    /**
     * A quoted literal or |literal substitution| with letters, outside #{...}, ${...} and the other
     * expressions.
     */
    static boolean hasLiteralText(String expression) {
        String outside = stripExpressions(expression);
        Matcher q = QUOTED.matcher(outside);
        while (q.find()) {
            if (LETTER.matcher(q.group(1)).find()) {
                return true;
            }
        }
        int bar = outside.indexOf('|');
        return bar >= 0 && LETTER.matcher(outside.substring(bar)).find();
    }

    static String stripExpressions(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (depth == 0
                    && "#$*@~".indexOf(c) >= 0
                    && i + 1 < s.length()
                    && s.charAt(i + 1) == '{') {
                depth = 1;
                i++;
            } else if (depth > 0 && c == '{') {
                depth++;
            } else if (depth > 0 && c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    static String read(Resource r) throws IOException {
        return StreamUtils.copyToString(r.getInputStream(), StandardCharsets.UTF_8);
    }

    @Test
    void templatesHaveNoHardCodedText() throws IOException {
        List<Resource> templates = templates();
        assertThat(templates).hasSizeGreaterThanOrEqualTo(10);
        List<String> all = new ArrayList<>();
        for (Resource r : templates) {
            for (String p : problems(read(r))) {
                all.add(r.getFilename() + ": " + p);
            }
        }
        assertThat(all)
                .as("hard-coded text in templates (use th:text=\"#{key}\" and messages.properties)")
                .isEmpty();
    }

    @Test
    void theScannerCatchesHardCodedText() {
        String bad =
                """
                <!DOCTYPE html><html><body>
                <!-- a comment is fine -->
                <h1>Queue</h1>
                <p th:text="#{ok}"></p>
                <img src="x.png" alt="A picture">
                <button type="submit" title="Claim it" th:text="#{action.claim}"></button>
                <input type="submit" value="Go">
                <span th:text="'Literal words'"></span>
                <span th:text="|Hello ${name}|"></span>
                <a th:attr="aria-label='Next page'" href="#"></a>
                <p>&nbsp;&middot; 42</p>
                <script>alert(1)</script>
                </body></html>\
                """;
        assertThat(problems(bad))
                .hasSize(8)
                .anySatisfy(p -> assertThat(p).contains("Queue"))
                .anySatisfy(p -> assertThat(p).contains("alt=\"A picture\""))
                .anySatisfy(p -> assertThat(p).contains("title=\"Claim it\""))
                .anySatisfy(p -> assertThat(p).contains("value=\"Go\""))
                .anySatisfy(p -> assertThat(p).contains("Literal words"))
                .anySatisfy(p -> assertThat(p).contains("Hello"))
                .anySatisfy(p -> assertThat(p).contains("Next page"))
                .anySatisfy(p -> assertThat(p).contains("inline <script>"));
        String good =
                """
                <html><body><h1 th:text="#{queue.heading}"></h1>
                <td th:text="${row.assignee()} ?: #{queue.unassigned}" th:classappend="${row.overdue()} ? 'overdue'"></td>
                <a th:attr="aria-current=${p == days} ? 'page'" th:aria-label="#{x(${'status.' + s})}"></a>
                <input type="text" value="" th:value="${x}"></body></html>\
                """;
        assertThat(problems(good)).isEmpty();
    }

    static Properties messages() throws IOException {
        Properties p = new Properties();
        try (var in =
                new InputStreamReader(
                        TemplateTextTest.class.getResourceAsStream("/messages.properties"),
                        StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyMessageKeyExists() throws IOException {
        Properties messages = messages();
        Set<String> missing = new TreeSet<>();
        Pattern key = Pattern.compile("#\\{([A-Za-z][\\w.-]*)[}(]");
        for (Resource r : templates()) {
            Matcher m = key.matcher(read(r));
            while (m.find()) {
                if (!messages.containsKey(m.group(1))) {
                    missing.add(r.getFilename() + ": " + m.group(1));
                }
            }
        }
        // keys the templates build at run time, and those the controllers use
        List<String> built = new ArrayList<>();
        for (CaseStatus s : CaseStatus.values()) {
            built.add("status." + s.name());
        }
        for (Decision d : Decision.values()) {
            built.add("decision." + d.name().toLowerCase(Locale.ROOT));
            built.add("flash.decided." + d.name().toLowerCase(Locale.ROOT));
        }
        for (String e : List.of("error.400", "error.403", "error.404", "error.500")) {
            built.add(e + ".title");
            built.add(e + ".text");
        }
        for (String st :
                List.of(
                        "requested",
                        "rejected",
                        "queued",
                        "sent",
                        "acknowledged",
                        "failed",
                        "ready")) {
            built.add("forwarding.status." + st);
        }
        for (String kind : Forms.DESTINATION_KINDS) {
            built.add("destination.kind." + kind);
        }
        built.addAll(
                List.of(
                        "flash.forwarding-requested",
                        "flash.forwarding-approved",
                        "flash.forwarding-rejected",
                        "flash.hold-placed",
                        "flash.hold-lifted",
                        "flash.destination-added",
                        "flash.destination-test-ok",
                        "flash.destination-test-failed",
                        "flash.forwarding-retried",
                        "flash.forwarding-reference-recorded",
                        "flash.confirm-required",
                        "validation.choose",
                        "typeMismatch.destinationId"));
        // the refusals the evidence port may throw
        built.addAll(
                List.of(
                        "refused.forwarding-child-safety-only",
                        "refused.forwarding-approver-role",
                        "refused.forwarding-not-pending",
                        "refused.four-eyes",
                        "refused.destination-unknown",
                        "refused.evidence-destroyed",
                        "refused.already-held",
                        "refused.not-held",
                        "refused.forbidden",
                        "refused.reason-required",
                        "refused.destination-name-required",
                        "refused.destination-https-required",
                        "refused.forwarding-not-approved",
                        "refused.destination-kind-unknown",
                        "refused.forwarding-not-failed",
                        "refused.forwarding-reference-invalid",
                        "refused.forwarding-reference-conflict",
                        "refused.destination-test-unsupported"));
        built.addAll(
                List.of(
                        "flash.claimed",
                        "flash.released",
                        "flash.reassigned",
                        "flash.noted",
                        "flash.escalated",
                        "flash.reopened",
                        "flash.invalid",
                        "refused.generic",
                        "validation.required",
                        "validation.too-long",
                        "format.none",
                        "format.instant",
                        "format.duration.days",
                        "format.duration.hours",
                        "format.duration.minutes",
                        "format.bytes",
                        "format.kib",
                        "format.mib"));
        for (String k : built) {
            if (!messages.containsKey(k)) {
                missing.add("built: " + k);
            }
        }
        assertThat(missing).as("message keys missing from messages.properties").isEmpty();
    }
}
