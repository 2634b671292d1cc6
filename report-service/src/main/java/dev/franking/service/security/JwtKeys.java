package dev.franking.service.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * A local RSA key pair for signing and checking bearer tokens when no identity provider is
 * configured: PEM files {@code private.pem} (PKCS#8, owner-only) and {@code public.pem} (X.509
 * SubjectPublicKeyInfo, what {@code spring.security.oauth2.resourceserver.jwt.public-key-location}
 * reads).
 */
public final class JwtKeys {
    private JwtKeys() {}

    /** Loads the pair in {@code dir}, generating it first if it is not there. */
    public static KeyPair loadOrCreate(Path dir) throws IOException {
        return loadOrCreate(dir, null);
    }

    /**
     * Loads the pair in {@code dir}; if it is not there, writes {@code generated} there first (a
     * pair made in advance, {@link dev.franking.service.FirstStartKeys}), or a new one when that is
     * null.
     */
    public static KeyPair loadOrCreate(Path dir, KeyPair generated) throws IOException {
        Path priv = dir.resolve("private.pem");
        if (!Files.exists(priv)) {
            write(dir, generated != null ? generated : generate());
        }
        return load(priv);
    }

    public static void create(Path dir) throws IOException {
        write(dir, generate());
    }

    /** A new 2048-bit RSA pair (the token keys). */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path dir, KeyPair kp) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve("private.pem");
        Files.deleteIfExists(priv);
        try {
            Files.createFile(
                    priv,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(priv);
        }
        Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(
                dir.resolve("public.pem"), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    }

    public static KeyPair load(Path privatePem) throws IOException {
        try {
            byte[] der =
                    unpem(Files.readString(privatePem, StandardCharsets.US_ASCII), "PRIVATE KEY");
            KeyFactory kf = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv =
                    (RSAPrivateCrtKey) kf.generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPublicKey pub =
                    (RSAPublicKey)
                            kf.generatePublic(
                                    new RSAPublicKeySpec(
                                            priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not an RSA private key in PKCS#8 PEM: " + privatePem);
        }
    }

    /**
     * A signed JWT (RS256) whose {@code sub} is {@code subject} and whose {@code scope} is {@code
     * scope}.
     */
    public static String mint(KeyPair kp, String subject, String scope, Duration ttl, Instant now) {
        JWTClaimsSet claims =
                new JWTClaimsSet.Builder()
                        .subject(subject)
                        .claim("scope", scope)
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now.minusSeconds(5)))
                        .expirationTime(Date.from(now.plus(ttl)))
                        .jwtID(UUID.randomUUID().toString())
                        .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(kp.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return jwt.serialize();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    static byte[] unpem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /**
     * Whether the service trusts the local key pair in {@code <data dir>/jwt} (no identity provider
     * configured).
     */
    public static boolean usesLocalKeys(Environment env) {
        for (String p : SecurityConfig.JWT_PROPERTIES) {
            if (StringUtils.hasText(env.getProperty(p))) {
                return false;
            }
        }
        return true;
    }
}
