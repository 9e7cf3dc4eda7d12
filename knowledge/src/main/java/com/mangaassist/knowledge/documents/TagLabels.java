package com.mangaassist.knowledge.documents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog's tags as Japanese words. Tags are English kebab words ({@code single-parent},
 * {@code rural-doctor}); a Japanese question ("男手ひとつで子どもを育てる話", "お医者さんの漫画")
 * can match a tag only through these. A label is given for a whole tag or for one of its words
 * ({@code doctor}): a tag takes its own label, else the labels of its words, so a vocabulary of a few
 * hundred entries reaches most of the catalog's tags.
 */
public record TagLabels(Map<String, String> japanese) {

    public static final TagLabels NONE = new TagLabels(Map.of());

    public TagLabels {
        japanese = Map.copyOf(japanese);
    }

    /** The Japanese words for {@code tags}, each once, in tag order; empty when none has a label. */
    public String japaneseFor(List<String> tags) {
        Set<String> words = new LinkedHashSet<>();
        for (String tag : tags) {
            String whole = japanese.get(tag);
            List<String> labels = new ArrayList<>();
            if (whole != null) {
                labels.add(whole);
            } else {
                for (String word : tag.split("-")) {
                    String label = japanese.get(word);
                    if (label != null) {
                        labels.add(label);
                    }
                }
            }
            labels.forEach(label -> words.addAll(List.of(label.split(" "))));
        }
        return String.join(" ", words);
    }
}
