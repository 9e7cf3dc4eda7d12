package com.mangaassist.knowledge.documents;

import java.util.Set;
import java.util.Map;
import java.util.HashMap;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a JSON Lines file strictly, one object a line, through the project's codec boundary: a
 * line that is not UTF-8, not JSON, or that the record reader refuses becomes a
 * {@link DocumentError} naming the file, the line and the field; blank lines are allowed.
 */
final class JsonLines {

    /** A line may hold a long synopsis pair, never a megabyte. */
    private static final WireJson JSON = WireJson.create(WireLimits.defaults().withMaxFrameBytes(64 * 1024).withMaxTextChars(8_000));

    private JsonLines() {
    }

    /** A line's fields, once its {@code schemaVersion} is the one this build reads and it holds no field outside {@code allowed}. */
    static JsonFields fields(JsonNode node, String what, int schemaVersion, Set<String> allowed) {
        JsonFields f = WireCodecs.fields(node);
        int version = f.requiredInt("schemaVersion", 0, Integer.MAX_VALUE);
        if (version != schemaVersion) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion", what + " schemaVersion " + version + " is not supported (this build reads " + schemaVersion + ")"));
        }
        f.rejectUnknown(allowed);
        return f;
    }

    /** A record read from one line, with where it came from. */
    record Located<T>(T value, String file, int line) {
    }

    /**
     * Every {@code *.jsonl} in {@code directory} read with {@code reader}; a record whose id another
     * already has is refused (naming where the first is) and left out.
     */
    static <T> List<Located<T>> readUnique(Path directory, Function<JsonNode, T> reader, Function<T, String> id, List<DocumentError> errors) {
        List<Located<T>> read = new ArrayList<>();
        for (Path file : files(directory)) {
            read(file, reader, read, errors);
        }
        Map<String, Located<T>> byId = new HashMap<>();
        List<Located<T>> unique = new ArrayList<>();
        for (Located<T> located : read) {
            Located<T> first = byId.putIfAbsent(id.apply(located.value()), located);
            if (first != null) {
                errors.add(new DocumentError(located.file(), located.line(), "id", "duplicates the id of " + first.file() + ":" + first.line()));
            } else {
                unique.add(located);
            }
        }
        return unique;
    }

    static <T> void read(Path file, Function<JsonNode, T> reader, List<Located<T>> read, List<DocumentError> errors) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.add(new DocumentError(name, firstInvalidLine(bytes), "", "is not valid UTF-8"));
            return;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            Decoded<T> decoded = WireCodecs.decodeObject(JSON, line.getBytes(StandardCharsets.UTF_8), reader);
            if (decoded.isOk()) {
                read.add(new Located<>(decoded.value(), name, i + 1));
            } else {
                String field = decoded.error().field() == null ? "" : decoded.error().field();
                errors.add(new DocumentError(name, i + 1, field, decoded.error().message()));
            }
        }
    }

    private static int firstInvalidLine(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }

    /** Every {@code *.jsonl} file under {@code dir}, in name order (so errors and ids come out the same each run). */
    static List<Path> files(Path dir) {
        try (var stream = Files.list(dir)) {
            List<Path> files = new ArrayList<>(stream.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList());
            if (files.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds no .jsonl file");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
