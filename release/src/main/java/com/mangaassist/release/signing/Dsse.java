package com.mangaassist.release.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Dead Simple Signing Envelopes (the format of in-toto attestations and {@code cosign attest}):
 * the signature covers the pre-authentication encoding {@code "DSSEv1" SP len(type) SP type SP
 * len(body) SP body}, never the JSON around it.
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

    /** The envelope's JSON: {@code payloadType}, base64 {@code payload}, one signature. */
    public static byte[] envelope(String payloadType, byte[] payload, Signer signer) {
        ObjectNode envelope = JSON.createObjectNode().put("payloadType", payloadType).put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.putArray("signatures").addObject().put("keyid", "")
                .put("sig", Base64.getEncoder().encodeToString(signer.sign(preAuthEncoding(payloadType, payload))));
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of an envelope one of whose signatures is {@code key}'s; {@code null} when none is (or it is not an envelope). */
    public static byte[] verifiedPayload(byte[] envelopeJson, PublicKey key) {
        try {
            JsonNode envelope = JSON.readTree(envelopeJson);
            String type = envelope.path("payloadType").asText();
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
            for (JsonNode signature : envelope.path("signatures")) {
                if (PemKeySigner.verify(key, preAuthEncoding(type, payload), Base64.getDecoder().decode(signature.path("sig").asText()))) {
                    return payload;
                }
            }
            return null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
