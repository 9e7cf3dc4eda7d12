package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The compact JWS form of an RS256-signed JWT, and nothing more: what the stand-in signs and the
 * gateway verifies. JSON is read strictly (a duplicated member is an error, so no two readers of
 * one token can see different claims).
 */
final class Jwt {

    static final String RS256 = "RS256";
    /** Far above any ID token the stand-in or a real issuer sends; a longer one is refused unread. */
    static final int MAX_CHARS = 8192;
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /** A token split and decoded, its signature not yet checked. */
    record Parsed(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {
    }

    private Jwt() {
    }

    static String sign(ObjectNode header, ObjectNode claims, PrivateKey key) {
        try {
            String input = base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64Url(rsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    static Parsed parse(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("no token");
        }
        if (token.length() > MAX_CHARS) {
            throw new InvalidTokenException("token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("malformed token");
        }
        JsonNode header = object(parts[0], "header");
        JsonNode claims = object(parts[1], "claims");
        return new Parsed(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), decode(parts[2], "signature"));
    }

    static boolean signatureValid(Parsed token, PublicKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(token.signingInput());
            return rsa.verify(token.signature());
        } catch (GeneralSecurityException e) {
            // A key of the wrong kind, or a signature of the wrong length: not a valid signature either way.
            return false;
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String part, String what) throws InvalidTokenException {
        if (part.indexOf('=') >= 0) {
            throw new InvalidTokenException("malformed " + what);
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed " + what);
        }
    }

    private static JsonNode object(String part, String what) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(decode(part, what));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("malformed " + what);
            }
            return node;
        } catch (java.io.IOException e) {
            throw new InvalidTokenException("malformed " + what);
        }
    }
}
