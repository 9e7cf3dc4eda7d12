package com.mangaassist.knowledge.documents;

/**
 * Why one line of a knowledge file was refused: where (file and 1-based line), which field (its
 * path, such as {@code synopsis.ja}; empty for the line as a whole) and what it must be.
 */
public record DocumentError(String file, int line, String field, String message) {

    @Override
    public String toString() {
        return file + ":" + line + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
