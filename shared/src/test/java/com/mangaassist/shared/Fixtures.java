package com.mangaassist.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads JSON fixtures from {@code src/test/resources}. */
public final class Fixtures {

    private static final ObjectMapper TREE = new ObjectMapper();

    private Fixtures() {
    }

    public static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON document as a tree, for comparisons that ignore field order and whitespace. */
    public static JsonNode tree(String json) {
        try {
            return TREE.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
