package com.mangaassist.knowledge.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.knowledge.documents.CatalogEntry;
import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.documents.StorePolicy;
import com.mangaassist.knowledge.documents.TagLabels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Catalog entries and policies as index documents. A series is one document carrying both
 * languages' fields (a Japanese question matches the Japanese fields, an English one the English);
 * a policy is one document per language, since answers quote the policy in the asker's language.
 */
public final class DocumentMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DocumentMapper() {
    }

    /** @param tagLabels the tags' Japanese words, indexed with the facets' labels so a Japanese question can match a tag */
    public static IndexedDocument catalog(CatalogEntry entry, TagLabels tagLabels) {
        ObjectNode f = NODES.objectNode();
        f.put("id", entry.id()).put("kind", "catalog").put("lang", "both");
        f.put("title_ja", entry.title().ja()).put("title_en", entry.title().en());
        f.put("aliases", String.join(" / ", entry.aliases()));
        f.put("authors_ja", entry.authors().stream().map(a -> a.name().ja()).collect(Collectors.joining(" / ")));
        f.put("authors_en", entry.authors().stream().map(a -> a.name().en()).collect(Collectors.joining(" / ")));
        f.put("demographic", CatalogReader.wireName(entry.demographic()));
        ArrayNode genres = f.putArray("genres");
        entry.genres().forEach(g -> genres.add(CatalogReader.wireName(g)));
        ArrayNode tags = f.putArray("tags");
        entry.tags().forEach(tags::add);
        f.put("tags_en", String.join(" ", entry.tags()).replace('-', ' '));
        f.put("status", CatalogReader.wireName(entry.status()));
        f.put("volumes", entry.volumes());
        f.put("publisher_ja", entry.publisher().ja()).put("publisher_en", entry.publisher().en());
        f.put("magazine_ja", entry.magazine().ja()).put("magazine_en", entry.magazine().en());
        ArrayNode formats = f.putArray("formats");
        entry.formats().stream().map(CatalogReader::wireName).sorted().forEach(formats::add);
        f.put("inStock", entry.inStock());
        String tagWords = tagLabels.japaneseFor(entry.tags());
        f.put("labels_ja", FacetLabels.of(entry, 0) + (tagWords.isEmpty() ? "" : " " + tagWords)).put("labels_en", FacetLabels.of(entry, 1));
        f.put("body_ja", entry.synopsis().ja()).put("body_en", entry.synopsis().en());
        String genreWords = entry.genres().stream().map(g -> CatalogReader.wireName(g).replace('-', ' ')).collect(Collectors.joining(", "));
        String embeddingText = entry.title().en() + ". By " + f.get("authors_en").asText() + ". " + CatalogReader.wireName(entry.demographic())
                + " manga; " + genreWords + "; " + f.get("tags_en").asText() + ". " + entry.synopsis().en();
        return new IndexedDocument(entry.id(), "catalog", entry.title().en() + " (" + entry.title().ja() + ")", f, embeddingText,
                hash(f.toString() + "\n" + embeddingText));
    }

    public static IndexedDocument policy(StorePolicy policy) {
        ObjectNode f = NODES.objectNode();
        f.put("id", policy.id()).put("kind", "policy").put("lang", policy.language());
        f.put("topic", CatalogReader.wireName(policy.topic()));
        f.put("title_" + policy.language(), policy.title());
        f.put("body_" + policy.language(), policy.body());
        f.put("updated", policy.updated().toString());
        String embeddingText = policy.title() + ". " + policy.body();
        return new IndexedDocument(policy.id(), "policy", policy.title(), f, embeddingText, hash(f.toString() + "\n" + embeddingText));
    }

    /** The hash of a whole batch: its documents' ids and hashes in id order, the mapping's version and the embedder. */
    public static String batchHash(List<IndexedDocument> documents, int mappingVersion, String embedder) {
        StringBuilder all = new StringBuilder("mapping " + mappingVersion + "\nembedder " + embedder + "\n");
        documents.stream().sorted(java.util.Comparator.comparing(IndexedDocument::id))
                .forEach(d -> all.append(d.id()).append(' ').append(d.contentHash()).append('\n'));
        return hash(all.toString());
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
