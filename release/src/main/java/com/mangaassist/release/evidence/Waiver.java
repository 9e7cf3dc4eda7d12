package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.releasecontract.signing.Dsse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A signed, expiring exception to the vulnerability policy: it names exactly one thing the gate
 * would refuse (a finding id such as {@code CVE-2024-1234}, or a denied component as
 * {@code group:name@version}) in one environment, why it is accepted, who accepted it, when, and
 * until when. It is a DSSE envelope signed by a waiver key; the gate honours it only when that
 * signature verifies, the environment is the one being promoted to, its expiry is in the future and
 * it lasts at most {@link #MAX_LIFETIME}, so an exception cannot outlive the decision that made it.
 */
public record Waiver(String waives, String environment, String reason, String approver, Instant issuedAt, Instant expires) {

    /** The longest a waiver may last: a risk accepted for longer must be decided again. */
    public static final java.time.Duration MAX_LIFETIME = java.time.Duration.ofDays(90);

    public static final String PAYLOAD_TYPE = "application/vnd.mangaassist.waiver.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Waiver {
        Objects.requireNonNull(waives, "waives");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(expires, "expires");
        if (waives.isBlank() || environment.isBlank() || reason.isBlank() || approver.isBlank()) {
            throw new IllegalArgumentException("a waiver names what it waives, in which environment, why, and who approved it");
        }
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    /** Whether it lasts longer than {@link #MAX_LIFETIME} from its issue. */
    public boolean tooLong() {
        return java.time.Duration.between(issuedAt, expires).compareTo(MAX_LIFETIME) > 0;
    }

    public byte[] sign(Signer signer) {
        ObjectNode payload = JSON.createObjectNode().put("waives", waives).put("environment", environment).put("reason", reason)
                .put("approver", approver).put("issuedAt", issuedAt.toString()).put("expires", expires.toString());
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
            return new Waiver(node.path("waives").asText(""), node.path("environment").asText(""), node.path("reason").asText(""),
                    node.path("approver").asText(""), Instant.parse(node.path("issuedAt").asText("")), Instant.parse(node.path("expires").asText("")));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("waiver " + source + " is signed but malformed: " + e.getMessage(), e);
        }
    }
}
