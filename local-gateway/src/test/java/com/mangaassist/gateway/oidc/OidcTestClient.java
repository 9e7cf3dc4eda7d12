package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What the chat page does against the stand-in, over plain HTTP: authorization code with PKCE, the login form posted. */
public final class OidcTestClient {

    /** A PKCE pair and the request parameters that carry it. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce fresh() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private OidcTestClient() {
    }

    /** An authorize request's parameters as the page sends them. */
    public static Map<String, String> authorizeParameters(String clientId, String redirectUri, Pkce pkce, String state, String nonce) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", "openid");
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        return params;
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static HttpResponse<String> get(String uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> postForm(String uri, Map<String, String> params, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The query parameters of a redirect's Location. */
    public static Map<String, String> redirectParameters(HttpResponse<?> response) {
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        Map<String, String> params = new LinkedHashMap<>();
        if (location.getRawQuery() != null) {
            for (String pair : location.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Signs {@code user} in through the login form and exchanges the code: the token endpoint's answer. */
    public static JsonNode signIn(String issuer, String clientId, String redirectUri, String user) throws Exception {
        Pkce pkce = Pkce.fresh();
        Map<String, String> login = authorizeParameters(clientId, redirectUri, pkce, "s-1", "n-1");
        login.put("username", user);
        HttpResponse<String> approved = postForm(issuer + "/authorize", login);
        if (approved.statusCode() != 302) {
            throw new AssertionError("sign-in answered " + approved.statusCode() + ": " + approved.body());
        }
        String code = redirectParameters(approved).get("code");
        HttpResponse<String> tokens = postForm(issuer + "/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "client_id", clientId, "code_verifier", pkce.verifier()));
        if (tokens.statusCode() != 200) {
            throw new AssertionError("token exchange answered " + tokens.statusCode() + ": " + tokens.body());
        }
        return Jwt.JSON.readTree(tokens.body());
    }

    /** A token's claims, unverified (for looking at what the stand-in put in). */
    public static JsonNode claims(String token) throws Exception {
        return Jwt.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}
