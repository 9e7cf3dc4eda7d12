package com.mangaassist.gateway.oidc;

/** Why a token was refused, in words safe to log (never the token itself). */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
