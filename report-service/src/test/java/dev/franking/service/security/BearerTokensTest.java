package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.franking.service.Api;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.api.ApiEndpoints;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * PROTOCOL.md §7: a token without {@code sub} or {@code exp}, an expired one, one with a wrong
 * signature or algorithm is a 401 {@code unauthenticated}; a token without the scope is a 403
 * {@code insufficient_scope}. Both are problem+json with RFC 6750's {@code WWW-Authenticate}, and
 * neither quotes the token.
 */
class BearerTokensTest extends ServiceTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private String path;
    private String sub;

    @BeforeEach
    void target() {
        // a report that is not there: a good token gets as far as the 404
        path =
                ApiEndpoints.find(mapping, RequestMethod.GET, "/api/v\\d+/reports/\\{[^}/]+}")
                        .pattern()
                        .replaceAll("\\{[^}/]+}", UUID.randomUUID().toString());
        sub = unique("bob");
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = CLOCK.instant();
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("scope", "report")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private String claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = claims();
        change.accept(b);
        return sign(
                b.build(), JWSAlgorithm.RS256, new RSASSASigner(TestTokens.keys().getPrivate()));
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm alg, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void assertUnauthenticated(String name, String token) {
        for (int i = 0; i < 2; i++) { // a refused token is never remembered as a good one
            Api.Response r = api.get(path, token);
            assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(401);
            assertThat(r.contentType()).as(name).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString())
                    .as(name)
                    .isEqualTo("/problems/unauthenticated");
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as(name)
                    .hasValueSatisfying(
                            h ->
                                    assertThat(h)
                                            .startsWith("Bearer")
                                            .contains("error=\"invalid_token\""));
            assertThat(r.body()).as(name).doesNotContain(token).doesNotContain(sub);
            assertThat(r.headers().map().toString()).as(name).doesNotContain(token);
        }
    }

    @Test
    void aGoodTokenGetsThrough() {
        Api.Response r = api.get(path, claims(b -> {}));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("type").asString()).isEqualTo("/problems/not_found");
    }

    @Test
    void aTokenWithoutSubOrExpIsRefused() {
        assertUnauthenticated("no sub", claims(b -> b.subject(null)));
        assertUnauthenticated("blank sub", claims(b -> b.subject(" ")));
        assertUnauthenticated("no exp", claims(b -> b.expirationTime(null)));
        assertUnauthenticated("neither", claims(b -> b.subject(null).expirationTime(null)));
    }

    @Test
    void expiredForgedAndWrongAlgorithmTokensAreRefused() throws Exception {
        Instant now = CLOCK.instant();
        assertUnauthenticated(
                "expired",
                claims(
                        b ->
                                b.issueTime(Date.from(now.minus(Duration.ofHours(2))))
                                        .expirationTime(
                                                Date.from(now.minus(Duration.ofMinutes(10))))));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertUnauthenticated(
                "signed by another key",
                sign(
                        claims().build(),
                        JWSAlgorithm.RS256,
                        new RSASSASigner(g.generateKeyPair().getPrivate())));
        String good = claims(b -> {});
        String other = claims(b -> b.subject(sub + "x"));
        String[] g1 = good.split("\\."), o1 = other.split("\\.");
        assertUnauthenticated("another token's signature", g1[0] + "." + o1[1] + "." + g1[2]);
        assertUnauthenticated("alg none", new PlainJWT(claims().build()).serialize());
        assertUnauthenticated(
                "alg none, signature kept", new PlainJWT(claims().build()).serialize() + g1[2]);
        assertUnauthenticated(
                "HS256 keyed with the public key",
                sign(
                        claims().build(),
                        JWSAlgorithm.HS256,
                        new MACSigner(TestTokens.keys().getPublic().getEncoded())));
        assertUnauthenticated(
                "RS512 with the right key",
                sign(
                        claims().build(),
                        JWSAlgorithm.RS512,
                        new RSASSASigner(TestTokens.keys().getPrivate())));
        assertUnauthenticated("not a JWT", "abc");
    }

    @Test
    void noTokenIsA401WithAChallenge() {
        Api.Response r = api.get(path, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("unauthenticated");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aTokenWithoutTheScopeIsA403WithAChallenge() {
        for (String token :
                List.of(
                        claims(b -> b.claim("scope", "stamp")),
                        claims(b -> b.claim("scope", "REPORT")),
                        claims(b -> b.claim("scope", null)))) {
            Api.Response r = api.get(path, token);
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("/problems/insufficient_scope");
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(
                            h ->
                                    assertThat(h)
                                            .startsWith("Bearer")
                                            .contains("error=\"insufficient_scope\""));
            assertThat(r.body()).doesNotContain(token);
        }
    }
}
