package com.mangaassist.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.gateway.oidc.IdTokenVerifier;
import com.mangaassist.gateway.oidc.InvalidTokenException;
import com.mangaassist.gateway.oidc.IssuerKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the local gateway authorizes a WebSocket connect ({@code ?token=…}) and what the chat page is
 * told to do for a token ({@code auth} in {@code /config.json}). Dev mode (the default): {@code
 * dev-<name>} is principal {@code <name>} (see {@link DevTokens}). OIDC mode: an ID token of the
 * configured issuer for the configured client, checked as the stack's authorizer checks it
 * ({@link IdTokenVerifier}); its {@code sub} is the principal, and dev tokens are refused.
 */
public final class GatewayAuth {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAuth.class);

    private final String issuer;
    private final String clientId;
    private final IdTokenVerifier verifier;

    private GatewayAuth(String issuer, String clientId, IdTokenVerifier verifier) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.verifier = verifier;
    }

    /** {@code ?token=dev-<name>}: what local runs and tests use unless told otherwise. */
    public static GatewayAuth dev() {
        return new GatewayAuth(null, null, null);
    }

    /**
     * ID tokens of {@code issuer} for {@code clientId}; the issuer's discovery document and keys are read now, so it must be up.
     *
     * @param issuer exactly as its tokens' {@code iss} says it (no trailing slash added or removed)
     */
    public static GatewayAuth oidc(String issuer, String clientId) {
        return oidc(issuer, clientId, Clock.systemUTC(), IdTokenVerifier.DEFAULT_SKEW);
    }

    /** The same with the clock and tolerated clock skew given (tests). */
    public static GatewayAuth oidc(String issuer, String clientId, Clock clock, Duration skew) {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(clientId);
        return new GatewayAuth(issuer, clientId, new IdTokenVerifier(issuer, clientId, IssuerKeys.discover(issuer), clock, skew));
    }

    public boolean oidc() {
        return verifier != null;
    }

    /** The principal a connect with this token gets; nothing when it must be refused (401). */
    Optional<String> principal(String token) {
        if (verifier == null) {
            return DevTokens.principal(token);
        }
        try {
            return Optional.of(verifier.verify(token));
        } catch (InvalidTokenException e) {
            LOG.info("event=connect_denied reason=\"{}\"", e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code auth} of the page's config: {@code {"mode":"dev"}} or the OIDC client's settings. */
    ObjectNode pageConfig() {
        ObjectNode auth = JsonNodeFactory.instance.objectNode();
        if (verifier == null) {
            return auth.put("mode", "dev");
        }
        return auth.put("mode", "oidc").put("issuer", issuer).put("clientId", clientId).put("scope", "openid");
    }
}
