package dev.franking.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.franking.v2.B64;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stamps mode sends PROTOCOL.md §7's v2 request: commitments and 32-byte routes, nothing else.
 */
class StampsBodyTest {
    @Test
    void aBatchIsMessagesOfACommitmentAndRoutesOnly() {
        String body = StampsMode.body(new SecureRandom(), 3, 4);
        JsonNode root = JsonMapper.builder().build().readTree(body);
        assertEquals(Set.of("messages"), names(root));
        assertEquals(3, root.get("messages").size());
        Set<String> seen = new HashSet<>();
        for (JsonNode m : root.get("messages")) {
            assertEquals(Set.of("commitment", "routes"), names(m));
            assertEquals(32, B64.decode(m.get("commitment").asString()).length);
            seen.add(m.get("commitment").asString());
            assertEquals(4, m.get("routes").size());
            for (JsonNode r : m.get("routes")) {
                assertEquals(32, B64.decode(r.asString()).length);
                seen.add(r.asString());
            }
        }
        // random bytes throughout: no two values alike
        assertEquals(3 + 3 * 4, seen.size());
    }

    private static Set<String> names(JsonNode n) {
        return new HashSet<>(n.propertyNames());
    }
}
