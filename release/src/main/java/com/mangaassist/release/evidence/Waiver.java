package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.shared.signing.Dsse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A signed, expiring exception to the vulnerability policy: it names exactly one thing the gate
 * would refuse (a finding id such as {@code CVE-2024-1234}, or a denied component as
 * {@code group:name@version}), why it is accepted, who accepted it, and until when. It is a DSSE
 * envelope signed by a waiver key; the gate honours it only when that signature verifies and its
 * expiry is in the future, so an exception cannot outlive the decision that made it.
 */
public record Waiver(String waives, String reason, String approver, Instant expires) {

    public static final String PAYLOAD_TYPE = "application/vnd.mangaassist.waiver.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Waiver {
        Objects.requireNonNull(waives, "waives");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(expires, "expires");
        if (waives.isBlank() || reason.isBlank() || approver.isBlank()) {
            throw new IllegalArgumentException("a waiver names what it waives, why, and who approved it");
        }
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    public byte[] sign(Signer signer) {
        ObjectNode payload = JSON.createObjectNode().put("waives", waives).put("reason", reason).put("approver", approver)
                .put("expires", expires.toString());
        try {
            return Dsse.envelope(PAYLOAD_TYPE, JSON.writeValueAsBytes(payload), signer::sign);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The waiver in {@code envelope} if {@code key} signed it; throws naming what is wrong otherwise. */
    public static Waiver verified(byte[] envelope, PublicKey key, String source) {
        byte[] payload = Dsse.verifiedPayload(envelope, PAYLOAD_TYPE, key);
        if (payload == null) {
            throw new IllegalArgumentException("waiver " + source + " is not a waiver signed by the trusted waiver key");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            return new Waiver(node.path("waives").asText(""), node.path("reason").asText(""), node.path("approver").asText(""),
                    Instant.parse(node.path("expires").asText("")));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("waiver " + source + " is signed but malformed: " + e.getMessage(), e);
        }
    }
}
