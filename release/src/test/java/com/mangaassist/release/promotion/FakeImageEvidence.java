package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ImageEvidence} held in memory: what the image checks read, without a registry. */
final class FakeImageEvidence implements ImageEvidence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<JsonNode>> statements = new HashMap<>();
    private Optional<String> tagged = Optional.empty();
    private RuntimeException registryFailure;
    private CosignStore.SignatureCheck signature = CosignStore.SignatureCheck.VERIFIED;

    FakeImageEvidence tagged(String digest) {
        tagged = Optional.ofNullable(digest);
        return this;
    }

    FakeImageEvidence failing(RuntimeException failure) {
        registryFailure = failure;
        return this;
    }

    FakeImageEvidence signature(CosignStore.SignatureCheck check) {
        signature = check;
        return this;
    }

    /** A statement as the release key signed it for the image (after the statement's own predicateType). */
    FakeImageEvidence attach(byte[] statement) {
        try {
            JsonNode tree = JSON.readTree(statement);
            statements.computeIfAbsent(tree.path("predicateType").asText(), type -> new ArrayList<>()).add(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public Optional<String> taggedDigest(ReleaseManifest.ImageRef image, String tag) {
        if (registryFailure != null) {
            throw registryFailure;
        }
        return tagged;
    }

    @Override
    public CosignStore.SignatureCheck signature(ReleaseManifest.ImageRef image) {
        return signature;
    }

    @Override
    public List<JsonNode> statements(ReleaseManifest.ImageRef image, String predicateType) {
        return statements.getOrDefault(predicateType, List.of());
    }
}
