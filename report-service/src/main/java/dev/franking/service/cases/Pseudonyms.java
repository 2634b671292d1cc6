package dev.franking.service.cases;

import dev.franking.service.crypto.ServiceSecrets;
import dev.franking.service.crypto.Vault;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Stable pseudonyms for reporters, recipients and anyone else who is not the reported account, the
 * one policy of the review UI, its CSV export and the evidence package (issue 11): the reported
 * account by its real id, everyone else as {@code P-} and the first 128 bits of HMAC-SHA256 under
 * the service's pseudonym key, in upper-case hex. Keyed per service, so the same person reads the
 * same across cases (EVIDENCE.md: stable across the platform's cases) but the id cannot be
 * recovered or tested without the key. 128 bits because 32-bit pseudonyms collide at some 65,000
 * people, and a package for an authority could then merge two of them; pages show them shortened
 * ({@code Views.Party}), packages in full.
 */
@Component
public class Pseudonyms {
    private static final String NAME = "pseudonym-key";
    private final ServiceSecrets secrets;
    private volatile byte[] key;

    Pseudonyms(ServiceSecrets secrets) {
        this.secrets = secrets;
    }

    /** Bytes of the HMAC kept: 128 bits. */
    static final int BYTES = 16;

    /** The pseudonym of {@code id}: {@code P-} and 32 upper-case hex digits. */
    public String of(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] h = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return "P-" + HexFormat.of().withUpperCase().formatHex(h, 0, BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A party to a case as anyone outside the platform's back end may see them: the reported
     * account by its real id, anyone else by {@link #of}.
     */
    public String party(String id, String reportedAccount) {
        return id.equals(reportedAccount) ? id : of(id);
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = secrets.getOrCreate(NAME, Vault::newKey);
            key = k;
        }
        return k;
    }
}
