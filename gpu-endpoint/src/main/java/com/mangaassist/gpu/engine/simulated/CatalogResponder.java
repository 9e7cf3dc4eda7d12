package com.mangaassist.gpu.engine.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The simulated engine's answers: manga recommendations from a small bundled catalog, matched on
 * the words of the user's question, in Japanese when the Japanese adapter is asked for. Readable
 * and deterministic (the same question always gets the same answer), so tests and demos can check
 * what came back.
 */
final class CatalogResponder {

    private static final String CATALOG = "/simulated/manga-catalog.json";

    private final List<MangaTitle> catalog;

    private CatalogResponder(List<MangaTitle> catalog) {
        this.catalog = List.copyOf(catalog);
    }

    static CatalogResponder bundled() {
        try (InputStream in = CatalogResponder.class.getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + CATALOG);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<MangaTitle> titles = new ArrayList<>();
            for (JsonNode t : root) {
                List<String> keywords = new ArrayList<>();
                t.get("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
                titles.add(new MangaTitle(t.get("title").asText(), t.get("titleJa").asText(), t.get("year").asInt(), keywords,
                        t.get("blurb").asText(), t.get("blurbJa").asText()));
            }
            return new CatalogResponder(titles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer to {@code question}; Japanese when {@code japanese}. */
    String answer(String question, boolean japanese) {
        String q = question.toLowerCase(Locale.ROOT);
        List<MangaTitle> ranked = new ArrayList<>(catalog);
        ranked.sort(Comparator.comparingInt((MangaTitle t) -> -score(t, q)));
        List<MangaTitle> picks = ranked.subList(0, Math.min(3, ranked.size()));
        boolean matched = score(picks.get(0), q) > 0;
        StringBuilder out = new StringBuilder();
        if (japanese) {
            out.append(matched ? "ご質問に合いそうな作品をおすすめします。" : "人気の作品をいくつかご紹介します。");
            for (int i = 0; i < picks.size(); i++) {
                MangaTitle t = picks.get(i);
                out.append(' ').append(i + 1).append(". 『").append(t.titleJa()).append("』（").append(t.year()).append("年）：").append(t.blurbJa());
            }
        } else {
            out.append(matched ? "Based on what you asked, you might enjoy:" : "Here are a few popular picks:");
            for (int i = 0; i < picks.size(); i++) {
                MangaTitle t = picks.get(i);
                out.append(' ').append(i + 1).append(". ").append(t.title()).append(" (").append(t.year()).append(") - ").append(t.blurb());
            }
        }
        return out.toString();
    }

    private static int score(MangaTitle title, String question) {
        int score = 0;
        if (question.contains(title.title().toLowerCase(Locale.ROOT)) || question.contains(title.titleJa())) {
            score += 1; // naming a title means "something like it", so it counts less than its themes
        }
        for (String keyword : title.keywords()) {
            if (question.contains(keyword)) {
                score += 3;
            }
        }
        return score;
    }

    /**
     * Splits an answer into model-token-sized pieces: words with their trailing space for Latin
     * text, two characters at a time for Japanese.
     */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end;
            if (cp < 0x3000) {
                end = i;
                while (end < text.length() && text.charAt(end) != ' ' && text.codePointAt(end) < 0x3000) {
                    end++;
                }
                while (end < text.length() && text.charAt(end) == ' ') {
                    end++;
                }
                end = Math.max(end, i + Character.charCount(cp));
            } else {
                end = i + Character.charCount(cp);
                if (end < text.length() && text.codePointAt(end) >= 0x3000) {
                    end += Character.charCount(text.codePointAt(end));
                }
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }
}
