package com.mangaassist.knowledge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The knowledge the repository ships reads without a single refusal, and covers what the product answers about. */
class ShippedKnowledgeTest {

    private static final Path DATA = Path.of("data");

    @Test
    void catalog_whenRead_hasNoErrorsAndAtLeast300SeriesCoveringEveryGenreAndDemographic() {
        DocumentBatch<CatalogEntry> catalog = CatalogReader.read(DATA.resolve("catalog"));

        assertThat(catalog.errors()).isEmpty();
        assertThat(catalog.documents()).hasSizeGreaterThanOrEqualTo(300);
        Set<CatalogEntry.Genre> genres = catalog.documents().stream().flatMap(e -> e.genres().stream()).collect(Collectors.toSet());
        assertThat(genres).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(CatalogEntry.Genre.class));
        assertThat(catalog.documents()).extracting(CatalogEntry::demographic).containsAll(Arrays.asList(CatalogEntry.Demographic.values()));
        assertThat(catalog.documents()).filteredOn(e -> e.genres().contains(CatalogEntry.Genre.SPORTS)).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void policies_whenRead_haveNoErrorsAndEveryTopicInBothLanguages() {
        DocumentBatch<StorePolicy> policies = StorePolicyReader.read(DATA.resolve("store"));

        assertThat(policies.errors()).isEmpty();
        assertThat(policies.documents()).extracting(StorePolicy::topic).containsAll(EnumSet.allOf(StorePolicy.Topic.class));
        assertThat(policies.documents().stream().filter(p -> p.language().equals("ja")).count())
                .isEqualTo(policies.documents().stream().filter(p -> p.language().equals("en")).count());
    }

    @Test
    void tagLabels_whenRead_haveNoErrorsAndLabelTheTagsThatThemeQuestionsUse() {
        Set<String> tags = CatalogReader.read(DATA.resolve("catalog")).documents().stream().flatMap(e -> e.tags().stream()).collect(Collectors.toSet());
        DocumentBatch<java.util.Map.Entry<String, String>> labels = TagLabelReader.read(DATA.resolve("tags"), tags);

        assertThat(labels.errors()).isEmpty();
        TagLabels lookup = TagLabelReader.of(labels);
        assertThat(lookup.japaneseFor(java.util.List.of("ninja"))).contains("忍者");
        assertThat(lookup.japaneseFor(java.util.List.of("rural-doctor"))).contains("医者");
    }
}
