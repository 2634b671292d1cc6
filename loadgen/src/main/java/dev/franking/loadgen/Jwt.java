package dev.franking.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints the RS256 bearer tokens the service trusts when no identity provider is configured ({@code
 * <data dir>/jwt/private.pem}, PKCS#8 PEM), with the JDK alone: the same claims as the service's
 * own {@code token} command ({@code sub}, {@code scope}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti}).
 */
final class Jwt {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER =
            B64URL.encodeToString(
                    "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private final PrivateKey key;

    private Jwt(PrivateKey key) {
        this.key = key;
    }

    static Jwt load(Path privatePem) throws IOException {
        String text = Files.readString(privatePem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("no PKCS#8 PRIVATE KEY block in " + privatePem);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        try {
            return new Jwt(
                    KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException ex) {
            throw new IOException("not an RSA private key: " + privatePem, ex);
        }
    }

    /** A token for {@code sub} with {@code scope}, valid from 5 s ago for {@code ttlSeconds}. */
    String mint(String sub, String scope, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        String claims =
                "{\"sub\":\""
                        + sub
                        + "\",\"scope\":\""
                        + scope
                        + "\",\"iat\":"
                        + now
                        + ",\"nbf\":"
                        + (now - 5)
                        + ",\"exp\":"
                        + (now + ttlSeconds)
                        + ",\"jti\":\""
                        + UUID.randomUUID()
                        + "\"}";
        String signingInput =
                HEADER + "." + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token signing failed", e);
        }
    }
}
