package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An issuer's signing keys found as OIDC defines it, as the stack's authorizer finds them: the
 * discovery document names the issuer (it must be the configured one) and its {@code jwks_uri}
 * (same scheme as the issuer). Fetched once when built, so a gateway never starts unable to check
 * a token; a token naming an unknown key is refused and sets off one refetch in the background, at
 * most one per {@link #REFETCH_INTERVAL} (the issuer may have rotated its keys, but a burst of forged
 * key ids must not become a burst of fetches). Lookups never block the caller's thread.
 */
public final class IssuerKeys implements IdTokenVerifier.KeySource {

    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final URI jwksUri;
    private volatile Map<String, PublicKey> keys;
    private volatile long lastFetchNanos;
    private final AtomicBoolean fetching = new AtomicBoolean();

    private IssuerKeys(HttpClient http, URI jwksUri, Map<String, PublicKey> keys) {
        this.http = http;
        this.jwksUri = jwksUri;
        this.keys = keys;
        this.lastFetchNanos = System.nanoTime();
    }

    /** Discovery, then the JWKS; fails when either is unreachable, names another issuer or holds no usable key. */
    public static IssuerKeys discover(String issuer) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode discovery = get(client, URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration"));
        if (!issuer.equals(discovery.path("issuer").textValue())) {
            throw new IllegalStateException("the discovery document names issuer " + discovery.path("issuer") + ", not " + issuer);
        }
        URI jwksUri = URI.create(discovery.path("jwks_uri").asText());
        if (!URI.create(issuer).getScheme().equals(jwksUri.getScheme())) {
            throw new IllegalStateException("jwks_uri " + jwksUri + " does not use " + URI.create(issuer).getScheme());
        }
        Map<String, PublicKey> keys = keysOf(get(client, jwksUri));
        if (keys.isEmpty()) {
            throw new IllegalStateException(jwksUri + " holds no RSA signing key");
        }
        return new IssuerKeys(client, jwksUri, keys);
    }

    @Override
    public Optional<PublicKey> key(String kid) {
        PublicKey key = keys.get(kid);
        if (key == null) {
            refetchSoon();
        }
        return Optional.ofNullable(key);
    }

    private void refetchSoon() {
        if (System.nanoTime() - lastFetchNanos < REFETCH_INTERVAL.toNanos() || !fetching.compareAndSet(false, true)) {
            return;
        }
        lastFetchNanos = System.nanoTime();
        http.sendAsync(HttpRequest.newBuilder(jwksUri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, failure) -> {
                    try {
                        if (failure == null && response.statusCode() == 200) {
                            Map<String, PublicKey> fresh = keysOf(Jwt.JSON.readTree(response.body()));
                            if (!fresh.isEmpty()) {
                                keys = fresh;
                            }
                        }
                    } catch (IOException ignored) {
                        // The keys known so far stay; the next unknown key after the interval tries again.
                    } finally {
                        fetching.set(false);
                    }
                });
    }

    private static Map<String, PublicKey> keysOf(JsonNode jwks) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode jwk : jwks.path("keys")) {
            RsaJwk.read(jwk).ifPresent(key -> keys.put(jwk.get("kid").asText(), key));
        }
        return Map.copyOf(keys);
    }

    private static JsonNode get(HttpClient client, URI uri) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return Jwt.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }
}
