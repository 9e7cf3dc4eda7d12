package com.mangaassist.knowledge.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the catalog (every {@code *.jsonl} in a directory) strictly: schema version, no unknown
 * field, every enum from its closed list, ids unique across files, an end year exactly when the
 * series is completed. Every problem is reported with file, line and field; nothing is dropped
 * silently.
 */
public final class CatalogReader {

    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "title", "aliases", "authors", "demographic", "genres", "tags",
            "status", "volumes", "publisher", "magazine", "startYear", "endYear", "formats", "inStock", "synopsis");
    private static final Set<String> LOCALIZED = Set.of("ja", "en");
    private static final Set<String> AUTHOR = Set.of("name", "role");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private CatalogReader() {
    }

    public static DocumentBatch<CatalogEntry> read(Path directory) {
        List<DocumentError> errors = new ArrayList<>();
        List<CatalogEntry> entries = JsonLines.readUnique(directory, CatalogReader::entry, CatalogEntry::id, errors).stream()
                .map(JsonLines.Located::value).toList();
        return new DocumentBatch<>(entries, errors);
    }

    static CatalogEntry entry(JsonNode node) {
        JsonFields f = JsonLines.fields(node, "catalog", CatalogEntry.SCHEMA_VERSION, FIELDS);
        String id = f.requiredMatching("id", ID, "a lowercase kebab slug such as slam-dunk");
        List<CatalogEntry.Author> authors = new ArrayList<>();
        for (JsonFields author : f.objectArray("authors", 6, true)) {
            author.rejectUnknown(AUTHOR);
            authors.add(new CatalogEntry.Author(localized(author.requiredObject("name"), 100),
                    author.requiredEnum("role", wire(CatalogEntry.Role.class))));
        }
        if (authors.isEmpty()) {
            throw invalid("authors", "must name at least one author");
        }
        List<CatalogEntry.Genre> genres = enumList(f, "genres", 4, CatalogEntry.Genre.class);
        List<String> tags = f.stringArray("tags", 8, 40);
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw invalid("tags", "must hold lowercase kebab tags, not '" + tag + "'");
            }
        }
        CatalogEntry.Status status = f.requiredEnum("status", wire(CatalogEntry.Status.class));
        int startYear = f.requiredInt("startYear", 1900, 2100);
        Integer endYear = f.optionalInt("endYear", startYear, 2100);
        if ((status == CatalogEntry.Status.COMPLETED) != (endYear != null)) {
            throw invalid("endYear", "must be given exactly when status is completed");
        }
        List<CatalogEntry.Format> formats = enumList(f, "formats", 2, CatalogEntry.Format.class);
        return new CatalogEntry(id, localized(f.requiredObject("title"), 200), f.stringArray("aliases", 8, 100), authors,
                f.requiredEnum("demographic", wire(CatalogEntry.Demographic.class)), genres, tags, status, f.requiredInt("volumes", 1, 500),
                localized(f.requiredObject("publisher"), 100), localized(f.requiredObject("magazine"), 100), startYear, endYear,
                EnumSet.copyOf(formats), f.requiredBoolean("inStock"), localized(f.requiredObject("synopsis"), 2_000));
    }

    static Localized localized(JsonFields f, int maxLength) {
        f.rejectUnknown(LOCALIZED);
        return new Localized(f.requiredText("ja", maxLength), f.requiredText("en", maxLength));
    }

    /** A non-empty array of distinct values of {@code type}'s wire names. */
    static <E extends Enum<E>> List<E> enumList(JsonFields f, String field, int maxSize, Class<E> type) {
        List<E> values = new ArrayList<>();
        for (String value : f.stringArray(field, maxSize, 40)) {
            E parsed = wire(type).apply(value);
            if (parsed == null) {
                throw invalid(field, "has an unknown value '" + value + "'");
            }
            if (values.contains(parsed)) {
                throw invalid(field, "repeats '" + value + "'");
            }
            values.add(parsed);
        }
        if (values.isEmpty()) {
            throw invalid(field, "must hold at least one value");
        }
        return values;
    }

    /** Wire names are lowercase with hyphens: {@code SLICE_OF_LIFE} is {@code slice-of-life}. */
    static <E extends Enum<E>> Function<String, E> wire(Class<E> type) {
        return value -> {
            for (E constant : type.getEnumConstants()) {
                if (wireName(constant).equals(value)) {
                    return constant;
                }
            }
            return null;
        };
    }

    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static RuntimeException invalid(String field, String expectation) {
        return WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, field, "field '" + field + "' " + expectation));
    }
}
