package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.WireIds;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stack's {@code $connect} authorizer checks of an OIDC ID token (infra-cdk/authorizer),
 * for the local gateway: RS256 only (the header's {@code alg} is never trusted to pick another, so
 * {@code none} and HMAC tokens are refused), a signature by a key of the issuer's JWKS named by
 * {@code kid}, {@code iss} equal to the issuer, {@code aud} holding the client id, {@code exp} (and
 * {@code nbf}, {@code iat} when present) within {@code skew}, and a {@code sub}, which becomes the
 * principal under the orchestrator's own rule for principals.
 */
public final class IdTokenVerifier {

    /**
     * The clock difference tolerated on {@code nbf} and {@code iat} (the stack's authorizer allows 60 s on {@code nbf}).
     * None on {@code exp}: the authorizer refuses a token the second it expires, and a stand-in that took one it refuses
     * would let a page pass here that fails in AWS.
     */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

    /** The issuer's signing keys by key id. */
    @FunctionalInterface
    public interface KeySource {
        Optional<PublicKey> key(String kid);
    }

    private final String issuer;
    private final String audience;
    private final KeySource keys;
    private final Clock clock;
    private final long skewSeconds;

    public IdTokenVerifier(String issuer, String audience, KeySource keys, Clock clock, Duration skew) {
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.skewSeconds = skew.toSeconds();
    }

    /** @return the token's subject, the connection's principal */
    public String verify(String token) throws InvalidTokenException {
        Jwt.Parsed parsed = Jwt.parse(token);
        JsonNode header = parsed.header();
        if (!Jwt.RS256.equals(header.path("alg").textValue())) {
            throw new InvalidTokenException("unsupported alg");
        }
        if (header.has("crit")) {
            throw new InvalidTokenException("unsupported critical header");
        }
        String kid = header.path("kid").textValue();
        if (kid == null || kid.isEmpty() || kid.length() > 256) {
            throw new InvalidTokenException("no key id");
        }
        PublicKey key = keys.key(kid).orElseThrow(() -> new InvalidTokenException("unknown key"));
        if (!Jwt.signatureValid(parsed, key)) {
            throw new InvalidTokenException("bad signature");
        }
        JsonNode claims = parsed.claims();
        if (!issuer.equals(claims.path("iss").textValue())) {
            throw new InvalidTokenException("wrong issuer");
        }
        if (!audienceHolds(claims.path("aud"))) {
            throw new InvalidTokenException("wrong audience");
        }
        if (claims.has("azp") && !audience.equals(claims.path("azp").textValue())) {
            throw new InvalidTokenException("wrong authorized party");
        }
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.path("exp");
        if (!exp.isNumber()) {
            throw new InvalidTokenException("no expiry");
        }
        // As infra-cdk/authorizer/index.mjs: refused once exp is in the past.
        if (exp.asLong() < now) {
            throw new InvalidTokenException("expired");
        }
        if (notNumberOrAfter(claims.path("nbf"), now) || notNumberOrAfter(claims.path("iat"), now)) {
            throw new InvalidTokenException("not yet valid");
        }
        String subject = claims.path("sub").textValue();
        if (subject == null || subject.length() > 256 || !WireIds.isValidPrincipal(subject)) {
            throw new InvalidTokenException("no valid subject");
        }
        return subject;
    }

    /** The subject of a valid token; nothing for any other. */
    public Optional<String> principal(String token) {
        try {
            return Optional.of(verify(token));
        } catch (InvalidTokenException e) {
            return Optional.empty();
        }
    }

    private boolean audienceHolds(JsonNode aud) {
        if (aud.isTextual()) {
            return audience.equals(aud.textValue());
        }
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (audience.equals(one.textValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A claim that, when present, must be a time no later than now (with the skew). */
    private boolean notNumberOrAfter(JsonNode claim, long now) {
        return !claim.isMissingNode() && (!claim.isNumber() || claim.asLong() > now + skewSeconds);
    }
}
