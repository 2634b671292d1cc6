package dev.franking.service.forwarding.destinations;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file of a CyberTipline report: uploaded with {@code /upload}, then described with {@code
 * /fileinfo}.
 *
 * <p>The hashes are checked against the bytes here, so a report never claims a hash that the
 * uploaded file does not have. {@code viewedByPlatform} becomes {@code fileViewedByEsp}: it must be
 * true only if the audit log shows a person at the platform opened the file, and then {@code
 * viewedAt} says when (sent in the file's {@code additionalInfo}, as the schema has no element for
 * it).
 *
 * @param name the name the platform gives the file in the report ({@code fileName}: the upload's
 *     name), never passed off as the user's
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 * @param md5 lower-case hex MD5 of {@code bytes}
 * @param publiclyAvailable {@code publiclyAvailable}: false for end-to-end encrypted messages
 * @param originalFileName {@code originalFileName}: the name the user gave the file, only when the
 *     platform knows it (null: omitted; an end-to-end encrypted attachment carries none)
 * @param uploadedToEsp {@code uploadedToEspTimestamp}: when the platform received the file (the
 *     message's stamp time, the platform's clock); null when it was never uploaded by a user
 * @param relevance {@code fileRelevance}
 */
public record FileToUpload(
        String name,
        byte[] bytes,
        String sha256,
        String md5,
        boolean viewedByPlatform,
        Instant viewedAt,
        boolean publiclyAvailable,
        String originalFileName,
        Instant uploadedToEsp,
        Relevance relevance) {

    /** NCMEC's {@code fileRelevance} enumeration (exact strings). */
    public enum Relevance {
        /** A file of the reported content itself. */
        REPORTED("Reported"),
        /** Context for the reported content (other messages, the platform's evidence package). */
        SUPPLEMENTAL_REPORTED("Supplemental Reported");

        private final String xml;

        Relevance(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    public FileToUpload {
        CyberTiplineReport.requireText(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        if (!hex("SHA-256", bytes).equals(sha256)) {
            throw new IllegalArgumentException("sha256 does not match the file's bytes");
        }
        if (!hex("MD5", bytes).equals(md5)) {
            throw new IllegalArgumentException("md5 does not match the file's bytes");
        }
        Objects.requireNonNull(relevance, "relevance");
        if (originalFileName != null && originalFileName.isBlank()) {
            throw new IllegalArgumentException("originalFileName is null or a name");
        }
        if (viewedByPlatform != (viewedAt != null)) {
            throw new IllegalArgumentException(
                    "viewedAt is given exactly when viewedByPlatform is true");
        }
    }

    /**
     * A reported file of unknown upload time and original name. {@code viewedAt} is null when
     * nobody at the platform viewed the file.
     */
    public static FileToUpload of(String name, byte[] bytes, Instant viewedAt) {
        return of(name, bytes, viewedAt, null, Relevance.REPORTED);
    }

    /**
     * Computes the hashes. {@code viewedAt} is null when nobody at the platform viewed the file;
     * {@code uploadedToEsp} null when no user uploaded it. The original name stays unknown.
     */
    public static FileToUpload of(
            String name,
            byte[] bytes,
            Instant viewedAt,
            Instant uploadedToEsp,
            Relevance relevance) {
        return new FileToUpload(
                name,
                bytes,
                hex("SHA-256", bytes),
                hex("MD5", bytes),
                viewedAt != null,
                viewedAt,
                false,
                null,
                uploadedToEsp,
                relevance);
    }

    /**
     * Stable identity for {@link ProgressStore}: the same file in the same list maps to the same
     * key after a restart.
     */
    public String key() {
        return sha256 + ":" + name;
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileToUpload f
                && f.key().equals(key())
                && f.viewedByPlatform == viewedByPlatform
                && Objects.equals(f.viewedAt, viewedAt)
                && f.publiclyAvailable == publiclyAvailable
                && Objects.equals(f.originalFileName, originalFileName)
                && Objects.equals(f.uploadedToEsp, uploadedToEsp)
                && f.relevance == relevance;
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "FileToUpload[size="
                + bytes.length
                + ", sha256="
                + sha256
                + ", viewedByPlatform="
                + viewedByPlatform
                + "]";
    }
}
