package com.mangaassist.knowledge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagLabelReaderTest {

    private static final Set<String> CATALOG_TAGS = Set.of("single-parent", "rural-doctor", "ninja");

    @TempDir
    Path dir;

    @Test
    void read_whenLabelsNameTagsOrTheirWords_returnsThemAsALookup() throws Exception {
        Files.writeString(dir.resolve("labels-ja.jsonl"), """
                {"schemaVersion":1,"tag":"single-parent","ja":"シングルファーザー 子育て"}
                {"schemaVersion":1,"tag":"doctor","ja":"医者 医師"}
                """);

        DocumentBatch<Map.Entry<String, String>> batch = TagLabelReader.read(dir, CATALOG_TAGS);

        assertThat(batch.valid()).isTrue();
        TagLabels labels = TagLabelReader.of(batch);
        assertThat(labels.japaneseFor(List.of("single-parent", "rural-doctor", "ninja"))).isEqualTo("シングルファーザー 子育て 医者 医師");
    }

    @Test
    void read_whenALabelNamesNoTagOfTheCatalog_refusesItWithFileLineAndField() throws Exception {
        Files.writeString(dir.resolve("labels-ja.jsonl"), """
                {"schemaVersion":1,"tag":"ninja","ja":"忍者"}
                {"schemaVersion":1,"tag":"ninjas","ja":"忍者"}
                """);

        DocumentBatch<Map.Entry<String, String>> batch = TagLabelReader.read(dir, CATALOG_TAGS);

        assertThat(batch.errors()).extracting(DocumentError::toString)
                .containsExactly("labels-ja.jsonl:2 tag: 'ninjas' is neither a tag of the catalog nor a word of one");
    }

    @Test
    void read_whenALineIsMalformed_refusesItWithTheField() throws Exception {
        Files.writeString(dir.resolve("labels-ja.jsonl"), """
                {"schemaVersion":1,"tag":"Ninja!","ja":"忍者"}
                {"schemaVersion":1,"tag":"ninja"}
                """);

        DocumentBatch<Map.Entry<String, String>> batch = TagLabelReader.read(dir, CATALOG_TAGS);

        assertThat(batch.errors()).extracting(DocumentError::line, DocumentError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "tag"), org.assertj.core.groups.Tuple.tuple(2, "ja"));
    }

    @Test
    void read_whenTheDataHasNoTagDirectory_hasNoLabels() {
        DocumentBatch<Map.Entry<String, String>> batch = TagLabelReader.read(dir.resolve("tags"), CATALOG_TAGS);

        assertThat(batch.valid()).isTrue();
        assertThat(TagLabelReader.of(batch).japaneseFor(List.of("ninja"))).isEmpty();
    }
}
