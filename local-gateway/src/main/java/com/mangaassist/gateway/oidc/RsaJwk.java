package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/** An RSA public key as a JSON Web Key (RFC 7517), both ways; its key id is its RFC 7638 thumbprint. */
final class RsaJwk {

    private RsaJwk() {
    }

    static ObjectNode of(RSAPublicKey key) {
        ObjectNode jwk = Jwt.JSON.createObjectNode();
        jwk.put("kty", "RSA");
        jwk.put("kid", thumbprint(key));
        jwk.put("use", "sig");
        jwk.put("alg", Jwt.RS256);
        jwk.put("n", unsigned(key.getModulus()));
        jwk.put("e", unsigned(key.getPublicExponent()));
        return jwk;
    }

    static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + unsigned(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + unsigned(key.getModulus()) + "\"}";
        try {
            return Jwt.base64Url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key a JWK describes, when it is an RSA signing key of at least 2048 bits with a key id. */
    static Optional<RSAPublicKey> read(JsonNode jwk) {
        if (!"RSA".equals(jwk.path("kty").asText()) || !jwk.path("kid").isTextual() || !jwk.path("n").isTextual() || !jwk.path("e").isTextual()
                || (jwk.has("use") && !"sig".equals(jwk.path("use").asText())) || (jwk.has("alg") && !Jwt.RS256.equals(jwk.path("alg").asText()))) {
            return Optional.empty();
        }
        try {
            BigInteger modulus = new BigInteger(1, Jwt.decode(jwk.get("n").asText(), "modulus"));
            BigInteger exponent = new BigInteger(1, Jwt.decode(jwk.get("e").asText(), "exponent"));
            if (modulus.bitLength() < 2048) {
                return Optional.empty();
            }
            return Optional.of((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
        } catch (InvalidTokenException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Jwt.base64Url(bytes);
    }
}
