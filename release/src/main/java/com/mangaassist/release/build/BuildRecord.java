package com.mangaassist.release.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.docker.ImageBases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code release build} used that the manifest does not name but the provenance must: the base
 * images by digest. Written next to the manifest ({@code manifest.json} → {@code manifest.build.json})
 * by the build, read by {@code sign} on the same pipeline.
 */
public record BuildRecord(Map<String, String> baseImages) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PINNED = Pattern.compile("[^@\\s]+@sha256:[0-9a-f]{64}");

    public BuildRecord {
        baseImages = Map.copyOf(baseImages);
        baseImages.forEach((role, reference) -> {
            if (!PINNED.matcher(reference).matches()) {
                throw new IllegalArgumentException("base image " + role + " is not pinned by digest: " + reference);
            }
        });
    }

    public static BuildRecord of(ImageBases bases) {
        return new BuildRecord(Map.of("jdk", bases.jdk(), "gpu-runtime", bases.gpuRuntime()));
    }

    /** {@code dir/manifest.json} → {@code dir/manifest.build.json}. */
    public static Path besides(Path manifest) {
        String name = manifest.getFileName().toString();
        return manifest.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".build.json");
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode bases = root.putObject("baseImages");
        new TreeMap<>(baseImages).forEach(bases::put);
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    public static BuildRecord read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no build record " + file + ": sign the manifest release build wrote, next to its build record", e);
        }
        if (root == null || !root.path("baseImages").isObject()) {
            throw new IllegalArgumentException(file + " is not a build record (no baseImages)");
        }
        Map<String, String> bases = new TreeMap<>();
        root.path("baseImages").fields().forEachRemaining(e -> bases.put(e.getKey(), e.getValue().asText()));
        return new BuildRecord(bases);
    }
}
