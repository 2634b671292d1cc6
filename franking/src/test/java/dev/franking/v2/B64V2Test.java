package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The quad-at-a-time decoder accepts exactly the canonical strings (PROTOCOL.md §0): those that the
 * JDK's unpadded base64url encoder gives back unchanged after the JDK's decoder, and no other.
 */
class B64V2Test {
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void roundTripsEveryLength() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            assertThat(B64.decode(B64.encode(b))).isEqualTo(b);
        }
    }

    @Test
    void acceptsExactlyTheCanonicalStrings() {
        SplittableRandom r = new SplittableRandom(2);
        // mostly alphabet characters, sometimes one of the forms §0 refuses
        String extra = "=+/ \n\u00e9\u0000";
        int accepted = 0;
        for (int k = 0; k < 200_000; k++) {
            int n = r.nextInt(12);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(
                        r.nextInt(40) == 0
                                ? extra.charAt(r.nextInt(extra.length()))
                                : ALPHABET.charAt(r.nextInt(64)));
            }
            String s = sb.toString();
            boolean canonical;
            try {
                byte[] jdk = Base64.getUrlDecoder().decode(s);
                canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(jdk).equals(s);
            } catch (IllegalArgumentException e) {
                canonical = false;
            }
            if (canonical) {
                accepted++;
                assertThat(B64.decode(s)).as(s).isEqualTo(Base64.getUrlDecoder().decode(s));
            } else {
                assertThatThrownBy(() -> B64.decode(s)).as(s).isInstanceOf(LimitException.class);
            }
        }
        assertThat(accepted).isGreaterThan(10_000);
    }
}
