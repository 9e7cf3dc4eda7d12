package com.mangaassist.gateway.oidc;

import static com.mangaassist.gateway.oidc.OidcTestClient.authorizeParameters;
import static com.mangaassist.gateway.oidc.OidcTestClient.claims;
import static com.mangaassist.gateway.oidc.OidcTestClient.form;
import static com.mangaassist.gateway.oidc.OidcTestClient.get;
import static com.mangaassist.gateway.oidc.OidcTestClient.postForm;
import static com.mangaassist.gateway.oidc.OidcTestClient.redirectParameters;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.gateway.oidc.OidcTestClient.Pkce;
import com.mangaassist.shared.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OIDC stand-in as the chat page and the gateway use it: discovery, the code flow with PKCE, refresh, logout. */
class LocalOidcStandInTest {

    private static final int PAGE_PORT = 8765;
    private static final String PAGE = "http://127.0.0.1:" + PAGE_PORT;
    private static final String REDIRECT = PAGE + "/";

    private final MutableClock clock = new MutableClock(Instant.now());
    private LocalOidcStandIn standIn;
    private String issuer;

    @BeforeEach
    void start() {
        standIn = LocalOidcStandIn.start(LocalOidcStandIn.Settings.forChatPage(PAGE_PORT).withClock(clock));
        issuer = standIn.issuer();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private Map<String, String> authorize(Pkce pkce) {
        return authorizeParameters(LocalOidcStandIn.CLIENT_ID, REDIRECT, pkce, "state-1", "nonce-1");
    }

    private HttpResponse<String> login(Map<String, String> authorize, String user) throws Exception {
        Map<String, String> form = new HashMap<>(authorize);
        form.put("username", user);
        return postForm(issuer + "/authorize", form);
    }

    private String code(Pkce pkce, String user) throws Exception {
        HttpResponse<String> approved = login(authorize(pkce), user);
        assertThat(approved.statusCode()).isEqualTo(302);
        return redirectParameters(approved).get("code");
    }

    private HttpResponse<String> exchange(String code, String verifier, String redirectUri) throws Exception {
        return postForm(issuer + "/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "client_id", LocalOidcStandIn.CLIENT_ID, "code_verifier", verifier), "Origin", PAGE);
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return postForm(issuer + "/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id",
                LocalOidcStandIn.CLIENT_ID), "Origin", PAGE);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Jwt.JSON.readTree(response.body());
    }

    @Test
    void discovery_namesEveryEndpoint_andAnswersOnlyThePagesOriginCrossOrigin() throws Exception {
        HttpResponse<String> discovery = get(issuer + "/.well-known/openid-configuration", "Origin", PAGE);

        assertThat(discovery.statusCode()).isEqualTo(200);
        JsonNode d = json(discovery);
        assertThat(d.get("issuer").asText()).isEqualTo(issuer).startsWith("http://127.0.0.1:");
        assertThat(d.get("authorization_endpoint").asText()).isEqualTo(issuer + "/authorize");
        assertThat(d.get("token_endpoint").asText()).isEqualTo(issuer + "/token");
        assertThat(d.get("jwks_uri").asText()).isEqualTo(issuer + "/jwks");
        assertThat(d.get("end_session_endpoint").asText()).isEqualTo(issuer + "/logout");
        assertThat(d.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(d.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        assertThat(get(issuer + "/.well-known/openid-configuration", "Origin", "http://localhost:" + PAGE_PORT).headers()
                .firstValue("Access-Control-Allow-Origin")).contains("http://localhost:" + PAGE_PORT);
        assertThat(get(issuer + "/.well-known/openid-configuration", "Origin", "http://127.0.0.1:1234").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = OidcTestClient.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer + "/token"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", PAGE)
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
    }

    @Test
    void jwks_holdsOneRsaSigningKey() throws Exception {
        JsonNode jwks = json(get(issuer + "/jwks"));

        assertThat(jwks.get("keys")).hasSize(1);
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("alg").asText()).isEqualTo("RS256");
        assertThat(key.get("use").asText()).isEqualTo("sig");
        assertThat(key.has("d")).as("no private part").isFalse();
        assertThat(RsaJwk.read(key)).isPresent();
    }

    @Test
    void authorize_showsALoginFormWithoutScript_echoingTheRequestEscaped() throws Exception {
        Map<String, String> request = authorizeParameters(LocalOidcStandIn.CLIENT_ID, REDIRECT, Pkce.fresh(), "\"><script>alert(1)</script>", "n");

        HttpResponse<String> form = get(issuer + "/authorize?" + form(request));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'").doesNotContain("script-src");
        assertThat(form.body()).contains("<form method=\"post\" action=\"/authorize\">", "name=\"username\"", "stand-in", "authenticates nobody",
                "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"").doesNotContain("<script");
    }

    @Test
    void authorize_forAnUnknownClientOrRedirect_answersHereAndRedirectsNowhere() throws Exception {
        Pkce pkce = Pkce.fresh();
        Map<String, String> otherClient = authorize(pkce);
        otherClient.put("client_id", "someone-else");
        assertThat(get(issuer + "/authorize?" + form(otherClient))).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
        });
        for (String redirect : new String[] {"http://127.0.0.1:1234/", PAGE + "0/", "http://127.0.0.1:" + PAGE_PORT + ".evil.example/", PAGE + "/#x",
                "http://evil@127.0.0.1:" + PAGE_PORT + "/", "https://127.0.0.1:" + PAGE_PORT + "/"}) {
            Map<String, String> request = authorize(pkce);
            request.put("redirect_uri", redirect);
            assertThat(get(issuer + "/authorize?" + form(request))).as(redirect).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.headers().firstValue("Location")).isEmpty();
            });
            Map<String, String> login = new HashMap<>(request);
            login.put("username", "alice");
            assertThat(postForm(issuer + "/authorize", login).statusCode()).as(redirect).isEqualTo(400);
        }
        // A repeated parameter could mean two things: refused here too.
        assertThat(get(issuer + "/authorize?" + form(authorize(pkce)) + "&redirect_uri=" + REDIRECT).statusCode()).isEqualTo(400);
    }

    @Test
    void authorize_withoutPkceS256_redirectsBackWithAnError() throws Exception {
        Map<String, String> plain = authorize(Pkce.fresh());
        plain.put("code_challenge_method", "plain");
        Map<String, String> none = authorize(Pkce.fresh());
        none.remove("code_challenge");
        none.remove("code_challenge_method");
        Map<String, String> implicit = authorize(Pkce.fresh());
        implicit.put("response_type", "id_token");
        Map<String, String> noOpenId = authorize(Pkce.fresh());
        noOpenId.put("scope", "profile");

        for (Map<String, String> request : java.util.List.of(plain, none)) {
            HttpResponse<String> refused = get(issuer + "/authorize?" + form(request));
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?");
            assertThat(redirectParameters(refused)).containsEntry("error", "invalid_request").containsEntry("state", "state-1").doesNotContainKey("code");
        }
        assertThat(redirectParameters(get(issuer + "/authorize?" + form(implicit)))).containsEntry("error", "unsupported_response_type");
        assertThat(redirectParameters(get(issuer + "/authorize?" + form(noOpenId)))).containsEntry("error", "invalid_scope");
    }

    @Test
    void signIn_thenCodeExchange_givesAnIdTokenTheGatewaysVerifierAccepts() throws Exception {
        Pkce pkce = Pkce.fresh();
        HttpResponse<String> approved = login(authorize(pkce), "alice");

        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(approved.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?code=");
        assertThat(redirectParameters(approved)).containsEntry("state", "state-1").containsKey("code");

        HttpResponse<String> tokens = exchange(redirectParameters(approved).get("code"), pkce.verifier(), REDIRECT);
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(tokens.headers().firstValue("Access-Control-Allow-Origin")).contains(PAGE);
        JsonNode answer = json(tokens);
        assertThat(answer.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(300);
        assertThat(answer.get("refresh_token").asText()).isNotBlank();
        String idToken = answer.get("id_token").asText();
        JsonNode c = claims(idToken);
        assertThat(c.get("iss").asText()).isEqualTo(issuer);
        assertThat(c.get("aud").asText()).isEqualTo(LocalOidcStandIn.CLIENT_ID);
        assertThat(c.get("sub").asText()).isEqualTo("alice");
        assertThat(c.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(c.get("nonce").asText()).isEqualTo("nonce-1");
        assertThat(c.get("exp").asLong() - c.get("iat").asLong()).isEqualTo(300);
        IdTokenVerifier verifier = new IdTokenVerifier(issuer, LocalOidcStandIn.CLIENT_ID, IssuerKeys.discover(issuer), clock, Duration.ZERO);
        assertThat(verifier.verify(idToken)).isEqualTo("alice");
    }

    @Test
    void autoApprove_signsTheFixedDevUserInWithoutAForm() throws Exception {
        Pkce pkce = Pkce.fresh();
        Map<String, String> request = authorize(pkce);
        request.put("auto_approve", "1");

        HttpResponse<String> approved = get(issuer + "/authorize?" + form(request));

        assertThat(approved.statusCode()).isEqualTo(302);
        String idToken = json(exchange(redirectParameters(approved).get("code"), pkce.verifier(), REDIRECT)).get("id_token").asText();
        assertThat(claims(idToken).get("sub").asText()).isEqualTo(LocalOidcStandIn.AUTO_APPROVED_USER);
    }

    @Test
    void signIn_withoutAUserName_showsTheFormAgain() throws Exception {
        HttpResponse<String> again = login(authorize(Pkce.fresh()), "  ");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("name=\"username\"", "Type a user name");
    }

    @Test
    void codeExchange_withAWrongVerifier_isRefused_andSpendsTheCode() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = code(pkce, "alice");

        HttpResponse<String> wrong = exchange(code, Pkce.fresh().verifier(), REDIRECT);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(wrong.headers().firstValue("Access-Control-Allow-Origin")).as("the page can read why").contains(PAGE);
        // A code is good once, whatever that once was.
        assertThat(json(exchange(code, pkce.verifier(), REDIRECT)).get("error").asText()).isEqualTo("invalid_grant");
        // The challenge itself is no verifier.
        String another = code(pkce, "alice");
        assertThat(json(exchange(another, pkce.challenge(), REDIRECT)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void code_isGoodOnce() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = code(pkce, "alice");

        assertThat(exchange(code, pkce.verifier(), REDIRECT).statusCode()).isEqualTo(200);
        HttpResponse<String> again = exchange(code, pkce.verifier(), REDIRECT);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void code_expiresAfterSixtySeconds() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = code(pkce, "alice");
        clock.advance(Duration.ofSeconds(61));

        assertThat(json(exchange(code, pkce.verifier(), REDIRECT)).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void codeExchange_forAnotherRedirectUriOrClient_isRefused() throws Exception {
        Pkce pkce = Pkce.fresh();
        assertThat(json(exchange(code(pkce, "alice"), pkce.verifier(), REDIRECT + "other")).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> otherClient = postForm(issuer + "/token", Map.of("grant_type", "authorization_code", "code", code(pkce, "alice"),
                "redirect_uri", REDIRECT, "client_id", "someone-else", "code_verifier", pkce.verifier()));
        assertThat(otherClient.statusCode()).isEqualTo(401);
        assertThat(json(otherClient).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> notAForm = OidcTestClient.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer + "/token"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json(notAForm).get("error").asText()).isEqualTo("invalid_request");
        assertThat(json(postForm(issuer + "/token", Map.of("grant_type", "password", "client_id", LocalOidcStandIn.CLIENT_ID))).get("error").asText())
                .isEqualTo("unsupported_grant_type");
    }

    @Test
    void refreshToken_givesAFreshIdToken_andIsRotated() throws Exception {
        Pkce pkce = Pkce.fresh();
        JsonNode first = json(exchange(code(pkce, "alice"), pkce.verifier(), REDIRECT));
        clock.advance(Duration.ofMinutes(4));

        HttpResponse<String> refreshed = refresh(first.get("refresh_token").asText());

        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode second = json(refreshed);
        JsonNode c = claims(second.get("id_token").asText());
        assertThat(c.get("sub").asText()).isEqualTo("alice");
        assertThat(c.get("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 300);
        assertThat(c.has("nonce")).isFalse();
        assertThat(second.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        assertThat(json(refresh(first.get("refresh_token").asText())).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refresh(second.get("refresh_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void idTokenLifetime_isASetting() throws Exception {
        LocalOidcStandIn shortLived = LocalOidcStandIn.start(LocalOidcStandIn.Settings.forChatPage(PAGE_PORT)
                .withIdTokenLifetime(Duration.ofSeconds(2)).withClock(Clock.systemUTC()));
        try {
            JsonNode c = claims(OidcTestClient.signIn(shortLived.issuer(), LocalOidcStandIn.CLIENT_ID, REDIRECT, "bob").get("id_token").asText());
            assertThat(c.get("exp").asLong() - c.get("iat").asLong()).isEqualTo(2);
        } finally {
            shortLived.close();
        }
    }

    @Test
    void logout_endsTheSession_andGoesBackToAnAllowedAddressOnly() throws Exception {
        Pkce pkce = Pkce.fresh();
        JsonNode tokens = json(exchange(code(pkce, "alice"), pkce.verifier(), REDIRECT));

        HttpResponse<String> refused = get(issuer + "/logout?" + form(Map.of("post_logout_redirect_uri", "http://evil.example/")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Location")).isEmpty();

        HttpResponse<String> out = get(issuer + "/logout?" + form(Map.of("id_token_hint", tokens.get("id_token").asText(),
                "post_logout_redirect_uri", REDIRECT, "state", "bye", "client_id", LocalOidcStandIn.CLIENT_ID)));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).contains(REDIRECT + "?state=bye");
        assertThat(standIn.signOuts()).isEqualTo(1);
        assertThat(json(refresh(tokens.get("refresh_token").asText())).get("error").asText()).as("the session's refresh token is revoked")
                .isEqualTo("invalid_grant");
        assertThat(get(issuer + "/logout").statusCode()).isEqualTo(200);
    }
}
