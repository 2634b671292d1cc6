package dev.franking.service.cases;

import dev.franking.service.crypto.Aead;
import dev.franking.service.crypto.ServiceSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Stable pseudonyms for reporters and recipients in the review UI: a keyed hash, so the same person
 * reads the same across cases but the id cannot be recovered without the key.
 */
@Component
public class Pseudonyms {
    private static final String NAME = "pseudonym-key";
    private final ServiceSecrets secrets;
    private volatile byte[] key;

    Pseudonyms(ServiceSecrets secrets) {
        this.secrets = secrets;
    }

    public String of(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] h = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return "P-" + String.format("%02X%02X%02X%02X", h[0], h[1], h[2], h[3]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = secrets.getOrCreate(NAME, Aead::newKey);
            key = k;
        }
        return k;
    }
}
