package com.mangaassist.knowledge.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.knowledge.ingest.FacetLabels;
import com.mangaassist.shared.grounding.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * An indexed document as the model is given it, in the asker's language: a series' facts (authors,
 * demographic and genres, status and volumes, publisher, formats and stock) then its synopsis; a
 * policy's text. Built from the index's own fields, so what the model reads is what retrieval
 * found, nothing added.
 */
public final class Passages {

    /** The index fields a passage is built from, and nothing else ({@code _source} filter of the fetch). */
    static final List<String> FIELDS = List.of("id", "kind", "title_ja", "title_en", "authors_ja", "authors_en", "demographic", "genres",
            "status", "volumes", "publisher_ja", "publisher_en", "magazine_ja", "magazine_en", "formats", "inStock", "body_ja", "body_en");

    private Passages() {
    }

    public static Passage of(JsonNode source, String language) {
        String id = source.path("id").asText();
        boolean ja = "ja".equals(language);
        if ("policy".equals(source.path("kind").asText())) {
            String lang = source.has("body_ja") ? "ja" : "en";
            return new Passage(id, "policy", source.path("title_" + lang).asText(), source.path("body_" + lang).asText());
        }
        String title = ja ? source.path("title_ja").asText() : source.path("title_en").asText();
        String other = ja ? source.path("title_en").asText() : source.path("title_ja").asText();
        String shown = other.isBlank() || other.equals(title) ? title : title + (ja ? "（" + other + "）" : " (" + other + ")");
        return new Passage(id, "catalog", shown, ja ? japaneseFacts(source) : englishFacts(source));
    }

    private static String englishFacts(JsonNode s) {
        List<String> facts = new ArrayList<>();
        facts.add("By " + s.path("authors_en").asText() + ".");
        facts.add(capitalized(word(s.path("demographic"), "en")) + "; " + String.join(", ", strings(s.path("genres")).stream()
                .map(g -> FacetLabels.word(g, "en")).toList()) + "; " + word(s.path("status"), "en") + ".");
        int volumes = s.path("volumes").asInt();
        facts.add(volumes + (volumes == 1 ? " volume" : " volumes") + ", " + s.path("publisher_en").asText()
                + (s.path("magazine_en").asText().isBlank() ? "" : " (" + s.path("magazine_en").asText() + ")") + ".");
        facts.add("Formats: " + String.join(", ", strings(s.path("formats"))) + "; " + (s.path("inStock").asBoolean() ? "in stock" : "print out of stock")
                + ".");
        facts.add(s.path("body_en").asText());
        return String.join(" ", facts);
    }

    private static String japaneseFacts(JsonNode s) {
        StringBuilder facts = new StringBuilder();
        facts.append("著者: ").append(s.path("authors_ja").asText()).append("。");
        facts.append(word(s.path("demographic"), "ja")).append("・").append(String.join("・", strings(s.path("genres")).stream()
                .map(g -> FacetLabels.word(g, "ja")).toList())).append("・").append(word(s.path("status"), "ja")).append("。");
        facts.append("全").append(s.path("volumes").asInt()).append("巻、").append(s.path("publisher_ja").asText());
        if (!s.path("magazine_ja").asText().isBlank()) {
            facts.append("（").append(s.path("magazine_ja").asText()).append("）");
        }
        facts.append("。形式: ").append(String.join("・", strings(s.path("formats")).stream().map(Passages::formatJa).toList()));
        facts.append(s.path("inStock").asBoolean() ? "、在庫あり。" : "、紙版は在庫切れ。");
        facts.append(s.path("body_ja").asText());
        return facts.toString();
    }

    private static String word(JsonNode wireName, String language) {
        return FacetLabels.word(wireName.asText(), language);
    }

    private static String formatJa(String format) {
        return switch (format) {
            case "print" -> "紙";
            case "digital" -> "電子";
            default -> format;
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
