package com.mangaassist.releasecontract.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Dead Simple Signing Envelopes, the format of in-toto attestations, {@code cosign attest} and
 * {@code cosign attest-blob}: the signature covers the pre-authentication encoding {@code "DSSEv1"
 * SP len(type) SP type SP len(body) SP body}, never the JSON around it. Shared because the release
 * tool writes envelopes and the CDK app verifies the signed release manifest it deploys.
 */
public final class Dsse {

    public static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dsse() {
    }

    public static byte[] preAuthEncoding(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] header = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[header.length + payload.length];
        System.arraycopy(header, 0, pae, 0, header.length);
        System.arraycopy(payload, 0, pae, header.length, payload.length);
        return pae;
    }

    /** The envelope's JSON: {@code payloadType}, base64 {@code payload}, one signature by {@code sign} (DER ECDSA over the PAE). */
    public static byte[] envelope(String payloadType, byte[] payload, UnaryOperator<byte[]> sign) {
        ObjectNode envelope = JSON.createObjectNode().put("payloadType", payloadType).put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.putArray("signatures").addObject().put("keyid", "")
                .put("sig", Base64.getEncoder().encodeToString(sign.apply(preAuthEncoding(payloadType, payload))));
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code bytes} parse as a DSSE envelope at all (a payload type and a payload), signed or not. */
    public static boolean isEnvelope(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.path("payloadType").isTextual() && node.path("payload").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The payload of an envelope of {@code payloadType} one of whose signatures is {@code key}'s;
     * {@code null} when none is, the type differs, or it is not an envelope.
     */
    public static byte[] verifiedPayload(byte[] envelopeJson, String payloadType, PublicKey key) {
        try {
            JsonNode envelope = JSON.readTree(envelopeJson);
            String type = envelope.path("payloadType").asText();
            if (payloadType != null && !payloadType.equals(type)) {
                return null;
            }
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
            byte[] pae = preAuthEncoding(type, payload);
            for (JsonNode signature : envelope.path("signatures")) {
                byte[] sig;
                try {
                    sig = Base64.getDecoder().decode(signature.path("sig").asText());
                } catch (IllegalArgumentException malformed) {
                    continue; // one malformed signature does not hide a valid one after it
                }
                if (EcdsaSignatures.verify(key, pae, sig)) {
                    return payload;
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
