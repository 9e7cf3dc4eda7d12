package com.mangaassist.gpu.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shapes to warm and the deadline for load plus warmup. Shipped in the image
 * ({@code warmup-manifest.json} on the classpath) and overridable with a file path:
 * <pre>{"deadlineSeconds": 180, "shapes": [{"name": "short", "adapter": "chatbot-en", "promptTokens": 64, "maxTokens": 16}, ...]}</pre>
 */
public record WarmupManifest(Duration deadline, List<WarmupShape> shapes) {

    static final String BUNDLED = "/warmup-manifest.json";

    public WarmupManifest {
        Objects.requireNonNull(deadline, "deadline");
        shapes = List.copyOf(shapes);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the warmup deadline must be positive");
        }
    }

    /** The manifest at {@code path}, or the bundled one when the path is blank. */
    public static WarmupManifest load(String path) {
        try {
            if (path == null || path.isBlank()) {
                try (InputStream in = WarmupManifest.class.getResourceAsStream(BUNDLED)) {
                    if (in == null) {
                        throw new IllegalStateException("missing bundled " + BUNDLED);
                    }
                    return parse(in.readAllBytes());
                }
            }
            return parse(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warmup manifest " + path, e);
        }
    }

    public static WarmupManifest parse(byte[] json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isObject() || !root.path("shapes").isArray()) {
            throw new IllegalArgumentException("a warmup manifest is an object with a 'shapes' array");
        }
        List<WarmupShape> shapes = new ArrayList<>();
        for (JsonNode shape : root.get("shapes")) {
            JsonNode prompt = shape.path("promptTokens");
            int promptTokens = prompt.isTextual() && prompt.asText().equals("max") ? WarmupShape.MAX_LENGTH : prompt.asInt(0);
            String adapter = shape.hasNonNull("adapter") ? shape.get("adapter").asText() : null;
            shapes.add(new WarmupShape(shape.path("name").asText("unnamed"), adapter, promptTokens, shape.path("maxTokens").asInt(0)));
        }
        return new WarmupManifest(Duration.ofSeconds(root.path("deadlineSeconds").asLong(180)), shapes);
    }

    public WarmupManifest withDeadline(Duration value) {
        return new WarmupManifest(value, shapes);
    }
}
