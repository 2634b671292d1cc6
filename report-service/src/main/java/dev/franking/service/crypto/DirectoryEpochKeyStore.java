package dev.franking.service.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The default epoch key store: a directory ({@code <data dir>/epoch-keys/}), one owner-only file
 * {@code <epoch>.key} per epoch holding the epoch key wrapped under the KEK (label {@link
 * Vault#epochKeyLabel}). Nothing is cached: every unwrap reads the file, so an epoch destroyed by
 * one instance is gone for every instance sharing the directory at once.
 *
 * <p>Destroying overwrites the file, syncs it, deletes it and syncs the directory, so that the
 * wrapped key does not survive in this store. (Copies of the directory made before, and the file
 * system's own journal, are outside its reach: in production the key store is an HSM.)
 */
final class DirectoryEpochKeyStore implements EpochKeyStore {
    private static final String SUFFIX = ".key";

    private final Path dir;
    private final Kek kek;
    private final Supplier<byte[]> nonces;
    private final Supplier<byte[]> newKeys;

    DirectoryEpochKeyStore(Path dir, Kek kek) {
        this(dir, kek, Aead::nonce, Aead::newKey);
    }

    /** With nonces and epoch keys of the test's choosing: the known-answer tests' seam. */
    DirectoryEpochKeyStore(Path dir, Kek kek, Supplier<byte[]> nonces, Supplier<byte[]> newKeys) {
        this.dir = dir.toAbsolutePath().normalize();
        this.kek = kek;
        this.nonces = nonces;
        this.newKeys = newKeys;
        try {
            if (!Files.isDirectory(this.dir)) {
                Files.createDirectories(this.dir);
                ownerOnly(this.dir, "rwx------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the epoch key directory", e);
        }
    }

    @Override
    public synchronized void create(String epoch) {
        Path file = file(epoch);
        if (Files.exists(file)) {
            return;
        }
        byte[] key = newKeys.get();
        Path tmp = dir.resolve(epoch + SUFFIX + "." + Long.toHexString(System.nanoTime()));
        try {
            Files.createFile(tmp);
            ownerOnly(tmp, "rw-------");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(kek.wrap(key, Vault.epochKeyLabel(epoch))));
                ch.force(true);
            }
            try {
                // link(2) fails if the name exists: of two instances creating the same epoch,
                // exactly one key wins and both use it
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException lost) {
                // another instance created it first
            } finally {
                Files.delete(tmp);
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the epoch key " + epoch, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] wrap(String epoch, byte[] plain, String label) {
        create(epoch);
        byte[] key = key(epoch);
        try {
            return Aead.encrypt(key, plain, label, nonces.get());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] unwrap(String epoch, byte[] wrapped, String label) {
        byte[] key = key(epoch);
        try {
            return Aead.decrypt(key, wrapped, label);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public synchronized boolean destroy(String epoch) {
        Path file = file(epoch);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ch.write(ByteBuffer.allocate((int) size), 0);
            ch.force(true);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot overwrite the epoch key " + epoch, e);
        }
        try {
            Files.delete(file);
            syncDirectory();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the epoch key " + epoch, e);
        }
    }

    @Override
    public SortedSet<String> list() {
        SortedSet<String> epochs = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String epoch = name.substring(0, name.length() - SUFFIX.length());
                if (Epochs.valid(epoch)) {
                    epochs.add(epoch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the epoch key directory", e);
        }
        return epochs;
    }

    private byte[] key(String epoch) {
        byte[] wrapped;
        try {
            wrapped = Files.readAllBytes(file(epoch));
        } catch (NoSuchFileException e) {
            throw new EpochKeyGone(epoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the epoch key " + epoch, e);
        }
        return kek.unwrap(wrapped, Vault.epochKeyLabel(epoch));
    }

    private Path file(String epoch) {
        if (!Epochs.valid(epoch)) {
            throw new IllegalArgumentException("not an epoch name (YYYY-Www)");
        }
        return dir.resolve(epoch + SUFFIX);
    }

    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own ACLs apply
        }
    }

    @Override
    public String toString() {
        return "DirectoryEpochKeyStore[" + dir + "]";
    }
}
