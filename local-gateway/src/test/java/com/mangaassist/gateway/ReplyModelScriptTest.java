package com.mangaassist.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chat page's reply model ({@code page/reply-model.js}) against shared's golden reply
 * transcripts, in Node's test runner: the same files {@code ReplyAssemblerTest} replays through
 * the Java model, so the page and the Java clients cannot drift apart.
 */
class ReplyModelScriptTest {

    @Test
    void replyModel_whenGoldenTranscriptsReplayed_matchesTheJavaModel() throws IOException, InterruptedException, URISyntaxException {
        Path module = Path.of("").toAbsolutePath();
        Path script = Path.of(ReplyModelScriptTest.class.getResource("reply-model.test.mjs").toURI());
        ProcessBuilder node = new ProcessBuilder("node", "--test", script.toString()).redirectErrorStream(true);
        node.environment().put("REPLY_MODEL", module.resolve("src/main/resources/com/mangaassist/gateway/page/reply-model.js").toString());
        node.environment().put("REPLY_FIXTURES", module.resolveSibling("chat-client").resolve("src/test/resources/wire/replies").toString());
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
        assertThat(Files.list(module.resolveSibling("chat-client").resolve("src/test/resources/wire/replies")).count()).isGreaterThanOrEqualTo(10);
    }
}
