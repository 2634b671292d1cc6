package dev.franking.service.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.franking.v2.Commitment;
import dev.franking.v2.FrankingKey;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.MessageContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk format: every label and layout the vault seals under, with a fixed key and
 * nonce, gives the ciphertext computed independently (AES-256-GCM in Python's {@code cryptography}
 * over the labels as DESIGN.md and the schema comments name them). A changed label or layout would
 * make every stored row unreadable, so it fails here first. And each kind refuses to open as any
 * other kind, even for the same row id.
 */
class VaultTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEK = range(0, 32);
    private static final byte[] DATA_KEY = range(32, 64);
    private static final byte[] NONCE = range(0xA0, 0xAC);
    private static final UUID CASE = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID ITEM = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final UUID REPORT = UUID.fromString("00000000-0000-4000-8000-000000000003");
    private static final UUID NOTE = UUID.fromString("00000000-0000-4000-8000-000000000004");
    private static final UUID PACKAGE = UUID.fromString("00000000-0000-4000-8000-000000000005");
    private static final UUID DESTINATION = UUID.fromString("00000000-0000-4000-8000-000000000006");
    private static final UUID APPEAL = UUID.fromString("00000000-0000-4000-8000-000000000007");
    private static final String PREFIX = "01a0a1a2a3a4a5a6a7a8a9aaab"; // version 1 || the nonce

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static final byte[] EPOCH_KEY = filled(0x55);
    private static final String EPOCH = "2026-W49";

    @TempDir static Path epochDir;

    /** A directory epoch store whose every epoch key is {@link #EPOCH_KEY}. */
    private static DirectoryEpochKeyStore epochs(Supplier<byte[]> nonces) {
        try {
            return new DirectoryEpochKeyStore(
                    Files.createTempDirectory(epochDir, "epochs"),
                    new LocalKek(KEK, nonces),
                    nonces,
                    EPOCH_KEY::clone);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Vault fixedVault() {
        Supplier<byte[]> nonces = NONCE::clone;
        return new Vault(new LocalKek(KEK, nonces), epochs(nonces), nonces);
    }

    private static Vault vault() {
        return new Vault(new LocalKek(KEK), epochs(Aead::nonce));
    }

    private static final MessageContent CONTENT =
            new MessageContent(
                    "m1",
                    "alice",
                    "c1",
                    1767225600000L,
                    List.of(Commitment.fromBytes(filled(0x77))),
                    "text/plain",
                    "hello".getBytes(StandardCharsets.UTF_8),
                    List.of());

    private static void pinned(String expectedHex, byte[] sealed) {
        assertEquals(expectedHex, HEX.formatHex(sealed));
    }

    @Test
    void epochLabelsArePinned() throws Exception {
        Supplier<byte[]> nonces = NONCE::clone;
        DirectoryEpochKeyStore store = epochs(nonces);
        Vault v = new Vault(new LocalKek(KEK, nonces), store, nonces);
        // a stamp key under the epoch of its expiry
        pinned(
                PREFIX
                        + "0a4557b287105a7c2dfcca5514e2c11e527c1230fa4871c486e1ae2ef23116dbe79f2306e4d7f2efb5ff6b0a64891ef8",
                v.wrapStampKey("k1", EPOCH, filled(0x11)));
        // a case's data key under an epoch: 0x02 || the epoch's name || the epoch-wrapped key
        pinned(
                "02"
                        + HEX.formatHex(EPOCH.getBytes(StandardCharsets.US_ASCII))
                        + PREFIX
                        + "3b756480b2246d4a14c4f16f29defe20735c3112df6c56e2afc98504df1d39f5f736b0ea87d50d196f10cdbf7665dee5",
                v.wrapCaseKey(CASE, EPOCH, DATA_KEY));
        // the epoch key itself, as the directory store keeps it under the KEK
        pinned(
                PREFIX
                        + "b34d2978109e57ea3730d286522f958b25f90c45c7e21739c95b73d32afe20543ad311d5486f0935dc517e4b4feff0b9",
                new LocalKek(KEK, nonces).wrap(EPOCH_KEY, Vault.epochKeyLabel(EPOCH)));
        assertEquals(List.of(EPOCH), List.copyOf(store.list()));
    }

    @Test
    void kekLabelsArePinned() {
        Vault v = fixedVault();
        // stamp keys from before epochs: only read (to be re-wrapped), never written
        byte[] legacyStampKey =
                HEX.parseHex(
                        PREFIX
                                + "f7096d3c54da13ae737496c2166bd1cf61bd480183a6537d8d1f37976eba6410049e9298031833c86b6237db6f06a0ff");
        pinned(
                HEX.formatHex(legacyStampKey),
                new LocalKek(KEK, NONCE::clone).wrap(filled(0x11), Vault.STAMP_KEY + "k1"));
        assertArrayEquals(filled(0x11), v.unwrapLegacyStampKey("k1", legacyStampKey));
        // case keys from before epochs: only read (to be re-wrapped), never written
        byte[] legacyCaseKey =
                HEX.parseHex(
                        PREFIX
                                + "c6395e0e61ee24984a4cadf82b57eef1409d6b23a682745ba4371cbd43964b3ee9b4260bd642b68c95aa2b4779530c1c");
        pinned(
                HEX.formatHex(legacyCaseKey),
                new LocalKek(KEK, NONCE::clone).wrap(DATA_KEY, Vault.CASE_DATA_KEY + CASE));
        assertArrayEquals(DATA_KEY, v.unwrapCaseKey(CASE, legacyCaseKey));
        assertEquals(null, Vault.caseKeyEpoch(legacyCaseKey));
        pinned(
                PREFIX
                        + "c43a5e0f67e9209d4047a5f12558e2fc528e7b32b095604ebe2c04a45d8957239f5b632d85bd5442f602ded8a40bfebc",
                v.wrapServiceSecret("pseudonym-key", filled(0x22)));
        pinned(
                PREFIX + "8e6d125920b930921204f4a07015b2babafd02fdd779a8aeb14db493b71b6722",
                v.wrapDestinationSecret(DESTINATION, "hunter2-password"));
    }

    @Test
    void dataKeyLabelsAndLayoutsArePinned() {
        Vault v = fixedVault();
        pinned(
                PREFIX
                        + "7e3ca447c4d780b9c75accd44d3418c1be09f3285fdb48566afcbff9d366ad952e553db403c8af13a987d3ed4e74fecf76537ab7815f186f716e986df8b18ab52f10a5fbd6ab1fa67334c42ff822fe1d1add490a55599f888de348c30e462b5b402ba644c245322d6a0f02ded653ae87c1c01d0087e261f66e260dd9965e2a7b740e55c762c547c85663e45f5e602dadb9f3cc63a80a2277f57e74f0d4e22443c53e1ed6b13f87",
                v.sealContent(DATA_KEY, ITEM, CONTENT, FrankingKey.fromBytes(filled(0x33))));
        pinned(
                PREFIX + "1f48d055a7bfedcfcf5c8dd85f2913d537567b2e0d2f27caa3644bf7e80f1194",
                v.sealAttachment(
                        DATA_KEY, ITEM, 2, "attachment bytes".getBytes(StandardCharsets.UTF_8)));
        pinned(
                PREFIX + "1f1cc75ba9bae5c4d50a0dbd5e7dad042228648964423d3b9f",
                v.sealComment(DATA_KEY, REPORT, "a comment"));
        pinned(
                PREFIX + "1f1cca5bb0b28f81532efa571eee82311cdabb0b9e28",
                v.sealNote(DATA_KEY, NOTE, "a note"));
        pinned(
                PREFIX + "0a54c114a2b6e3ded2f57bfef801ee50c5170aae08b4ba0258",
                v.sealFacts(DATA_KEY, CASE, "the facts"));
        pinned(
                PREFIX + "2e77894eada739e9c1868f3514f9cfcb5c4cc2d841b1",
                v.sealPackage(DATA_KEY, PACKAGE, "PK-zip".getBytes(StandardCharsets.UTF_8)));
        pinned(
                PREFIX + "1f528455b4a7e5cbcd98ec4b0f61af3b02d989d8769d1879b0",
                v.sealAppealStatement(DATA_KEY, APPEAL, "an appeal"));
        pinned(
                PREFIX + "0a54c114b6b2e1d9ce46ae4e44f79af96fc5ce6f083fc60d76e3",
                v.sealAppealReason(DATA_KEY, APPEAL, "the reason"));
    }

    /** Rows written before the vault existed open through it: the pinned bytes round-trip. */
    @Test
    void pinnedBytesOpen() {
        Vault v = vault(); // random nonces: opening needs no seam
        byte[] content =
                HEX.parseHex(
                        PREFIX
                                + "7e3ca447c4d780b9c75accd44d3418c1be09f3285fdb48566afcbff9d366ad952e553db403c8af13a987d3ed4e74fecf76537ab7815f186f716e986df8b18ab52f10a5fbd6ab1fa67334c42ff822fe1d1add490a55599f888de348c30e462b5b402ba644c245322d6a0f02ded653ae87c1c01d0087e261f66e260dd9965e2a7b740e55c762c547c85663e45f5e602dadb9f3cc63a80a2277f57e74f0d4e22443c53e1ed6b13f87");
        Vault.StoredContent opened = v.openContent(DATA_KEY, ITEM, content);
        assertEquals(CONTENT, opened.content());
        assertArrayEquals(filled(0x33), opened.frankingKey().toBytes(InsecureSecretAccess.get()));
        assertArrayEquals(
                DATA_KEY,
                v.unwrapCaseKey(
                        CASE,
                        HEX.parseHex(
                                PREFIX
                                        + "c6395e0e61ee24984a4cadf82b57eef1409d6b23a682745ba4371cbd43964b3ee9b4260bd642b68c95aa2b4779530c1c")));
        assertEquals(
                "a comment",
                v.openComment(
                        DATA_KEY,
                        REPORT,
                        HEX.parseHex(
                                PREFIX + "1f1cc75ba9bae5c4d50a0dbd5e7dad042228648964423d3b9f")));
        assertEquals(
                "hunter2-password",
                v.unwrapDestinationSecret(
                        DESTINATION,
                        HEX.parseHex(
                                PREFIX
                                        + "8e6d125920b930921204f4a07015b2babafd02fdd779a8aeb14db493b71b6722")));
    }

    /** One kind of sealed value: how to seal it and how to open it, all for the same row id. */
    private record Kind(String name, Supplier<byte[]> seal, Function<byte[], Object> open) {}

    private static List<Kind> kinds(Vault v, UUID id) {
        List<Kind> k = new ArrayList<>();
        String kid = id.toString();
        k.add(
                new Kind(
                        "stamp key",
                        () -> v.wrapStampKey(kid, EPOCH, filled(1)),
                        s -> v.unwrapStampKey(kid, EPOCH, s)));
        k.add(
                new Kind(
                        "stamp key of another epoch",
                        () -> v.wrapStampKey(kid, "2026-W50", filled(1)),
                        s -> v.unwrapStampKey(kid, "2026-W50", s)));
        k.add(
                new Kind(
                        "legacy stamp key",
                        () -> new LocalKek(KEK).wrap(filled(1), Vault.STAMP_KEY + kid),
                        s -> v.unwrapLegacyStampKey(kid, s)));
        k.add(
                new Kind(
                        "case key",
                        () -> v.wrapCaseKey(id, EPOCH, filled(2)),
                        s -> v.unwrapCaseKey(id, s)));
        k.add(
                new Kind(
                        "service secret",
                        () -> v.wrapServiceSecret(kid, filled(3)),
                        s -> v.unwrapServiceSecret(kid, s)));
        k.add(
                new Kind(
                        "destination secret",
                        () -> v.wrapDestinationSecret(id, "secret"),
                        s -> v.unwrapDestinationSecret(id, s)));
        // the data-key kinds are sealed under the KEK's key here, so that a KEK label is no
        // different from them but for the label itself
        k.add(
                new Kind(
                        "content",
                        () -> v.sealContent(KEK, id, CONTENT, FrankingKey.fromBytes(filled(4))),
                        s -> v.openContent(KEK, id, s)));
        k.add(
                new Kind(
                        "attachment",
                        () -> v.sealAttachment(KEK, id, 0, filled(5)),
                        s -> v.openAttachment(KEK, id, 0, s)));
        k.add(
                new Kind(
                        "comment",
                        () -> v.sealComment(KEK, id, "comment"),
                        s -> v.openComment(KEK, id, s)));
        k.add(new Kind("note", () -> v.sealNote(KEK, id, "note"), s -> v.openNote(KEK, id, s)));
        k.add(new Kind("facts", () -> v.sealFacts(KEK, id, "facts"), s -> v.openFacts(KEK, id, s)));
        k.add(
                new Kind(
                        "package",
                        () -> v.sealPackage(KEK, id, filled(6)),
                        s -> v.openPackage(KEK, id, s)));
        k.add(
                new Kind(
                        "appeal statement",
                        () -> v.sealAppealStatement(KEK, id, "statement"),
                        s -> v.openAppealStatement(KEK, id, s)));
        k.add(
                new Kind(
                        "appeal reason",
                        () -> v.sealAppealReason(KEK, id, "reason"),
                        s -> v.openAppealReason(KEK, id, s)));
        return k;
    }

    @Test
    void eachKindOpensOnlyAsItself() {
        Vault v = vault();
        UUID id = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
        List<Kind> kinds = kinds(v, id);
        for (Kind sealedAs : kinds) {
            byte[] sealed = sealedAs.seal().get();
            for (Kind openedAs : kinds) {
                if (openedAs == sealedAs) {
                    openedAs.open().apply(sealed); // opens
                } else {
                    assertThrows(
                            IllegalStateException.class,
                            () -> openedAs.open().apply(sealed),
                            sealedAs.name() + " must not open as " + openedAs.name());
                }
            }
        }
    }

    @Test
    void aValueDoesNotMoveToAnotherRow() {
        Vault v = vault();
        byte[] note = v.sealNote(DATA_KEY, NOTE, "a note");
        assertThrows(IllegalStateException.class, () -> v.openNote(DATA_KEY, REPORT, note));
        byte[] key = v.wrapCaseKey(CASE, EPOCH, DATA_KEY);
        assertThrows(IllegalStateException.class, () -> v.unwrapCaseKey(ITEM, key));
    }

    /**
     * A case key names its epoch; the name is bound by the label, so pointing it at another epoch
     * (whose key also exists) does not open it, and once its epoch is destroyed it is gone.
     */
    @Test
    void aCaseKeyOpensOnlyUnderTheEpochItNames() {
        Vault v = vault();
        byte[] key = v.wrapCaseKey(CASE, EPOCH, DATA_KEY);
        assertEquals(EPOCH, Vault.caseKeyEpoch(key));
        assertArrayEquals(DATA_KEY, v.unwrapCaseKey(CASE, key));
        v.wrapCaseKey(CASE, "2026-W50", DATA_KEY); // that epoch has a key too (the same, here)
        byte[] moved = key.clone();
        System.arraycopy("2026-W50".getBytes(StandardCharsets.US_ASCII), 0, moved, 1, 8);
        assertEquals("2026-W50", Vault.caseKeyEpoch(moved));
        assertThrows(IllegalStateException.class, () -> v.unwrapCaseKey(CASE, moved));
        // neither a KEK value nor junk is a case key of a known layout
        assertThrows(IllegalStateException.class, () -> Vault.caseKeyEpoch(new byte[] {3, 1, 2}));
        byte[] bad = key.clone();
        bad[5] = 'x';
        assertThrows(IllegalStateException.class, () -> Vault.caseKeyEpoch(bad));
        assertThrows(
                IllegalArgumentException.class, () -> v.wrapCaseKey(CASE, "2026-49", DATA_KEY));
    }

    @Test
    void aCaseKeyDiesWithItsEpoch() throws Exception {
        DirectoryEpochKeyStore store =
                new DirectoryEpochKeyStore(
                        Files.createTempDirectory(epochDir, "dies"), new LocalKek(KEK));
        Vault v = new Vault(new LocalKek(KEK), store);
        byte[] key = v.wrapCaseKey(CASE, EPOCH, DATA_KEY);
        assertArrayEquals(DATA_KEY, v.unwrapCaseKey(CASE, key));
        store.destroy(EPOCH);
        assertThrows(EpochKeyGone.class, () -> v.unwrapCaseKey(CASE, key));
        // and the KEK, under the label case keys had before epochs, does not open it either
        assertThrows(
                IllegalStateException.class,
                () -> new LocalKek(KEK).unwrap(key, Vault.CASE_DATA_KEY + CASE));
    }
}
