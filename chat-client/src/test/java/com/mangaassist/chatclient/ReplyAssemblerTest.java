package com.mangaassist.chatclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.QuotaWindow;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Source;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden reply transcripts ({@code wire/replies/*.json}), replayed through the Java client
 * model; the chat page's {@code reply-model.js} replays the same files (local-gateway's
 * {@code reply-model.test.mjs}), so both clients follow one contract. An expectation may leave out
 * {@code grounded} and {@code sources} (transcripts older than grounded answers); when present they
 * are checked ({@code grounded: null}: no {@code done} said). Likewise {@code resumeWanted} and
 * {@code rating} and {@code retryable} per message; the transcript's own {@code resumeWanted} (whether the client should
 * send {@code resume} now) is {@code false} when left out, and its {@code quota} (the caller's usage the client holds, as
 * on the wire) {@code null}.
 */
class ReplyAssemblerTest {

    private final ServerFrameCodec codec = ServerFrameCodec.withDefaults();

    @TestFactory
    Stream<DynamicTest> apply_whenGoldenTranscriptReplayed_showsWhatTheContractSays() throws IOException, URISyntaxException {
        Path dir = Path.of(ReplyAssemblerTest.class.getResource("/wire/replies").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file)));
    }

    private void replay(Path file) throws IOException {
        JsonNode transcript = Fixtures.tree(Files.readString(file));
        ReplyAssembler replies = new ReplyAssembler();
        for (JsonNode step : transcript.get("steps")) {
            if (step.has("send")) {
                replies.sent(step.get("send").asText());
            } else {
                replies.apply(codec.decode(step.get("frame").toString()).value());
            }
        }
        transcript.get("expect").fields().forEachRemaining(entry -> {
            MessageView view = replies.view(entry.getKey());
            JsonNode expected = entry.getValue();
            assertThat(view).as(entry.getKey()).isNotNull();
            assertThat(view.status().wireName()).as(entry.getKey() + " status").isEqualTo(expected.get("status").asText());
            assertThat(view.attempt()).as(entry.getKey() + " attempt").isEqualTo(expected.get("attempt").asInt());
            assertThat(view.text()).as(entry.getKey() + " text").isEqualTo(expected.get("text").asText());
            assertThat(view.code() == null ? null : view.code().wireName()).as(entry.getKey() + " code").isEqualTo(textOrNull(expected.get("code")));
            assertThat(view.retryAfterMs()).as(entry.getKey() + " retryAfterMs")
                    .isEqualTo(expected.get("retryAfterMs").isNull() ? null : expected.get("retryAfterMs").asLong());
            assertThat(view.questionSeq()).as(entry.getKey() + " questionSeq").isEqualTo(expected.get("questionSeq").asLong());
            assertThat(view.answerSeq()).as(entry.getKey() + " answerSeq").isEqualTo(expected.get("answerSeq").asLong());
            assertThat(view.supersedes()).as(entry.getKey() + " supersedes").isEqualTo(expected.get("supersedes").asInt());
            if (expected.has("grounded")) {
                assertThat(view.grounded()).as(entry.getKey() + " grounded")
                        .isEqualTo(expected.get("grounded").isNull() ? null : expected.get("grounded").asBoolean());
            }
            if (expected.has("sources")) {
                assertThat(view.sources()).as(entry.getKey() + " sources").isEqualTo(sources(expected.get("sources")));
            }
            if (expected.has("resumeWanted")) {
                assertThat(view.resumeWanted()).as(entry.getKey() + " resumeWanted").isEqualTo(expected.get("resumeWanted").asBoolean());
            }
            if (expected.has("rating")) {
                assertThat(view.rating() == null ? null : view.rating().wireName()).as(entry.getKey() + " rating")
                        .isEqualTo(textOrNull(expected.get("rating")));
            }
            if (expected.has("retryable")) {
                assertThat(view.retryable()).as(entry.getKey() + " retryable").isEqualTo(expected.get("retryable").asBoolean());
            }
        });
        // Optional: messages the client must not hold (a frame about them started nothing), and how many views it holds.
        transcript.path("absent").forEach(id -> assertThat(replies.view(id.asText())).as(id.asText() + " absent").isNull());
        if (transcript.has("views")) {
            assertThat(replies.views()).as("views").hasSize(transcript.get("views").asInt());
        }
        List<String> unsettled = new ArrayList<>();
        transcript.get("unsettled").forEach(id -> unsettled.add(id.asText()));
        assertThat(replies.unsettled()).as("unsettled").isEqualTo(unsettled);
        JsonNode cursor = transcript.get("resumeCursor");
        assertThat(replies.resumeCursor()).as("resumeCursor").isEqualTo(cursor.isNull() ? null : cursor.asLong());
        assertThat(replies.resumeWanted()).as("resumeWanted").isEqualTo(transcript.path("resumeWanted").asBoolean(false));
        JsonNode quota = transcript.path("quota");
        assertThat(replies.quota()).as("quota").isEqualTo(quota.isMissingNode() || quota.isNull() ? null : quota(quota));
    }

    private static Quota quota(JsonNode quota) {
        return new Quota(window(quota.get("day")), window(quota.get("month")));
    }

    private static QuotaWindow window(JsonNode window) {
        JsonNode limit = window.get("limit");
        return new QuotaWindow(window.get("used").asLong(), limit == null || limit.isNull() ? null : limit.asLong(),
                Instant.parse(window.get("resetsAt").asText()));
    }

    private static List<Source> sources(JsonNode array) {
        List<Source> sources = new ArrayList<>();
        array.forEach(s -> sources.add(new Source(s.get("id").asText(), s.get("kind").asText(), s.get("title").asText())));
        return sources;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
