package com.mangaassist.knowledge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --questions}: which questions file {@code eval} reads, parsed without an engine (the rest of
 * the command line's refusals are in {@link KnowledgeCliTest}, through the CLI itself).
 */
class CliOptionsTest {

    @Test
    void questionsIn_whenEvalHasNoQuestionsOption_isTheDataDirectorysOwnQuestions() throws Exception {
        CliOptions options = CliOptions.parse("eval", "--endpoint", "http://127.0.0.1:9200", "--data", "data");

        assertThat(options.questions()).isNull();
        assertThat(options.questionsIn(Path.of("data"))).isEqualTo(Path.of("data/eval/questions.jsonl"));
        assertThat(options.questionsIn(Path.of("/tmp/knowledge-s3-copy"))).isEqualTo(Path.of("/tmp/knowledge-s3-copy/eval/questions.jsonl"));
    }

    @Test
    void questionsIn_whenEvalNamesAQuestionsFile_isThatFileWhateverTheData() throws Exception {
        CliOptions options = CliOptions.parse("eval", "--endpoint", "http://127.0.0.1:9200", "--questions", "data/eval/heldout.jsonl",
                "--json", "heldout.json");

        assertThat(options.command()).isEqualTo("eval");
        assertThat(options.questions()).isEqualTo(Path.of("data/eval/heldout.jsonl"));
        assertThat(options.questionsIn(Path.of("data"))).isEqualTo(Path.of("data/eval/heldout.jsonl"));
        assertThat(options.questionsIn(Path.of("/tmp/knowledge-s3-copy"))).isEqualTo(Path.of("data/eval/heldout.jsonl"));
        assertThat(options.json()).isEqualTo(Path.of("heldout.json"));
    }

    @Test
    void parse_whenTheQuestionsOptionComesFirst_readsTheOtherOptionsToo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.jsonl"), "");

        CliOptions options = CliOptions.parse("eval", "--questions", file.toString(), "--endpoint", "http://127.0.0.1:9200", "--data",
                "s3://knowledge-bucket/knowledge/0123abcd/");

        assertThat(options.questionsIn(Path.of("/tmp/copy"))).isEqualTo(file);
        assertThat(options.s3Data()).isNotNull();
        assertThat(options.endpoint().getPort()).isEqualTo(9200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eval --endpoint http://127.0.0.1:9 --questions | --questions needs a value",
            "eval --endpoint http://127.0.0.1:9 --questions data/eval/no-such-file.jsonl | --questions data/eval/no-such-file.jsonl is not a file",
            "eval --endpoint http://127.0.0.1:9 --questions data/eval | --questions data/eval is not a file",
            "ingest --endpoint http://127.0.0.1:9 --questions data/eval/heldout.jsonl | --questions is only for eval",
            "search --endpoint http://127.0.0.1:9 --query x --questions data/eval/heldout.jsonl | --questions is only for eval",
            "eval --questions data/eval/heldout.jsonl | --endpoint <OpenSearch URL> is required"})
    void parse_whenTheQuestionsOptionCannotBeUsed_refusesTheCommandLineSayingWhy(String commandLine, String problem) {
        assertThatThrownBy(() -> CliOptions.parse(commandLine.trim().split(" ")))
                .isInstanceOf(CliOptions.UsageException.class)
                .hasMessage(problem.trim());
    }

    @Test
    void usage_namesTheQuestionsOption() {
        assertThat(CliOptions.USAGE).contains("[--questions <file>]").startsWith("usage: knowledge ingest|eval|search");
    }
}
