package dev.franking.service.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Epoch keys in an HSM (or a KMS with a PKCS#11 interface) through the JDK's SunPKCS11 provider.
 * Each epoch key is generated inside the token as a sensitive, non-extractable AES-256 token object
 * labelled {@code franking-epoch:<epoch>}; wrapping and unwrapping are AES-GCM done by the token,
 * in the same layout as {@link DirectoryEpochKeyStore}; destroying deletes the object. The key
 * never exists outside the token, so neither this process nor a copy of its disk can bring it back.
 */
final class Pkcs11EpochKeyStore implements EpochKeyStore {
    static final String ALIAS_PREFIX = "franking-epoch:";
    private static final byte VERSION = 1;
    private static final int NONCE = 12;

    private final Provider provider;
    private final KeyStore keys;
    private final Supplier<byte[]> nonces;

    Pkcs11EpochKeyStore(Provider provider, char[] pin) {
        this(provider, pin, Aead::nonce);
    }

    Pkcs11EpochKeyStore(Provider provider, char[] pin, Supplier<byte[]> nonces) {
        this.provider = provider;
        this.nonces = nonces;
        try {
            this.keys = KeyStore.getInstance("PKCS11", provider);
            keys.load(null, pin);
        } catch (GeneralSecurityException | java.io.IOException e) {
            // the PIN is not in the message: the provider's own message names the failed call
            throw new IllegalStateException(
                    "cannot log in to the PKCS#11 token (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * A SunPKCS11 provider for {@code library}'s token in {@code slot} (or, if {@code slot} is
     * null, the token at {@code slotListIndex}), generating AES keys non-extractable.
     */
    static Provider provider(String library, Long slot, Integer slotListIndex) {
        StringBuilder cfg = new StringBuilder("--name = franking-epochs\n");
        cfg.append("library = ").append(library).append('\n');
        if (slot != null) {
            cfg.append("slot = ").append(slot).append('\n');
        } else {
            cfg.append("slotListIndex = ")
                    .append(slotListIndex == null ? 0 : slotListIndex)
                    .append('\n');
        }
        cfg.append("attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n")
                .append("  CKA_SENSITIVE = true\n")
                .append("  CKA_EXTRACTABLE = false\n")
                .append("}\n");
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("this JDK has no SunPKCS11 provider");
        }
        return base.configure(cfg.toString());
    }

    @Override
    public synchronized void create(String epoch) {
        String alias = alias(epoch);
        try {
            if (keys.containsAlias(alias)) {
                return;
            }
            KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
            gen.init(256);
            SecretKey sessionKey = gen.generateKey();
            // storing copies the session object into a token object with the alias as its label;
            // the copy keeps CKA_SENSITIVE and CKA_EXTRACTABLE = false
            keys.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot create the epoch key " + epoch + " in the token", e);
        }
    }

    @Override
    public byte[] wrap(String epoch, byte[] plain, String label) {
        create(epoch);
        byte[] nonce = nonces.get();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
            c.init(Cipher.ENCRYPT_MODE, key(epoch), new GCMParameterSpec(128, nonce));
            c.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[1 + NONCE + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token could not wrap under " + epoch, e);
        }
    }

    @Override
    public byte[] unwrap(String epoch, byte[] wrapped, String label) {
        if (wrapped == null || wrapped.length < 1 + NONCE + 16 || wrapped[0] != VERSION) {
            throw new IllegalStateException("not a sealed value of a known version");
        }
        Key key = key(epoch);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
            c.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(128, Arrays.copyOfRange(wrapped, 1, 1 + NONCE)));
            c.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(wrapped, 1 + NONCE, wrapped.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "sealed value does not decrypt under this key and context");
        }
    }

    @Override
    public synchronized boolean destroy(String epoch) {
        String alias = alias(epoch);
        try {
            if (!keys.containsAlias(alias)) {
                return false;
            }
            keys.deleteEntry(alias);
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot destroy the epoch key " + epoch, e);
        }
    }

    @Override
    public synchronized SortedSet<String> list() {
        SortedSet<String> epochs = new TreeSet<>();
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (alias.startsWith(ALIAS_PREFIX)
                        && Epochs.valid(alias.substring(ALIAS_PREFIX.length()))) {
                    epochs.add(alias.substring(ALIAS_PREFIX.length()));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot list the token's epoch keys", e);
        }
        return epochs;
    }

    /** The token's handle to {@code epoch}'s key (its bytes stay in the token). */
    synchronized Key key(String epoch) {
        try {
            Key k = keys.getKey(alias(epoch), null);
            if (k == null) {
                throw new EpochKeyGone(epoch);
            }
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the epoch key " + epoch, e);
        }
    }

    private static String alias(String epoch) {
        if (!Epochs.valid(epoch)) {
            throw new IllegalArgumentException("not an epoch name (YYYY-Www)");
        }
        return ALIAS_PREFIX + epoch;
    }

    @Override
    public String toString() {
        return "Pkcs11EpochKeyStore[" + provider.getName() + "]";
    }
}
