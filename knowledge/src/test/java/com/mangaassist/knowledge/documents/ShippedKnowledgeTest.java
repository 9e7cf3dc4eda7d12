package com.mangaassist.knowledge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.knowledge.eval.EvalQuestion;
import com.mangaassist.knowledge.eval.EvalQuestionReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
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

    /**
     * The tuning set and the held-out set (written after ADR 0041's rules, without reading them) both
     * read without a refusal against the shipped corpus, are balanced between the languages, and share
     * no question.
     */
    @Test
    void evalSets_whenRead_haveNoRefusalsAndTheHeldOutSetSharesNoQuestionWithTheTuningSet() {
        Set<String> corpus = new HashSet<>();
        CatalogReader.read(DATA.resolve("catalog")).documents().forEach(e -> corpus.add(e.id()));
        StorePolicyReader.read(DATA.resolve("store")).documents().forEach(p -> corpus.add(p.id()));

        EvalQuestionReader.Result tuning = EvalQuestionReader.read(DATA.resolve("eval/questions.jsonl"), corpus);
        EvalQuestionReader.Result heldOut = EvalQuestionReader.read(DATA.resolve("eval/heldout.jsonl"), corpus);

        assertThat(tuning.errors()).isEmpty();
        assertThat(heldOut.errors()).isEmpty();
        assertThat(heldOut.questions()).hasSize(60).filteredOn(q -> q.language().equals("en")).hasSize(30);
        assertThat(heldOut.questions()).extracting(EvalQuestion::kind).containsOnly("genre", "author", "similar", "fact", "policy", "followup")
                .contains("genre", "author", "similar", "fact", "policy", "followup");
        assertThat(heldOut.questions()).allSatisfy(q -> assertThat(q.id()).startsWith("heldout-" + q.language() + "-" + q.kind() + "-"));
        assertThat(heldOut.questions()).filteredOn(q -> q.kind().equals("followup")).allSatisfy(q -> assertThat(q.previousTurn()).isNotBlank());
        Set<String> asked = tuning.questions().stream().map(q -> q.question().strip().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
        assertThat(heldOut.questions()).noneMatch(q -> asked.contains(q.question().strip().toLowerCase(java.util.Locale.ROOT)));
    }
}
