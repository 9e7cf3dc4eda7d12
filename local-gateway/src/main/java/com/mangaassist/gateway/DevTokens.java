package com.mangaassist.gateway;

import com.mangaassist.shared.wire.WireIds;
import java.util.Optional;

/**
 * The local stand-in for the stack's OIDC authorizer: a connection presents {@code ?token=dev-<name>}
 * and becomes principal {@code <name>}. Anything else is refused, as the authorizer would refuse
 * a bad token. Never deployed: it authenticates nobody.
 */
public final class DevTokens {

    private static final String PREFIX = "dev-";

    private DevTokens() {
    }

    public static Optional<String> principal(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String name = token.substring(PREFIX.length());
        // The same rule the orchestrator applies to the authorizer's principal header.
        return WireIds.isValidPrincipal(name) ? Optional.of(name) : Optional.empty();
    }
}
