package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.MigratedSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A forwarding's status and a destination's kind are enums, and their CHECK constraints (read from
 * {@code pg_constraint} of a freshly migrated database) admit exactly the enums' values.
 */
class ForwardingStatesTest {
    @Test
    void forwardingStatusesMirrorTheirCheck() {
        assertThat(MigratedSchema.checkedValues("forwardings", "status"))
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ForwardingStatus.values())
                                .map(ForwardingStatus::wire)
                                .toList());
    }

    @Test
    void destinationKindsMirrorTheirCheck() {
        List<String> kinds =
                Arrays.stream(ForwardingService.Kind.values())
                        .map(k -> k.name().toLowerCase(Locale.ROOT))
                        .toList();
        assertThat(MigratedSchema.checkedValues("destinations", "kind"))
                .containsExactlyInAnyOrderElementsOf(kinds);
    }
}
