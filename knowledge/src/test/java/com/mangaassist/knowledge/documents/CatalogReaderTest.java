package com.mangaassist.knowledge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogReaderTest {

    static final String GOOD = "{\"schemaVersion\":1,\"id\":\"slam-dunk\",\"title\":{\"ja\":\"SLAM DUNK\",\"en\":\"Slam Dunk\"},\"aliases\":[\"スラムダンク\"],"
            + "\"authors\":[{\"name\":{\"ja\":\"井上雄彦\",\"en\":\"Takehiko Inoue\"},\"role\":\"story-and-art\"}],\"demographic\":\"shonen\","
            + "\"genres\":[\"sports\",\"comedy\"],\"tags\":[\"basketball\",\"high-school\"],\"status\":\"completed\",\"volumes\":31,"
            + "\"publisher\":{\"ja\":\"集英社\",\"en\":\"Shueisha\"},\"magazine\":{\"ja\":\"週刊少年ジャンプ\",\"en\":\"Weekly Shonen Jump\"},"
            + "\"startYear\":1990,\"endYear\":1996,\"formats\":[\"print\",\"digital\"],\"inStock\":true,"
            + "\"synopsis\":{\"ja\":\"不良少年がバスケに出会う。\",\"en\":\"A delinquent finds basketball.\"}}";

    @TempDir
    Path dir;

    @Test
    void read_whenEveryLineIsValid_returnsTheEntries() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), GOOD + "\n\n" + GOOD.replace("slam-dunk", "slam-dunk-2") + "\n");

        DocumentBatch<CatalogEntry> batch = CatalogReader.read(dir);

        assertThat(batch.valid()).isTrue();
        assertThat(batch.documents()).extracting(CatalogEntry::id).containsExactly("slam-dunk", "slam-dunk-2");
        assertThat(batch.documents().get(0).genres()).containsExactly(CatalogEntry.Genre.SPORTS, CatalogEntry.Genre.COMEDY);
        assertThat(batch.documents().get(0).authors().get(0).role()).isEqualTo(CatalogEntry.Role.STORY_AND_ART);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"schemaVersion\":1|\"schemaVersion\":2|schemaVersion",
        "\"genres\":[\"sports\",\"comedy\"]|\"genres\":[\"sports\",\"basketball\"]|genres",
        "\"genres\":[\"sports\",\"comedy\"]|\"genres\":[]|genres",
        "\"endYear\":1996|\"endYear\":null|endYear",
        "\"id\":\"slam-dunk\"|\"id\":\"Slam Dunk\"|id",
        "\"inStock\":true|\"inStock\":true,\"price\":400|price",
        "\"ja\":\"不良少年がバスケに出会う。\",|\"ja\":\" \",|synopsis.ja",
        "\"role\":\"story-and-art\"|\"role\":\"editor\"|authors[0].role",
        "\"tags\":[\"basketball\",\"high-school\"]|\"tags\":[\"Basket Ball\"]|tags"
    })
    void read_whenAFieldIsWrong_refusesTheLineNamingFileLineAndField(String original, String replacement, String field) throws Exception {
        Files.writeString(dir.resolve("catalog.jsonl"), GOOD.replace("slam-dunk", "first") + "\n" + GOOD.replace(original, replacement) + "\n");

        DocumentBatch<CatalogEntry> batch = CatalogReader.read(dir);

        assertThat(batch.valid()).isFalse();
        assertThat(batch.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo("catalog.jsonl");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.field()).isEqualTo(field);
        });
    }

    @Test
    void read_whenAnIdRepeatsAcrossFiles_refusesTheSecondNamingTheFirst() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), GOOD + "\n");
        Files.writeString(dir.resolve("b.jsonl"), GOOD + "\n");

        assertThat(CatalogReader.read(dir).errors()).singleElement().hasToString("b.jsonl:1 id: duplicates the id of a.jsonl:1");
    }

    @Test
    void read_whenALineIsNotJsonOrNotUtf8_refusesThatLine() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), GOOD + "\n{\"schemaVersion\":1,\n");
        byte[] invalid = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("b.jsonl"), concat(invalid, new byte[] {'{', (byte) 0xC3, '}', '\n'}));

        assertThat(CatalogReader.read(dir).errors()).extracting(DocumentError::file, DocumentError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.jsonl", 2), org.assertj.core.groups.Tuple.tuple("b.jsonl", 2));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
