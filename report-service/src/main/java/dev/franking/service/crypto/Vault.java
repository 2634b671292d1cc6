package dev.franking.service.crypto;

import dev.franking.v2.FrankingKey;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.MessageContent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every encryption at rest, in one place: which key seals what, under which label (the associated
 * data), in which layout. A sealed value is {@code version(1) || nonce(12) || ciphertext ||
 * tag(16)} ({@link Aead}); the label binds it to its row, so a value moved to another row, or read
 * as another kind, does not open.
 *
 * <p>The labels and layouts are the on-disk format: rows already stored were sealed under them, so
 * they never change (a new layout gets a new label). {@code VaultTest} pins each one with a known
 * answer.
 *
 * <p>Three keys:
 *
 * <ul>
 *   <li>an epoch key ({@link EpochKeyStore}, never in PostgreSQL) wraps the keys that must die on a
 *       date: stamp keys, under the epoch of their expiry, and case data keys, under the epoch in
 *       which the case may next be destroyed (re-wrapped forward while it must live on). Its labels
 *       are prefixed {@code epoch:<epoch>:}; destroying the epoch key at the end of its week
 *       destroys every copy.
 *   <li>the key-encryption key ({@link Kek}) wraps the long-lived secrets: service secrets,
 *       destination credentials, and the directory store's epoch keys. Stamp keys and case data
 *       keys were wrapped under it before epochs; such rows are read only to be re-wrapped under
 *       their epoch at start. {@link LocalKek} prefixes every label with {@value #KEK}.
 *   <li>a case's data key (AES-256, itself wrapped under an epoch key) seals everything in the
 *       case: message content and franking keys, attachments, reporters' comments, moderators'
 *       notes, the facts of a statement of reasons, evidence packages, appellants' statements and
 *       the reasons appeals were decided. Destroying the wrapped data key crypto-shreds the case.
 * </ul>
 */
@Component
public final class Vault {
    /** Prefix {@link LocalKek} puts before every KEK label. */
    static final String KEK = "kek:";

    /**
     * Prefix of every label under an epoch key: {@code epoch:<epoch>:}, so a value wrapped under
     * one epoch does not open as another epoch's.
     */
    static final String EPOCH = "epoch:";

    // Epoch-wrapped (after the epoch prefix) and, before epochs, KEK-wrapped: label + row id
    /**
     * A stamp key's secret: {@code epoch:<epoch>:stamp-key:<kid>} under the epoch of its expiry;
     * rows from before epochs hold it under the KEK as {@code stamp-key:<kid>} (PROTOCOL.md §3).
     */
    static final String STAMP_KEY = "stamp-key:";

    /**
     * A case's data key: {@code epoch:<epoch>:case-data-key:<case id>} under an epoch key; rows
     * from before epochs hold it under the KEK as {@code case-data-key:<case id>}.
     */
    static final String CASE_DATA_KEY = "case-data-key:";

    // KEK-wrapped: label + row id
    /** An epoch key in the directory store: {@code epoch-key:<epoch>}. */
    static final String EPOCH_KEY = "epoch-key:";

    /** A service-wide secret in {@code service_secrets}: {@code secret:<name>}. */
    static final String SERVICE_SECRET = "secret:";

    /** A destination's credential (UTF-8): {@code destination:<destination id>}. */
    static final String DESTINATION_SECRET = "destination:";

    // Sealed under the case's data key: label + row id
    /**
     * An evidence item's content: {@code evidence-content:<item id>}; plaintext {@code
     * lp(content_bytes) || franking_key(32)}, lp a 4-byte big-endian length, content_bytes of
     * PROTOCOL.md v2 §1 (the label inside content_bytes tells v2 from the v1 rows stored before).
     */
    static final String CONTENT = "evidence-content:";

    /** An uploaded attachment, as uploaded: {@code evidence-attachment:<item id>:<n>}. */
    static final String ATTACHMENT = "evidence-attachment:";

    /** A reporter's comment (UTF-8): {@code report-comment:<report id>}. */
    static final String COMMENT = "report-comment:";

    /** A moderator's note (UTF-8): {@code case-note:<note id>}. */
    static final String NOTE = "case-note:";

    /** The facts of a decision's statement of reasons (UTF-8): {@code case-reasons:<case id>}. */
    static final String FACTS = "case-reasons:";

    /** A signed evidence package (the ZIP): {@code evidence-package:<package id>}. */
    static final String PACKAGE = "evidence-package:";

    /** An appellant's statement (UTF-8, PROTOCOL.md §7): {@code appeal-statement:<appeal id>}. */
    static final String APPEAL_STATEMENT = "appeal-statement:";

    /** The reason an appeal was upheld or reversed (UTF-8): {@code appeal-reason:<appeal id>}. */
    static final String APPEAL_REASON = "appeal-reason:";

    private static final int FRANKING_KEY_BYTES = 32;

    private final Kek kek;
    private final EpochKeyStore epochs;
    private final Supplier<byte[]> nonces;

    @Autowired
    Vault(Kek kek, EpochKeyStore epochs) {
        this(kek, epochs, Aead::nonce);
    }

    /** With a nonce source of the test's choosing: the known-answer tests' seam. */
    Vault(Kek kek, EpochKeyStore epochs, Supplier<byte[]> nonces) {
        this.kek = kek;
        this.epochs = epochs;
        this.nonces = nonces;
    }

    /** A fresh AES-256 key (a case's data key, a service secret). */
    public static byte[] newKey() {
        return Aead.newKey();
    }

    // ---- under an epoch key ------------------------------------------------------------------

    /** A stamp key wrapped under {@code epoch} (the epoch of its expiry: {@link Epochs#of}). */
    public byte[] wrapStampKey(String kid, String epoch, byte[] secret) {
        return epochs.wrap(epoch, secret, epochLabel(epoch, STAMP_KEY + kid));
    }

    /**
     * @throws EpochKeyGone once {@code epoch}'s key is destroyed: the stamp key is gone with it
     */
    public byte[] unwrapStampKey(String kid, String epoch, byte[] wrapped) {
        return epochs.unwrap(epoch, wrapped, epochLabel(epoch, STAMP_KEY + kid));
    }

    /** First byte of a case key wrapped under an epoch key; the KEK's values start with 1. */
    private static final byte CASE_KEY_UNDER_EPOCH = 2;

    /** An epoch's name in a wrapped case key: {@code YYYY-Www}, ASCII. */
    private static final int EPOCH_NAME_BYTES = 8;

    /**
     * A case's data key wrapped under {@code epoch}: {@code 0x02 || epoch(8, ASCII) ||
     * epoch-wrapped(version 1 || nonce || ciphertext || tag)}, label {@code
     * epoch:<epoch>:case-data-key:<case id>}. The value names its epoch so that whoever holds it
     * can unwrap it without asking which epoch ({@code cases.data_key_epoch} repeats it for the
     * re-wrap job, a CHECK keeps the two equal); the label binds the name, so an edited name does
     * not open.
     */
    public byte[] wrapCaseKey(UUID caseId, String epoch, byte[] dataKey) {
        if (!Epochs.valid(epoch)) {
            throw new IllegalArgumentException("not an epoch name (YYYY-Www)");
        }
        byte[] name = epoch.getBytes(StandardCharsets.US_ASCII);
        byte[] inner = epochs.wrap(epoch, dataKey, epochLabel(epoch, caseKeyLabel(caseId)));
        return ByteBuffer.allocate(1 + name.length + inner.length)
                .put(CASE_KEY_UNDER_EPOCH)
                .put(name)
                .put(inner)
                .array();
    }

    /**
     * A case's data key, from its wrapped value: under the epoch the value names, or (a row from
     * before epochs, until the job re-wraps it) under the KEK.
     *
     * @throws EpochKeyGone once that epoch's key is destroyed: the case's evidence is gone with it
     * @throws IllegalStateException if the value does not open as this case's key
     */
    public byte[] unwrapCaseKey(UUID caseId, byte[] wrapped) {
        String epoch = caseKeyEpoch(wrapped);
        if (epoch == null) {
            return kek.unwrap(wrapped, caseKeyLabel(caseId));
        }
        return epochs.unwrap(
                epoch,
                Arrays.copyOfRange(wrapped, 1 + EPOCH_NAME_BYTES, wrapped.length),
                epochLabel(epoch, caseKeyLabel(caseId)));
    }

    /**
     * The epoch a wrapped case key names; null for a key stored before epochs (under the KEK).
     *
     * @throws IllegalStateException if the value is neither
     */
    public static String caseKeyEpoch(byte[] wrapped) {
        if (wrapped != null && wrapped.length > 1 + EPOCH_NAME_BYTES) {
            if (wrapped[0] == CASE_KEY_UNDER_EPOCH) {
                String epoch = new String(wrapped, 1, EPOCH_NAME_BYTES, StandardCharsets.US_ASCII);
                if (Epochs.valid(epoch)) {
                    return epoch;
                }
            } else if (wrapped[0] == 1) {
                return null;
            }
        }
        throw new IllegalStateException("not a wrapped case key of a known layout");
    }

    /** The label of a value under an epoch key. */
    static String epochLabel(String epoch, String label) {
        return EPOCH + epoch + ":" + label;
    }

    // ---- under the KEK ---------------------------------------------------------------------

    /**
     * A stamp key stored before epochs, wrapped under the KEK: read only to re-wrap it under its
     * epoch.
     */
    public byte[] unwrapLegacyStampKey(String kid, byte[] wrapped) {
        return kek.unwrap(wrapped, STAMP_KEY + kid);
    }

    /** The label of an epoch key under the KEK (directory store). */
    static String epochKeyLabel(String epoch) {
        return EPOCH_KEY + epoch;
    }

    public byte[] wrapServiceSecret(String name, byte[] secret) {
        return kek.wrap(secret, SERVICE_SECRET + name);
    }

    public byte[] unwrapServiceSecret(String name, byte[] wrapped) {
        return kek.unwrap(wrapped, SERVICE_SECRET + name);
    }

    public byte[] wrapDestinationSecret(UUID destinationId, String secret) {
        return kek.wrap(utf8(secret), DESTINATION_SECRET + destinationId);
    }

    public String unwrapDestinationSecret(UUID destinationId, byte[] wrapped) {
        return text(kek.unwrap(wrapped, DESTINATION_SECRET + destinationId));
    }

    // ---- under a case's data key -----------------------------------------------------------

    /** An evidence item's stored content, opened: what the sender committed to, and the key. */
    public record StoredContent(MessageContent content, FrankingKey frankingKey) {}

    public byte[] sealContent(
            byte[] dataKey, UUID itemId, MessageContent content, FrankingKey key) {
        byte[] payload = contentLayout(content, key);
        try {
            return seal(dataKey, payload, contentLabel(itemId));
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    public StoredContent openContent(byte[] dataKey, UUID itemId, byte[] sealed) {
        byte[] plain = Aead.decrypt(dataKey, sealed, contentLabel(itemId));
        try {
            ByteBuffer payload = ByteBuffer.wrap(plain);
            byte[] contentBytes = new byte[payload.getInt()];
            payload.get(contentBytes);
            byte[] fk = new byte[FRANKING_KEY_BYTES];
            payload.get(fk);
            return new StoredContent(MessageContent.parse(contentBytes), FrankingKey.fromBytes(fk));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public byte[] sealAttachment(byte[] dataKey, UUID itemId, int n, byte[] blob) {
        return seal(dataKey, blob, ATTACHMENT + itemId + ":" + n);
    }

    public byte[] openAttachment(byte[] dataKey, UUID itemId, int n, byte[] sealed) {
        return Aead.decrypt(dataKey, sealed, ATTACHMENT + itemId + ":" + n);
    }

    public byte[] sealComment(byte[] dataKey, UUID reportId, String comment) {
        return seal(dataKey, utf8(comment), COMMENT + reportId);
    }

    public String openComment(byte[] dataKey, UUID reportId, byte[] sealed) {
        return text(Aead.decrypt(dataKey, sealed, COMMENT + reportId));
    }

    public byte[] sealNote(byte[] dataKey, UUID noteId, String note) {
        return seal(dataKey, utf8(note), NOTE + noteId);
    }

    public String openNote(byte[] dataKey, UUID noteId, byte[] sealed) {
        return text(Aead.decrypt(dataKey, sealed, NOTE + noteId));
    }

    public byte[] sealFacts(byte[] dataKey, UUID caseId, String facts) {
        return seal(dataKey, utf8(facts), FACTS + caseId);
    }

    public String openFacts(byte[] dataKey, UUID caseId, byte[] sealed) {
        return text(Aead.decrypt(dataKey, sealed, FACTS + caseId));
    }

    public byte[] sealPackage(byte[] dataKey, UUID packageId, byte[] zip) {
        return seal(dataKey, zip, PACKAGE + packageId);
    }

    public byte[] openPackage(byte[] dataKey, UUID packageId, byte[] sealed) {
        return Aead.decrypt(dataKey, sealed, PACKAGE + packageId);
    }

    public byte[] sealAppealStatement(byte[] dataKey, UUID appealId, String statement) {
        return seal(dataKey, utf8(statement), APPEAL_STATEMENT + appealId);
    }

    public String openAppealStatement(byte[] dataKey, UUID appealId, byte[] sealed) {
        return text(Aead.decrypt(dataKey, sealed, APPEAL_STATEMENT + appealId));
    }

    public byte[] sealAppealReason(byte[] dataKey, UUID appealId, String reason) {
        return seal(dataKey, utf8(reason), APPEAL_REASON + appealId);
    }

    public String openAppealReason(byte[] dataKey, UUID appealId, byte[] sealed) {
        return text(Aead.decrypt(dataKey, sealed, APPEAL_REASON + appealId));
    }

    // ---- for the report writer's batch, until it seals through the vault ----------------------
    // ReportWriter (owned by the intake rework) still calls Aead and the KEK itself with these;
    // they
    // are public for that one caller and go once it takes the vault's methods above.

    /** The label of a case's data key (after {@code epoch:<epoch>:}, or under the KEK). */
    private static String caseKeyLabel(UUID caseId) {
        return CASE_DATA_KEY + caseId;
    }

    /** The label of an evidence item's content under its case's data key. */
    private static String contentLabel(UUID itemId) {
        return CONTENT + itemId;
    }

    /** The plaintext layout of an evidence item's content: lp(content_bytes) || franking_key. */
    private static byte[] contentLayout(MessageContent c, FrankingKey key) {
        byte[] contentBytes = c.contentBytes();
        byte[] fk = key.toBytes(InsecureSecretAccess.get());
        return ByteBuffer.allocate(4 + contentBytes.length + fk.length)
                .putInt(contentBytes.length)
                .put(contentBytes)
                .put(fk)
                .array();
    }

    // ----------------------------------------------------------------------------------------

    private byte[] seal(byte[] dataKey, byte[] plain, String label) {
        return Aead.encrypt(dataKey, plain, label, nonces.get());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Vault[REDACTED]";
    }
}
