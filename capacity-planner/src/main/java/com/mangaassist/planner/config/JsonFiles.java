package com.mangaassist.planner.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the planner's JSON inputs: bundled resources (always there) and users' files (refused by name when unreadable). */
final class JsonFiles {

    private JsonFiles() {
    }

    static byte[] resource(String path) {
        try (InputStream in = JsonFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] file(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PlannerInputException(file + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }
}
