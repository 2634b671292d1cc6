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

    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
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
        // four characters at a time: any character outside the alphabet makes the OR of the four
        // values negative, so there is one test per quad, not a branch per bit group (this was
        // the largest item of a report verification's profile)
        int i = 0;
        int o = 0;
        for (int end = n - n % 4; i < end; i += 4) {
            int a = value(text.charAt(i));
            int b = value(text.charAt(i + 1));
            int c = value(text.charAt(i + 2));
            int d = value(text.charAt(i + 3));
            if ((a | b | c | d) < 0) {
                throw new LimitException(code, what + " is not base64url: invalid character");
            }
            int v = a << 18 | b << 12 | c << 6 | d;
            out[o] = (byte) (v >>> 16);
            out[o + 1] = (byte) (v >>> 8);
            out[o + 2] = (byte) v;
            o += 3;
        }
        int rest = n - i;
        if (rest > 0) {
            int a = value(text.charAt(i));
            int b = value(text.charAt(i + 1));
            int c = rest == 3 ? value(text.charAt(i + 2)) : 0;
            if ((a | b | c) < 0) {
                throw new LimitException(code, what + " is not base64url: invalid character");
            }
            // the left-over bits of the last character must be zero: otherwise two strings would
            // decode to the same bytes
            if (rest == 2 ? (b & 0x0f) != 0 : (c & 0x03) != 0) {
                throw new LimitException(code, what + " is not canonical base64url");
            }
            int v = a << 18 | b << 12 | c << 6;
            out[o] = (byte) (v >>> 16);
            if (rest == 3) {
                out[o + 1] = (byte) (v >>> 8);
            }
        }
        return out;
    }
}
