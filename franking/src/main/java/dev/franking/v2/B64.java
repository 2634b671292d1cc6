package dev.franking.v2;

import java.util.Base64;

/**
 * Base64url without padding (RFC 4648 §5), the encoding of every byte field in JSON (PROTOCOL.md
 * §0). Decoding accepts only the canonical form: the alphabet {@code A-Z a-z 0-9 - _}, no padding,
 * no whitespace, no length ≡ 1 (mod 4), no non-zero trailing bits. So one byte string has exactly
 * one encoding, and two encodings of one value cannot slip past a comparison of strings.
 */
public final class B64 {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private B64() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @throws LimitException {@link FailureCode#INVALID_BASE64} if {@code text} is missing or not
     *     canonical unpadded base64url
     */
    public static byte[] decode(String text) {
        return decode(text, FailureCode.INVALID_BASE64, "value");
    }

    /** Decodes, reporting a failure as {@code code} for the field {@code what}. */
    static byte[] decode(String text, FailureCode code, String what) {
        if (text == null) {
            throw new LimitException(code, what + " is missing");
        }
        int n = text.length();
        if (n % 4 == 1) {
            throw new LimitException(code, what + " is not base64url: invalid length");
        }
        byte[] out = new byte[n / 4 * 3 + Math.max(0, n % 4 - 1)];
        int bits = 0;
        int acc = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new LimitException(code, what + " is not base64url: invalid character");
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        if (acc != 0) {
            // the left-over bits of the last character must be zero: otherwise two strings would
            // decode to the same bytes
            throw new LimitException(code, what + " is not canonical base64url");
        }
        return out;
    }
}
