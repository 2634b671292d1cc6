package dev.franking.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.Provider;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 epoch key store against SoftHSM2: a fresh token in a directory under {@code target/}
 * (the surefire JVM's {@code SOFTHSM2_CONF} points at this test's configuration file, which it
 * writes before the library is loaded). CI installs softhsm2 ({@code .ci/run}).
 */
class Pkcs11EpochKeyStoreTest {
    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "4711-franking";
    static final byte[] SECRET =
            "thirty-two bytes of stamp secret".getBytes(StandardCharsets.UTF_8);

    static Provider provider;

    @BeforeAll
    static void freshToken() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF (set by the surefire configuration)").isNotBlank();
        assertThat(Path.of(LIBRARY))
                .as("softhsm2 is installed (apt-get install softhsm2)")
                .exists();
        Path tokens =
                Files.createTempDirectory(
                        Files.createDirectories(Path.of(conf).toAbsolutePath().getParent()),
                        "tokens");
        Files.writeString(
                Path.of(conf),
                "directories.tokendir = "
                        + tokens.toAbsolutePath()
                        + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process p =
                new ProcessBuilder(
                                "softhsm2-util",
                                "--init-token",
                                "--free",
                                "--label",
                                "franking-epochs",
                                "--so-pin",
                                "so-" + PIN,
                                "--pin",
                                PIN)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        provider = Pkcs11EpochKeyStore.provider(LIBRARY, Long.parseLong(m.group(1)), null);
    }

    @Test
    void epochKeysLiveInTheTokenAndDieThere() {
        Pkcs11EpochKeyStore store = new Pkcs11EpochKeyStore(provider, PIN.toCharArray());
        byte[] wrapped = store.wrap("2026-W49", SECRET, "epoch:2026-W49:stamp-key:k1");
        assertThat(wrapped[0]).isEqualTo((byte) 1);
        assertThat(wrapped).hasSize(1 + 12 + SECRET.length + 16);
        assertThat(store.list()).containsExactly("2026-W49");
        assertThat(store.unwrap("2026-W49", wrapped, "epoch:2026-W49:stamp-key:k1"))
                .isEqualTo(SECRET);

        // generated in the token, sensitive and non-extractable: its bytes never leave it
        Key key = store.key("2026-W49");
        assertThat(key.getEncoded()).isNull();

        // a second login (another instance, a restart) finds the same key
        Pkcs11EpochKeyStore again = new Pkcs11EpochKeyStore(provider, PIN.toCharArray());
        again.create("2026-W49");
        assertThat(again.list()).containsExactly("2026-W49");
        assertThat(again.unwrap("2026-W49", wrapped, "epoch:2026-W49:stamp-key:k1"))
                .isEqualTo(SECRET);

        // tampering: wrong label, flipped bit, another epoch
        assertThatThrownBy(() -> store.unwrap("2026-W49", wrapped, "epoch:2026-W49:stamp-key:k2"))
                .isInstanceOf(IllegalStateException.class);
        byte[] flipped = wrapped.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> store.unwrap("2026-W49", flipped, "epoch:2026-W49:stamp-key:k1"))
                .isInstanceOf(IllegalStateException.class);
        store.create("2026-W50");
        assertThatThrownBy(() -> store.unwrap("2026-W50", wrapped, "epoch:2026-W49:stamp-key:k1"))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(EpochKeyGone.class);

        // the janitor destroys the ended epoch in the token: the wrapped value is gone for good
        EpochKeyJanitor janitor = new EpochKeyJanitor(store, java.time.Clock.systemUTC());
        assertThat(janitor.destroyEnded(Epochs.end("2026-W49"))).containsExactly("2026-W49");
        assertThat(store.list()).containsExactly("2026-W50");
        assertThatThrownBy(() -> store.unwrap("2026-W49", wrapped, "epoch:2026-W49:stamp-key:k1"))
                .isInstanceOf(EpochKeyGone.class);
        Pkcs11EpochKeyStore afterwards = new Pkcs11EpochKeyStore(provider, PIN.toCharArray());
        assertThatThrownBy(
                        () -> afterwards.unwrap("2026-W49", wrapped, "epoch:2026-W49:stamp-key:k1"))
                .isInstanceOf(EpochKeyGone.class);
        assertThat(store.destroy("2026-W50")).isTrue();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aWrongPinIsRefusedWithoutNamingIt() {
        assertThatThrownBy(() -> new Pkcs11EpochKeyStore(provider, "wrong-pin".toCharArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("wrong-pin");
    }
}
