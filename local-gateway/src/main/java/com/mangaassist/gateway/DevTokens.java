package com.mangaassist.gateway;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local stand-in for the stack's OIDC authorizer: a connection presents {@code ?token=dev-<name>}
 * and becomes principal {@code <name>}. Anything else is refused, as the authorizer would refuse
 * a bad token. Never deployed: it authenticates nobody.
 */
public final class DevTokens {

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final String PREFIX = "dev-";

    private DevTokens() {
    }

    public static Optional<String> principal(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String name = token.substring(PREFIX.length());
        return PRINCIPAL.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
