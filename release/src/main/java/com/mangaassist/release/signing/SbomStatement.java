package com.mangaassist.release.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A CycloneDX SBOM bound to an image digest: an in-toto Statement whose predicate is the BOM ({@code cosign attest --type cyclonedx}). */
public final class SbomStatement {

    public static final String PREDICATE_TYPE = "https://cyclonedx.org/bom";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SbomStatement() {
    }

    public static byte[] statement(String reference, String digest, byte[] cyclonedxJson) {
        JsonNode bom;
        try {
            bom = JSON.readTree(cyclonedxJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a CycloneDX JSON document: " + e.getMessage(), e);
        }
        if (!"CycloneDX".equals(bom.path("bomFormat").asText())) {
            throw new IllegalArgumentException("not a CycloneDX JSON document (bomFormat is not CycloneDX)");
        }
        ObjectNode statement = JSON.createObjectNode().put("_type", Provenance.STATEMENT_TYPE);
        statement.putArray("subject").addObject().put("name", reference).putObject("digest").put("sha256", digest.substring("sha256:".length()));
        statement.put("predicateType", PREDICATE_TYPE);
        statement.set("predicate", bom);
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code statement}'s subject is {@code digest}. */
    public static boolean boundTo(JsonNode statement, String digest) {
        for (JsonNode subject : statement.path("subject")) {
            if (digest.equals("sha256:" + subject.path("digest").path("sha256").asText())) {
                return true;
            }
        }
        return false;
    }
}
