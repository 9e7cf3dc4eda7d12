package com.mangaassist.knowledge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the store's policies (every {@code *.jsonl} in a directory) strictly, and requires each
 * document in both languages under the same topic: an answer in Japanese must never fall back to
 * an English-only policy, or quote a policy the other language contradicts.
 */
public final class StorePolicyReader {

    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "topic", "lang", "title", "body", "updated");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*-(ja|en)");

    private StorePolicyReader() {
    }

    public static DocumentBatch<StorePolicy> read(Path directory) {
        List<DocumentError> errors = new ArrayList<>();
        List<JsonLines.Located<StorePolicy>> read = JsonLines.readUnique(directory, StorePolicyReader::policy, StorePolicy::id, errors);
        Map<String, List<JsonLines.Located<StorePolicy>>> bySlug = new HashMap<>();
        List<StorePolicy> policies = new ArrayList<>();
        for (JsonLines.Located<StorePolicy> located : read) {
            policies.add(located.value());
            bySlug.computeIfAbsent(located.value().slug(), s -> new ArrayList<>()).add(located);
        }
        bySlug.values().forEach(pair -> {
            JsonLines.Located<StorePolicy> first = pair.get(0);
            if (pair.size() != 2) {
                errors.add(new DocumentError(first.file(), first.line(), "id", "has no " + ("ja".equals(first.value().language()) ? "en" : "ja")
                        + " counterpart " + first.value().slug() + "-" + ("ja".equals(first.value().language()) ? "en" : "ja")));
            } else if (pair.get(0).value().topic() != pair.get(1).value().topic()) {
                errors.add(new DocumentError(pair.get(1).file(), pair.get(1).line(), "topic", "differs from its counterpart's at line " + first.line()));
            }
        });
        return new DocumentBatch<>(policies, errors);
    }

    static StorePolicy policy(JsonNode node) {
        JsonFields f = JsonLines.fields(node, "policy", StorePolicy.SCHEMA_VERSION, FIELDS);
        String id = f.requiredMatching("id", ID, "a lowercase kebab slug ending in -ja or -en");
        String language = f.requiredMatching("lang", Pattern.compile("ja|en"), "ja or en");
        if (!id.endsWith("-" + language)) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "lang", "field 'lang' must match the id's suffix"));
        }
        LocalDate updated;
        try {
            updated = LocalDate.parse(f.requiredString("updated"));
        } catch (DateTimeParseException e) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "updated", "field 'updated' must be a date such as 2026-11-01"));
        }
        return new StorePolicy(id, f.requiredEnum("topic", CatalogReader.wire(StorePolicy.Topic.class)), language, f.requiredText("title", 200),
                f.requiredText("body", 4_000), updated);
    }
}
