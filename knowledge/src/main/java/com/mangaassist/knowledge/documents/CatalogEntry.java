package com.mangaassist.knowledge.documents;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One manga series in the catalog (data/catalog/*.jsonl, schema version {@value #SCHEMA_VERSION};
 * data/catalog.schema.json). The synopses are the project's own words.
 *
 * @param id       a lowercase kebab slug, unique across the catalog
 * @param aliases  other names people type: kana readings, romaji, abbreviations
 * @param volumes  tankobon volumes published in Japan as of the data's date
 * @param endYear  {@code null} while the series runs or is on hiatus
 * @param formats  what the store sells (print, digital)
 * @param inStock  whether the store holds print stock now
 */
public record CatalogEntry(String id, Localized title, List<String> aliases, List<Author> authors, Demographic demographic, List<Genre> genres,
                           List<String> tags, Status status, int volumes, Localized publisher, Localized magazine, int startYear, Integer endYear,
                           Set<Format> formats, boolean inStock, Localized synopsis) {

    public static final int SCHEMA_VERSION = 1;

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        aliases = List.copyOf(aliases);
        authors = List.copyOf(authors);
        Objects.requireNonNull(demographic, "demographic");
        genres = List.copyOf(genres);
        tags = List.copyOf(tags);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(magazine, "magazine");
        formats = Set.copyOf(formats);
        Objects.requireNonNull(synopsis, "synopsis");
    }

    /** A creator and what they did. */
    public record Author(Localized name, Role role) {
        public Author {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    public enum Role { STORY, ART, STORY_AND_ART }

    public enum Demographic { SHONEN, SEINEN, SHOJO, JOSEI, KODOMO }

    public enum Status { COMPLETED, ONGOING, HIATUS }

    public enum Format { PRINT, DIGITAL }

    /** The closed genre list: a filter and the eval's "by genre" questions depend on it being closed. */
    public enum Genre {
        ACTION, ADVENTURE, COMEDY, DRAMA, FANTASY, HORROR, MYSTERY, ROMANCE, SCI_FI, SLICE_OF_LIFE, SPORTS, SUPERNATURAL, THRILLER, HISTORICAL,
        PSYCHOLOGICAL, MECHA, MUSIC, COOKING, SCHOOL, MARTIAL_ARTS, ISEKAI, MEDICAL, WORKPLACE, MILITARY, CRIME
    }
}
