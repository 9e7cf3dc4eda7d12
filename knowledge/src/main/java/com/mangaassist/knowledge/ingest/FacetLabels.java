package com.mangaassist.knowledge.ingest;

import com.mangaassist.knowledge.documents.CatalogEntry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The catalog's closed facets as the words people use for them in each language, indexed as text:
 * "スポーツ漫画" and "completed romance" must match a genre, a demographic or a status, which are
 * keywords in the data ({@code sports}, {@code shojo}, {@code completed}).
 */
final class FacetLabels {

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
        DEMOGRAPHICS.put(CatalogEntry.Demographic.SEINEN, new String[] {"青年漫画 青年 大人向け", "seinen adult"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.SHOJO, new String[] {"少女漫画 少女", "shojo shoujo girls"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.JOSEI, new String[] {"女性漫画 女性 レディース", "josei women"});
        DEMOGRAPHICS.put(CatalogEntry.Demographic.KODOMO, new String[] {"子供向け 児童 キッズ", "kodomo kids children"});
        STATUSES.put(CatalogEntry.Status.COMPLETED, new String[] {"完結 完結済み", "completed finished"});
        STATUSES.put(CatalogEntry.Status.ONGOING, new String[] {"連載中", "ongoing"});
        STATUSES.put(CatalogEntry.Status.HIATUS, new String[] {"休載中", "hiatus"});
    }

    private FacetLabels() {
    }

    private static void genre(CatalogEntry.Genre genre, String ja, String en) {
        GENRES.put(genre, new String[] {ja, en});
    }

    /** The entry's genres, demographic and status as words in {@code language} (0 = ja, 1 = en). */
    static String of(CatalogEntry entry, int language) {
        StringBuilder words = new StringBuilder();
        entry.genres().forEach(g -> words.append(GENRES.get(g)[language]).append(' '));
        words.append(DEMOGRAPHICS.get(entry.demographic())[language]).append(' ').append(STATUSES.get(entry.status())[language]);
        return words.toString();
    }
}
