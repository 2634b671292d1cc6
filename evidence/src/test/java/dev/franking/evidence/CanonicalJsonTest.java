package dev.franking.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static String write(Object v) {
        return new String(CanonicalJson.write(v), StandardCharsets.UTF_8);
    }

    @Test
    void membersSortedByUtf16CodeUnitsWithoutWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(true, false));
        m.put("\u20ac", "euro"); // U+20AC
        m.put(
                "\ud83d\ude00",
                "emoji"); // U+1F600 as surrogates D83D DE00: sorts after U+20AC by code units
        m.put("A", null);
        assertThat(write(m))
                .isEqualTo(
                        "{\"A\":null,\"a\":[true,false],\"b\":1,\"\u20ac\":\"euro\",\"\ud83d\ude00\":\"emoji\"}");
    }

    @Test
    void stringsEscapeExactlyAsJcs() {
        assertThat(write("q\" b\\ \b\f\n\r\t \u0001 \u001f / \u007f \u00e9 \u2028"))
                .isEqualTo(
                        "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f / \u007f \u00e9 \u2028\"");
    }

    @Test
    void onlyIntegersInTheIJsonRange() {
        assertThat(write(List.of(0, -1, 9007199254740991L, -9007199254740991L)))
                .isEqualTo("[0,-1,9007199254740991,-9007199254740991]");
        assertThatThrownBy(() -> CanonicalJson.write(9007199254740992L))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> CanonicalJson.write(1.5)).hasMessageContaining("only integers");
        assertThatThrownBy(() -> CanonicalJson.write("\ud800"))
                .hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> CanonicalJson.write(new Object()))
                .hasMessageContaining("not a JSON value");
    }

    @Test
    void parsingRefusesDuplicatesAndTrailingContent() {
        assertThatThrownBy(
                        () ->
                                CanonicalJson.parse(
                                        "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalJson.CanonicalJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CanonicalJson.CanonicalJsonException.class);
    }

    @Test
    void canonicalTextRoundTripsAndOtherFormsAreNot() {
        byte[] c = "{\"a\":[1,\"x\"],\"b\":{\"c\":null}}".getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalJson.isCanonical(c)).isTrue();
        assertThat(Arrays.equals(CanonicalJson.write(CanonicalJson.parse(c)), c)).isTrue();
        assertThat(CanonicalJson.isCanonical("{\"b\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(CanonicalJson.isCanonical("{\"a\": 2}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(
                        CanonicalJson.isCanonical(
                                "{\"a\":\"\\u00e9\"}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }
}
