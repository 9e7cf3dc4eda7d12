package com.mangaassist.knowledge.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePolicyReaderTest {

    private static final String EN = "{\"schemaVersion\":1,\"id\":\"returns-print-en\",\"topic\":\"returns\",\"lang\":\"en\",\"title\":\"Returns\","
            + "\"body\":\"Within 14 days.\",\"updated\":\"2026-11-01\"}";
    private static final String JA = "{\"schemaVersion\":1,\"id\":\"returns-print-ja\",\"topic\":\"returns\",\"lang\":\"ja\",\"title\":\"返品\","
            + "\"body\":\"14日以内。\",\"updated\":\"2026-11-01\"}";

    @TempDir
    Path dir;

    @Test
    void read_whenBothLanguagesArePresent_returnsThePair() throws Exception {
        Files.writeString(dir.resolve("p.jsonl"), EN + "\n" + JA + "\n");

        DocumentBatch<StorePolicy> batch = StorePolicyReader.read(dir);

        assertThat(batch.valid()).isTrue();
        assertThat(batch.documents()).extracting(StorePolicy::slug).containsExactly("returns-print", "returns-print");
    }

    @Test
    void read_whenALanguageIsMissingOrTheTopicsDiffer_refusesWithFileLineAndField() throws Exception {
        Files.writeString(dir.resolve("p.jsonl"), EN + "\n" + JA.replace("\"topic\":\"returns\"", "\"topic\":\"shipping\"") + "\n"
                + EN.replace("returns-print-en", "gift-en") + "\n");

        assertThat(StorePolicyReader.read(dir).errors()).extracting(Object::toString).containsExactlyInAnyOrder(
                "p.jsonl:2 topic: differs from its counterpart's at line 1", "p.jsonl:3 id: has no ja counterpart gift-ja");
    }

    @Test
    void read_whenLangContradictsTheId_refusesTheLine() throws Exception {
        Files.writeString(dir.resolve("p.jsonl"), EN.replace("\"lang\":\"en\"", "\"lang\":\"ja\"") + "\n");

        assertThat(StorePolicyReader.read(dir).errors()).extracting(DocumentError::field).contains("lang");
    }
}
