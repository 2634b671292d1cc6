package dev.franking;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks of PROTOCOL.md §0 on identifiers, content types and times. */
final class Ids {
    private Ids() {}

    /** 1..256 bytes of well-formed UTF-8; returns the bytes. */
    static byte[] checkId(String id, String what) {
        if (id == null || id.isEmpty()) {
            throw new LimitException(
                    FailureCode.INVALID_ID,
                    what + " must be 1.." + Limits.MAX_ID_BYTES + " bytes of UTF-8");
        }
        byte[] b = utf8(id, FailureCode.INVALID_ID, what);
        if (b.length > Limits.MAX_ID_BYTES) {
            throw new LimitException(
                    FailureCode.INVALID_ID,
                    what + " must be 1.." + Limits.MAX_ID_BYTES + " bytes of UTF-8");
        }
        return b;
    }

    static byte[] checkContentType(String contentType, String what) {
        if (contentType == null) {
            throw new LimitException(FailureCode.CONTENT_TYPE_TOO_LONG, what + " is missing");
        }
        byte[] b = utf8(contentType, FailureCode.CONTENT_TYPE_TOO_LONG, what);
        if (b.length > Limits.MAX_CONTENT_TYPE_BYTES) {
            throw new LimitException(
                    FailureCode.CONTENT_TYPE_TOO_LONG,
                    what + " must be at most " + Limits.MAX_CONTENT_TYPE_BYTES + " bytes");
        }
        return b;
    }

    static void checkTime(long millis, String what) {
        if (millis < 0) {
            throw new LimitException(
                    FailureCode.INVALID_TIME,
                    what + " must be milliseconds since the epoch, not negative");
        }
    }

    /** Strict UTF-8: a string holding a lone surrogate has no UTF-8 form and is rejected. */
    static byte[] utf8(String s, FailureCode code, String what) {
        try {
            var buf =
                    StandardCharsets.UTF_8
                            .newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new LimitException(code, what + " is not valid Unicode");
        }
    }

    static String decodeUtf8(byte[] b, FailureCode code, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LimitException(code, what + " is not valid UTF-8");
        }
    }
}
