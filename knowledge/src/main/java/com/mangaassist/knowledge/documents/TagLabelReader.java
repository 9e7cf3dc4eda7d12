package com.mangaassist.knowledge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.JsonFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the tag vocabulary ({@code tags/*.jsonl}: {@code {schemaVersion, tag, ja}}) strictly; a
 * data set without a {@code tags} directory has none (a catalog's own vocabulary is optional). A
 * label must name a tag the catalog uses or a word of one: a misspelt key would silently label
 * nothing, so it is refused with its file and line like any malformed document.
 */
public final class TagLabelReader {

    private static final Set<String> FIELDS = Set.of("schemaVersion", "tag", "ja");
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int SCHEMA_VERSION = 1;

    private TagLabelReader() {
    }

    /** @param catalogTags every tag the catalog's entries carry */
    public static DocumentBatch<Map.Entry<String, String>> read(Path directory, Set<String> catalogTags) {
        if (!Files.isDirectory(directory)) {
            return new DocumentBatch<>(List.of(), List.of());
        }
        Set<String> known = new HashSet<>(catalogTags);
        catalogTags.forEach(tag -> known.addAll(List.of(tag.split("-"))));
        List<DocumentError> errors = new ArrayList<>();
        List<Map.Entry<String, String>> labels = new ArrayList<>();
        for (JsonLines.Located<Map.Entry<String, String>> located : JsonLines.readUnique(directory, TagLabelReader::label, Map.Entry::getKey, errors)) {
            if (known.contains(located.value().getKey())) {
                labels.add(located.value());
            } else {
                errors.add(new DocumentError(located.file(), located.line(), "tag", "'" + located.value().getKey()
                        + "' is neither a tag of the catalog nor a word of one"));
            }
        }
        return new DocumentBatch<>(labels, errors);
    }

    /** The batch's labels as the lookup ingestion uses. */
    public static TagLabels of(DocumentBatch<Map.Entry<String, String>> batch) {
        Map<String, String> japanese = new LinkedHashMap<>();
        batch.documents().forEach(label -> japanese.put(label.getKey(), label.getValue()));
        return new TagLabels(japanese);
    }

    static Map.Entry<String, String> label(JsonNode node) {
        JsonFields f = JsonLines.fields(node, "tag label", SCHEMA_VERSION, FIELDS);
        return Map.entry(f.requiredMatching("tag", TAG, "a lowercase kebab tag or tag word"), f.requiredText("ja", 200));
    }
}
