package com.mangaassist.infra.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Whose tokens the WebSocket {@code $connect} authorizer accepts. There is no default issuer: a
 * deployment trusting an example identity provider would be open to whoever controls it.
 *
 * @param issuer   the OIDC issuer ({@code https://...}); its {@code /.well-known/openid-configuration} names the keys
 * @param audience the {@code aud} the tokens must carry
 */
public record OidcSettings(String issuer, String audience) {

    public static final String DEFAULT_AUDIENCE = "mangaassist-chat";
    private static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7e]{1,256}");

    public OidcSettings {
        requireHttpsUrl(issuer);
        if (audience == null || !AUDIENCE.matcher(audience).matches()) {
            throw InvalidContextException.invalid(ContextKeys.OIDC_AUDIENCE, audience, "1 to 256 printable characters without spaces");
        }
    }

    private static void requireHttpsUrl(String issuer) {
        try {
            URI uri = new URI(issuer);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw InvalidContextException.invalid(ContextKeys.OIDC_ISSUER, issuer,
                        "an https URL without query or fragment (the issuer's tokens carry it as iss)");
            }
        } catch (URISyntaxException e) {
            throw InvalidContextException.invalid(ContextKeys.OIDC_ISSUER, issuer, "an https URL (" + e.getReason() + ")");
        }
    }
}
