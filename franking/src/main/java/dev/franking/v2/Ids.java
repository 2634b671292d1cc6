package dev.franking.v2;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks of PROTOCOL.md §0 on identifiers, content types, times and sizes. */
final class Ids {
    private Ids() {}

    /** 1..256 bytes of well-formed UTF-8. */
    static void checkId(String id, String what) {
        checkUtf8(id, 1, Limits.MAX_ID_BYTES, FailureCode.INVALID_ID, what);
    }

    /** 1..255 bytes of well-formed UTF-8. */
    static void checkContentType(String contentType, String what) {
        checkUtf8(
                contentType,
                1,
                Limits.MAX_CONTENT_TYPE_BYTES,
                FailureCode.INVALID_CONTENT_TYPE,
                what);
    }

    static void checkUtf8(String s, int min, int max, FailureCode code, String what) {
        if (s == null) {
            throw new LimitException(code, what + " is missing");
        }
        int n = utf8Length(s, code, what);
        if (n < min || n > max) {
            throw new LimitException(
                    code, what + " must be " + min + ".." + max + " bytes of UTF-8");
        }
    }

    /** The UTF-8 length; a lone surrogate has no UTF-8 form and is rejected. */
    static int utf8Length(String s, FailureCode code, String what) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new LimitException(code, what + " is not valid Unicode");
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The characters of a kid, {@code [A-Za-z0-9._-]}, by code (below 128). */
    private static final boolean[] KID_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            KID_CHARS[c] =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '-';
        }
    }

    /** 1..32 characters of {@code [A-Za-z0-9._-]}, without a regex on the hot path. */
    static boolean isKid(String s) {
        if (s == null || s.isEmpty() || s.length() > Limits.MAX_KID_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !KID_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    /** 0..2^53-1. */
    static void checkTime(long millis, String what) {
        if (millis < 0 || millis > Limits.MAX_SAFE_INTEGER) {
            throw new LimitException(
                    FailureCode.INVALID_TIME, what + " must be in 0..2^53-1 milliseconds");
        }
    }

    static String decodeUtf8(byte[] b, FailureCode code, String what) {
        boolean ascii = true;
        for (byte x : b) {
            ascii &= x >= 0;
        }
        if (ascii) {
            // the common case, without a CharsetDecoder per string: ASCII is valid UTF-8
            return new String(b, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LimitException(code, what + " is not valid UTF-8");
        }
    }

    static byte[] encodeUtf8(String s, FailureCode code, String what) {
        try {
            ByteBuffer buf =
                    StandardCharsets.UTF_8
                            .newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .encode(CharBuffer.wrap(s));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new LimitException(code, what + " is not valid Unicode");
        }
    }
}
