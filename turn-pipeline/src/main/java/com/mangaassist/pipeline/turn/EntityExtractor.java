package com.mangaassist.pipeline.turn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the compact facts a turn carries — quoted titles (「…」, 『…』, "…"), order numbers and
 * ISBNs — so the turn can be pinned ahead of recency and, when even pinned turns do not fit,
 * replaced by those facts (the budget's entity compaction). Cheap and deterministic; it runs once
 * per turn, when the turn is stored.
 */
public final class EntityExtractor {

    /** Most entities kept per turn; more adds tokens to the compaction block without adding meaning. */
    public static final int MAX_ENTITIES = 8;
    private static final int MAX_ENTITY_CHARS = 80;

    private static final Pattern QUOTED = Pattern.compile("[「『\"“]([^」』\"”]{1,80})[」』\"”]");
    private static final Pattern ORDER = Pattern.compile("(?i)\\b(?:order|ord|注文)[\\s#:番号-]*([A-Z0-9-]{5,20})\\b|#(\\d{5,12})\\b");
    private static final Pattern ISBN = Pattern.compile("\\b(97[89][- ]?\\d{1,5}[- ]?\\d{1,7}[- ]?\\d{1,7}[- ]?\\d)\\b");

    public List<String> extract(String text) {
        Set<String> found = new LinkedHashSet<>();
        collect(QUOTED.matcher(text), found, "");
        collect(ORDER.matcher(text), found, "order ");
        collect(ISBN.matcher(text), found, "isbn ");
        return List.copyOf(new ArrayList<>(found).subList(0, Math.min(found.size(), MAX_ENTITIES)));
    }

    private static void collect(Matcher matcher, Set<String> into, String prefix) {
        while (matcher.find()) {
            for (int group = 1; group <= matcher.groupCount(); group++) {
                String value = matcher.group(group);
                if (value != null && !value.isBlank() && value.length() <= MAX_ENTITY_CHARS) {
                    into.add(prefix + value.strip());
                }
            }
        }
    }
}
