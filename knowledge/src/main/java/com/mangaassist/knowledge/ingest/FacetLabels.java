package com.mangaassist.knowledge.ingest;

import com.mangaassist.knowledge.documents.CatalogEntry;
import com.mangaassist.knowledge.documents.CatalogReader;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The catalog's closed facets as the words people use for them in each language, indexed as text:
 * "スポーツ漫画" and "completed romance" must match a genre, a demographic or a status, which are
 * keywords in the data ({@code sports}, {@code shojo}, {@code completed}).
 */
public final class FacetLabels {

    private static final Map<CatalogEntry.Genre, String[]> GENRES = new EnumMap<>(CatalogEntry.Genre.class);
    private static final Map<CatalogEntry.Demographic, String[]> DEMOGRAPHICS = new EnumMap<>(CatalogEntry.Demographic.class);
    private static final Map<CatalogEntry.Status, String[]> STATUSES = new EnumMap<>(CatalogEntry.Status.class);

    static {
        genre(CatalogEntry.Genre.ACTION, "アクション バトル", "action battle");
        genre(CatalogEntry.Genre.ADVENTURE, "冒険 アドベンチャー", "adventure");
        genre(CatalogEntry.Genre.COMEDY, "コメディ ギャグ お笑い", "comedy funny gag");
        genre(CatalogEntry.Genre.DRAMA, "ドラマ 人間ドラマ", "drama");
        genre(CatalogEntry.Genre.FANTASY, "ファンタジー 魔法", "fantasy magic");
        genre(CatalogEntry.Genre.HORROR, "ホラー 怖い 恐怖", "horror scary");
        genre(CatalogEntry.Genre.MYSTERY, "ミステリー 推理 謎解き", "mystery detective");
        genre(CatalogEntry.Genre.ROMANCE, "恋愛 ラブコメ ラブストーリー", "romance love story");
        genre(CatalogEntry.Genre.SCI_FI, "SF 科学 宇宙", "sci-fi science fiction");
        genre(CatalogEntry.Genre.SLICE_OF_LIFE, "日常 ほのぼの", "slice of life everyday");
        genre(CatalogEntry.Genre.SPORTS, "スポーツ 部活", "sports");
        genre(CatalogEntry.Genre.SUPERNATURAL, "超常 妖怪 幽霊 オカルト", "supernatural ghosts yokai");
        genre(CatalogEntry.Genre.THRILLER, "サスペンス スリラー", "thriller suspense");
        genre(CatalogEntry.Genre.HISTORICAL, "歴史 時代劇 時代物", "historical history period");
        genre(CatalogEntry.Genre.PSYCHOLOGICAL, "心理 サイコ", "psychological");
        genre(CatalogEntry.Genre.MECHA, "ロボット メカ", "mecha robots");
        genre(CatalogEntry.Genre.MUSIC, "音楽 バンド", "music band");
        genre(CatalogEntry.Genre.COOKING, "料理 グルメ 食べ物", "cooking food gourmet");
        genre(CatalogEntry.Genre.SCHOOL, "学園 学校 高校", "school");
        genre(CatalogEntry.Genre.MARTIAL_ARTS, "格闘 武道 格闘技", "martial arts fighting");
        genre(CatalogEntry.Genre.ISEKAI, "異世界 転生", "isekai another world reincarnation");
        genre(CatalogEntry.Genre.MEDICAL, "医療 医者 病院", "medical doctor hospital");
        genre(CatalogEntry.Genre.WORKPLACE, "お仕事 職場 仕事", "workplace job work");
        genre(CatalogEntry.Genre.MILITARY, "戦争 軍事", "military war");
        genre(CatalogEntry.Genre.CRIME, "犯罪 ヤクザ 警察", "crime");
        DEMOGRAPHICS.put(CatalogEntry.Demographic.SHONEN, new String[] {"少年漫画 少年", "shonen"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.SEINEN, new String[] {"青年漫画 青年 大人向け", "seinen adult for_adults aimed_at_adults grown-ups"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.SHOJO, new String[] {"少女漫画 少女", "shojo shoujo girls"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.JOSEI, new String[] {"女性漫画 女性 レディース", "josei women for_adults aimed_at_adults grown-ups"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.KODOMO, new String[] {"子供向け 児童 キッズ", "kodomo for_kids kids_manga for_children children's"});
        STATUSES.put(CatalogEntry.Status.COMPLETED, new String[] {"完結 完結済み", "completed finished"});
        STATUSES.put(CatalogEntry.Status.ONGOING, new String[] {"連載中", "ongoing"});
        STATUSES.put(CatalogEntry.Status.HIATUS, new String[] {"休載中", "hiatus"});
    }

    /** English label words too general to name a facet in a question. */
    private static final Set<String> VAGUE_EN = Set.of("work", "job", "life", "everyday", "story", "history", "period", "science", "magic",
            "fiction", "finished", "adult", "war", "band", "love", "funny", "scary", "girls", "women", "fighting");

    private FacetLabels() {
    }

    /**
     * The facets a message names, by index field ({@code genres}, {@code demographic}, {@code status})
     * to wire names: "スポーツ漫画" names {@code genres: sports}, "completed romance" names
     * {@code status: completed} and {@code genres: romance}. Japanese labels match anywhere in the
     * text (no spaces between words); English ones as whole words or phrases ({@code for_kids} is
     * "for kids": "kids starting a band" are characters, not readers), and only those that name a
     * facet and nothing else ("work", "life", "story" say too little to filter a catalog by).
     */
    public static Map<String, Set<String>> mentioned(String text, String language) {
        Map<String, Set<String>> facets = new LinkedHashMap<>();
        boolean ja = "ja".equals(language);
        String lower = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Map<? extends Enum<?>, String[]>> field : Map.<String, Map<? extends Enum<?>, String[]>>of("genres", GENRES,
                "demographic", DEMOGRAPHICS, "status", STATUSES).entrySet()) {
            for (Map.Entry<? extends Enum<?>, String[]> entry : field.getValue().entrySet()) {
                for (String word : entry.getValue()[ja ? 0 : 1].split(" ")) {
                    boolean named = ja ? text.contains(word) : !VAGUE_EN.contains(word)
                            && Pattern.compile("\\b" + Pattern.quote(word.replace('_', ' ')) + "(?![\\w'])").matcher(lower).find();
                    if (named) {
                        facets.computeIfAbsent(field.getKey(), f -> new TreeSet<>()).add(CatalogReader.wireName(entry.getKey()));
                    }
                }
            }
        }
        return facets;
    }

    /**
     * The everyday word for a facet's wire name ({@code sports}, {@code shonen}, {@code completed}) in
     * {@code language} ({@code ja} or {@code en}): the first of its labels; the wire name itself when unknown.
     */
    public static String word(String wireName, String language) {
        if (!"ja".equals(language)) {
            // The English labels lead with search words ("slice of life everyday"); the wire name reads as it is.
            return wireName.replace('-', ' ');
        }
        int index = 0;
        for (Map<? extends Enum<?>, String[]> facet : List.of(GENRES, DEMOGRAPHICS, STATUSES)) {
            for (Map.Entry<? extends Enum<?>, String[]> entry : facet.entrySet()) {
                if (CatalogReader.wireName(entry.getKey()).equals(wireName)) {
                    return entry.getValue()[index].split(" ")[0];
                }
            }
        }
        return wireName;
    }

    private static void genre(CatalogEntry.Genre genre, String ja, String en) {
        GENRES.put(genre, new String[] {ja, en});
    }

    /** The entry's genres, demographic and status as words in {@code language} (0 = ja, 1 = en). */
    static String of(CatalogEntry entry, int language) {
        StringBuilder words = new StringBuilder();
        entry.genres().forEach(g -> words.append(GENRES.get(g)[language]).append(' '));
        words.append(DEMOGRAPHICS.get(entry.demographic())[language]).append(' ').append(STATUSES.get(entry.status())[language]);
        return words.toString().replace('_', ' ');
    }
}
