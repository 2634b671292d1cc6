package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code content_bytes} (PROTOCOL.md §1) has exactly one parse: round trips, no trailing bytes, no
 * truncation.
 */
class MessageContentProperties {
    @Provide
    Arbitrary<MessageContent> contents() {
        return Gen.contents();
    }

    @Property(tries = 500)
    void parseRoundTripsContentBytes(@ForAll("contents") MessageContent c) {
        byte[] bytes = c.contentBytes();
        MessageContent parsed = MessageContent.parse(bytes);
        assertThat(parsed).isEqualTo(c);
        assertThat(parsed.contentBytes()).isEqualTo(bytes);
    }

    @Property(tries = 500)
    void parseRejectsTrailingBytesAndTruncation(
            @ForAll("contents") MessageContent c,
            @ForAll @IntRange(min = 1, max = 64) int extra,
            @ForAll Random r) {
        byte[] bytes = c.contentBytes();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        longer[bytes.length + r.nextInt(extra)] = (byte) r.nextInt(256);
        assertThatThrownBy(() -> MessageContent.parse(longer))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] cut = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        assertThatThrownBy(() -> MessageContent.parse(cut))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void b64RoundTripsAndIsCanonical(@ForAll byte[] b) {
        String s = B64.encode(b);
        assertThat(B64.decode(s)).isEqualTo(b);
    }
}
