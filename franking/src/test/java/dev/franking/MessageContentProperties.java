package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code content_bytes} (PROTOCOL.md §1) has exactly one parse: round trips, no trailing bytes, no
 * truncation. Seeded properties ({@link Tries}): the seed is in each try's name.
 */
@ExtendWith(Tries.SeedInFailure.class)
class MessageContentProperties {
    static LongStream roundTrip() {
        return Tries.seeds("v1.parseRoundTripsContentBytes", 500);
    }

    static LongStream trailing() {
        return Tries.seeds("v1.parseRejectsTrailingBytesAndTruncation", 500);
    }

    static LongStream b64() {
        return Tries.seeds("v1.b64RoundTripsAndIsCanonical", 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("roundTrip")
    void parseRoundTripsContentBytes(long seed) {
        MessageContent c = Gen.content(new Random(seed));
        byte[] bytes = c.contentBytes();
        MessageContent parsed = MessageContent.parse(bytes);
        assertThat(parsed).isEqualTo(c);
        assertThat(parsed.contentBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("trailing")
    void parseRejectsTrailingBytesAndTruncation(long seed) {
        Random r = new Random(seed);
        MessageContent c = Gen.content(r);
        int extra = 1 + r.nextInt(64);
        byte[] bytes = c.contentBytes();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        longer[bytes.length + r.nextInt(extra)] = (byte) r.nextInt(256);
        assertThatThrownBy(() -> MessageContent.parse(longer))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] cut = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        assertThatThrownBy(() -> MessageContent.parse(cut))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("b64")
    void b64RoundTripsAndIsCanonical(long seed) {
        Random r = new Random(seed);
        byte[] b = Gen.bytes(r, Gen.size(r, 0, 100));
        String s = B64.encode(b);
        assertThat(B64.decode(s)).isEqualTo(b);
    }
}
