package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import com.mangaassist.shared.wire.Decoded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The record of what was promoted where, and what was revoked: one JSON line per event, each
 * signed by the promotion key over the line without its signature, appended and never rewritten,
 * and each naming the SHA-256 of the line before it ({@code prev}), so a line edited, forged,
 * deleted or moved is refused when the ledger is read, with its line number: rollback never trusts
 * a release the ledger cannot vouch for. (Dropping lines from the end leaves a shorter valid chain;
 * keep the ledger where appends are versioned, e.g. a versioned bucket.)
 */
public final class ReleaseLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReleaseManifestCodec MANIFESTS = new ReleaseManifestCodec();

    private final Path file;

    public ReleaseLedger(Path file) {
        this.file = file;
    }

    /** One event: a release promoted to an environment (with its manifest), or revoked (with why). */
    public record Entry(String action, String release, String environment, Instant at, ReleaseManifest manifest, String reason) {
        public boolean promotion() {
            return "promoted".equals(action);
        }
    }

    public void promoted(ReleaseManifest manifest, String environment, Instant at, Signer signer) {
        ObjectNode line = JSON.createObjectNode().put("action", "promoted").put("release", manifest.release()).put("environment", environment)
                .put("at", at.toString()).put("manifest", new String(MANIFESTS.encode(manifest), StandardCharsets.UTF_8));
        append(line, signer);
    }

    public void revoked(String release, String reason, Instant at, Signer signer) {
        append(JSON.createObjectNode().put("action", "revoked").put("release", release).put("at", at.toString()).put("reason", reason), signer);
    }

    /** Every entry, oldest first, each verified against {@code key}; fails naming the first line that does not verify. */
    public List<Entry> entries(PublicKey key) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            entries.add(parse(lines.get(i), i + 1, key, previous));
            previous = sha256(lines.get(i));
        }
        return entries;
    }

    private Entry parse(String text, int number, PublicKey key, String previousLineSha256) {
        ObjectNode line;
        try {
            line = (ObjectNode) JSON.readTree(text);
        } catch (IOException | ClassCastException e) {
            throw new LedgerException("line " + number + " of " + file + " is not a ledger entry");
        }
        JsonNode signature = line.remove("sig");
        byte[] signed = bytes(line);
        byte[] sig;
        try {
            sig = signature == null ? new byte[0] : Base64.getDecoder().decode(signature.asText());
        } catch (IllegalArgumentException e) {
            sig = new byte[0];
        }
        if (!EcdsaSignatures.verify(key, signed, sig)) {
            throw new LedgerException("line " + number + " of " + file + " is not signed by the trusted key (edited or forged)");
        }
        if (!previousLineSha256.equals(line.path("prev").asText(null))) {
            throw new LedgerException("line " + number + " of " + file + " does not follow the line before it (a line was deleted, moved or inserted)");
        }
        ReleaseManifest manifest = null;
        if (line.has("manifest")) {
            Decoded<ReleaseManifest> decoded = MANIFESTS.decode(line.path("manifest").asText().getBytes(StandardCharsets.UTF_8));
            if (!decoded.isOk()) {
                throw new LedgerException("line " + number + " of " + file + " holds an unreadable manifest: " + decoded.error().message());
            }
            manifest = decoded.value();
        }
        return new Entry(line.path("action").asText(), line.path("release").asText(), line.path("environment").asText(null),
                Instant.parse(line.path("at").asText()), manifest, line.path("reason").asText(null));
    }

    private void append(ObjectNode line, Signer signer) {
        line.put("prev", lastLineSha256());
        line.put("sig", Base64.getEncoder().encodeToString(signer.sign(bytes(line))));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastLineSha256() {
        if (!Files.exists(file)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return sha256(lines.get(i));
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String line) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ledger cannot be trusted as it is. */
    public static final class LedgerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LedgerException(String message) {
            super(message);
        }
    }
}
