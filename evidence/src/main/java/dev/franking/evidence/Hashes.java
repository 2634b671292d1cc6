package dev.franking.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and MD5 of files, as lowercase hex (what {@code sha256sum} and {@code md5sum} print). */
final class Hashes {
    private Hashes() {}

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest sha512() {
        return digest("SHA-512");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this JDK", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    static String md5Hex(byte[] data) {
        return hex(md5().digest(data));
    }

    /**
     * The SHA-256 fingerprint of a DER encoding as colon-separated uppercase hex pairs, as {@code
     * openssl x509 -fingerprint} prints it.
     */
    static String fingerprint(byte[] der) {
        String h = HexFormat.of().withUpperCase().formatHex(sha256(der));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(h, i, i + 2);
        }
        return sb.toString();
    }

    /** Lowercase hex of a SHA-256 as colon-separated uppercase pairs. */
    static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex.substring(i, i + 2).toUpperCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    /**
     * A fingerprint as the user typed it (hex, with or without colons, any case) in plain lowercase
     * hex.
     */
    static String normaliseFingerprint(String typed) {
        String h = typed.replace(":", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "a SHA-256 fingerprint is 64 hex digits (colons allowed): " + typed);
        }
        return h;
    }
}
