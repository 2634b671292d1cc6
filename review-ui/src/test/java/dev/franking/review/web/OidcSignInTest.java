package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.TestReviewApplication;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Single sign-on, configured with the standard client-registration properties: the sign-in page
 * offers it, the authorization request goes to the identity provider with a redirect URI under
 * /review, and only people who are moderators here get in, with the roles the moderators table
 * gives.
 */
@SpringBootTest(
        classes = TestReviewApplication.class,
        properties = {
            "spring.security.oauth2.client.registration.corp.client-id=review-ui",
            "spring.security.oauth2.client.registration.corp.client-secret=s3cret",
            "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
            "spring.security.oauth2.client.registration.corp.scope=openid,profile,email",
            "spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
            "spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/review/login/oauth2/code/{registrationId}",
            "spring.security.oauth2.client.provider.corp.authorization-uri=https://idp.example.test/authorize",
            "spring.security.oauth2.client.provider.corp.token-uri=https://idp.example.test/token",
            "spring.security.oauth2.client.provider.corp.jwk-set-uri=https://idp.example.test/jwks",
            "spring.security.oauth2.client.provider.corp.user-name-attribute=sub"
        })
@AutoConfigureMockMvc
class OidcSignInTest {
    @Autowired MockMvc mvc;
    @Autowired ClientRegistrationRepository registrations;
    @Autowired UserDetailsService moderators;

    @Test
    void theSignInPageOffersTheIdentityProviderAndTheRequestGoesThere() throws Exception {
        String page =
                mvc.perform(get("/review/login"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(page).contains("/review/oauth2/authorization/corp").contains("Corp SSO");
        MvcResult r =
                mvc.perform(get("/review/oauth2/authorization/corp"))
                        .andExpect(status().is3xxRedirection())
                        .andReturn();
        String location = r.getResponse().getRedirectedUrl();
        assertThat(location)
                .startsWith("https://idp.example.test/authorize?")
                .contains("client_id=review-ui")
                .contains("redirect_uri=http://localhost/review/login/oauth2/code/corp")
                .contains("scope=openid");
    }

    private OidcUserRequest request(Map<String, Object> claims) {
        ClientRegistration reg = registrations.findByRegistrationId("corp");
        Instant now = Instant.now();
        OidcIdToken id = new OidcIdToken("token", now, now.plusSeconds(60), claims);
        return new OidcUserRequest(
                reg,
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER, "at", now, now.plusSeconds(60)),
                id);
    }

    private OidcSignIn signIn() {
        return new OidcSignIn(
                req -> new DefaultOidcUser(java.util.List.of(), req.getIdToken(), "sub"),
                moderators);
    }

    @Test
    void aModeratorGetsTheRolesOfTheModeratorsTable() {
        OidcUser user =
                signIn().loadUser(request(Map.of("sub", "idp-123", "preferred_username", "mona")));
        assertThat(user.getName()).isEqualTo("mona");
        assertThat(user.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_MODERATOR");
    }

    @Test
    void someoneWhoIsNotAModeratorIsRefusedHoweverValidTheirToken() {
        assertThatThrownBy(
                        () ->
                                signIn().loadUser(
                                                request(
                                                        Map.of(
                                                                "sub",
                                                                "idp-999",
                                                                "preferred_username",
                                                                "stranger"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("not a moderator");
        assertThatThrownBy(() -> signIn().loadUser(request(Map.of("sub", "idp-998"))))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }
}
