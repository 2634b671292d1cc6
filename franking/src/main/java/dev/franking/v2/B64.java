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
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
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
        if (n == 0) {
            return new byte[0];
        }
        // The JDK's url-safe decoder refuses every character outside A-Z a-z 0-9 - _ (whitespace,
        // '+' and '/' included; a character beyond Latin-1 becomes '?' first) and accepts '='
        // only as padding at the very end; it is a third faster than a decoder written here
        // (the largest item of a report verification's profile). What it lets through that §0
        // refuses is checked here: padding, and non-zero bits left over in the last character.
        if (text.charAt(n - 1) == '=') {
            throw new LimitException(code, what + " is not base64url: padding");
        }
        int rest = n % 4;
        if (rest != 0) {
            int last = value(text.charAt(n - 1));
            // rest 2: the last character carries 2 bits of data, 4 left over; rest 3: 4 and 2
            if (last < 0 || (last & (rest == 2 ? 0x0f : 0x03)) != 0) {
                throw new LimitException(code, what + " is not canonical base64url");
            }
        }
        try {
            return DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new LimitException(code, what + " is not base64url: invalid character");
        }
    }
}
