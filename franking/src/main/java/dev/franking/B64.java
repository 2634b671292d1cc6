package dev.franking;

import java.util.Base64;

/**
 * Base64url without padding (RFC 4648 §5), the encoding of every byte field in JSON (PROTOCOL.md
 * §0). Decoding is strict: padding, whitespace and the standard alphabet's {@code +} and {@code /}
 * are rejected, and so are non-canonical trailing bits, so that one byte string has exactly one
 * encoding.
 */
public final class B64 {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private B64() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not canonical unpadded base64url
     */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("base64url: missing");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '-'
                            || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("base64url: invalid character at offset " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("base64url: invalid length");
        }
        byte[] out = DECODER.decode(text);
        if (!ENCODER.encodeToString(out).equals(text)) {
            throw new IllegalArgumentException("base64url: non-canonical encoding");
        }
        return out;
    }
}
