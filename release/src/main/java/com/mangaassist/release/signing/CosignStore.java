package com.mangaassist.release.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.releasecontract.SignatureTags;
import com.mangaassist.releasecontract.signing.Dsse;
import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Image signatures and attestations kept in the registry the way cosign keeps them, so {@code
 * cosign verify --key} and {@code cosign verify-attestation --key} read what this writes: for an
 * image {@code repo@sha256:<hex>}, an OCI manifest tagged {@code sha256-<hex>.sig} whose layers
 * are simple-signing payloads (the signature, base64 DER, in the layer annotation
 * {@code dev.cosignproject.cosign/signature}), and one tagged {@code sha256-<hex>.att} whose layers
 * are DSSE envelopes of in-toto statements (annotation {@code predicateType}). Signing again adds
 * a layer, as cosign does.
 *
 * <p>The image repositories keep every tag immutable except these two (ECR's
 * {@code IMMUTABLE_WITH_EXCLUSION}, ADR 0025), and each write of them still leaves the previous
 * manifest behind untagged: so one {@code release sign} writes each tag once, all of an image's
 * attestations in one manifest ({@link #attestAll}), and nothing when the layers are already there.
 */
public final class CosignStore {

    public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String PREDICATE_ANNOTATION = "predicateType";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OciRegistry registry;

    public CosignStore(OciRegistry registry) {
        this.registry = registry;
    }

    /** {@code sha256:<hex>} → {@code sha256-<hex>.<suffix>}. */
    public static String tagFor(String digest, String suffix) {
        return SignatureTags.tagFor(digest, suffix);
    }

    /** The simple-signing payload cosign signs for {@code repository@digest}. */
    public static byte[] simpleSigningPayload(String repository, String digest) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode critical = payload.putObject("critical");
        critical.putObject("identity").put("docker-reference", repository);
        critical.putObject("image").put("docker-manifest-digest", digest);
        critical.put("type", "cosign container image signature");
        payload.putNull("optional");
        return bytes(payload);
    }

    /** Signs the image {@code name@digest} (name: the repository within this registry; reference: with its host). */
    public void sign(String name, String reference, String digest, Signer signer) {
        byte[] payload = simpleSigningPayload(reference, digest);
        String signature = Base64.getEncoder().encodeToString(signer.sign(payload));
        addLayers(name, tagFor(digest, SignatureTags.SIGNATURE_SUFFIX), List.of(new Layer(SIMPLE_SIGNING, payload, SIGNATURE_ANNOTATION, signature)));
    }

    /** Attaches {@code statement} (an in-toto Statement) to {@code name@digest} as a DSSE envelope signed by {@code signer}. */
    public void attest(String name, String digest, String predicateType, byte[] statement, Signer signer) {
        attestAll(name, digest, List.of(new Statement(predicateType, statement)), signer);
    }

    /** Attaches every statement in one write of the image's attestation tag. */
    public void attestAll(String name, String digest, List<Statement> statements, Signer signer) {
        List<Layer> layers = new ArrayList<>();
        for (Statement statement : statements) {
            layers.add(new Layer(DSSE_ENVELOPE, Dsse.envelope(Dsse.IN_TOTO, statement.bytes(), signer::sign), PREDICATE_ANNOTATION,
                    statement.predicateType()));
        }
        addLayers(name, tagFor(digest, SignatureTags.ATTESTATION_SUFFIX), layers);
    }

    /** Whether a signature by {@code key} over this very digest is stored next to it. */
    public SignatureCheck verifySignature(String name, String digest, PublicKey key) {
        List<JsonNode> layers = layers(name, tagFor(digest, SignatureTags.SIGNATURE_SUFFIX), SIMPLE_SIGNING);
        if (layers.isEmpty()) {
            return SignatureCheck.UNSIGNED;
        }
        boolean byKey = false;
        for (JsonNode layer : layers) {
            byte[] payload = registry.blob(name, layer.path("digest").asText()).orElse(null);
            String signature = layer.path("annotations").path(SIGNATURE_ANNOTATION).asText("");
            if (payload == null || !EcdsaSignatures.verify(key, payload, decode(signature))) {
                continue;
            }
            byKey = true;
            if (digest.equals(read(payload).path("critical").path("image").path("docker-manifest-digest").asText())) {
                return SignatureCheck.VERIFIED;
            }
        }
        return byKey ? SignatureCheck.FOR_ANOTHER_DIGEST : SignatureCheck.OTHER_KEY;
    }

    /** The in-toto statements of {@code predicateType} attached to {@code name@digest} whose envelopes {@code key} signed. */
    public List<JsonNode> verifiedStatements(String name, String digest, String predicateType, PublicKey key) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode layer : layers(name, tagFor(digest, SignatureTags.ATTESTATION_SUFFIX), DSSE_ENVELOPE)) {
            if (!predicateType.equals(layer.path("annotations").path(PREDICATE_ANNOTATION).asText())) {
                continue;
            }
            byte[] envelope = registry.blob(name, layer.path("digest").asText()).orElse(null);
            byte[] payload = envelope == null ? null : Dsse.verifiedPayload(envelope, Dsse.IN_TOTO, key);
            if (payload == null) {
                continue;
            }
            // The layer's predicateType annotation is not signed: only the statement's own, signed fields say what it is.
            JsonNode statement = read(payload);
            if (Provenance.STATEMENT_TYPE.equals(statement.path("_type").asText()) && predicateType.equals(statement.path("predicateType").asText())) {
                statements.add(statement);
            }
        }
        return statements;
    }

    /** Adds the layers not already there and writes the tag once; writes nothing when every layer is there. */
    private void addLayers(String name, String tag, List<Layer> added) {
        ObjectNode manifest = registry.manifest(name, tag).map(m -> (ObjectNode) read(m.bytes())).orElseGet(() -> emptyManifest(name));
        ArrayNode layers = (ArrayNode) manifest.get("layers");
        boolean changed = false;
        for (Layer layer : added) {
            String blob = registry.pushBlob(name, layer.content());
            if (contains(layers, blob, layer.annotation(), layer.value())) {
                continue; // this exact signature is there already
            }
            ObjectNode node = layers.addObject().put("mediaType", layer.mediaType()).put("size", layer.content().length).put("digest", blob);
            node.putObject("annotations").put(layer.annotation(), layer.value());
            changed = true;
        }
        if (changed) {
            registry.pushManifest(name, tag, OCI_MANIFEST, bytes(manifest));
        }
    }

    private static boolean contains(ArrayNode layers, String blob, String annotation, String value) {
        for (JsonNode layer : layers) {
            if (layer.path("digest").asText().equals(blob) && layer.path("annotations").path(annotation).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode emptyManifest(String name) {
        // cosign's config for signature images: no platform, no layers of a file system.
        byte[] config = "{\"architecture\":\"\",\"config\":{},\"created\":\"0001-01-01T00:00:00Z\",\"history\":[],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(name, config);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("size", config.length).put("digest", configDigest);
        manifest.putArray("layers");
        return manifest;
    }

    private List<JsonNode> layers(String name, String tag, String mediaType) {
        List<JsonNode> found = new ArrayList<>();
        registry.manifest(name, tag).ifPresent(m -> read(m.bytes()).path("layers").forEach(layer -> {
            if (mediaType.equals(layer.path("mediaType").asText())) {
                found.add(layer);
            }
        }));
        return found;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode(); // unreadable: verifies as nothing
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An in-toto statement to attach, by its predicate type. */
    public record Statement(String predicateType, byte[] bytes) {
    }

    private record Layer(String mediaType, byte[] content, String annotation, String value) {
    }

    /** What the signature next to a digest says. */
    public enum SignatureCheck {
        VERIFIED, UNSIGNED, OTHER_KEY, FOR_ANOTHER_DIGEST
    }
}
