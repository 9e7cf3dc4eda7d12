package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.events.FeedbackFigures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatEventCodecTest {

    private final ChatEventCodec codec = new ChatEventCodec();

    private static final ChatEvent GOLDEN = new ChatEvent("evt-1", ChatEventType.TURN_COMPLETED, "conv-42", "msg-0001", "user-7f3a",
            Route.BASELINE, Instant.parse("2026-11-22T12:00:01.250Z"), 812, 143, 180L, 2400, false, 0, null,
            new RetrievalFigures(3, 21, RetrievalOutcome.GROUNDED));

    @Test
    void event_whenGolden_roundTripsBothWays() {
        String golden = Fixtures.text("wire/events/turn-completed.json");

        assertThat(codec.decode(golden).value()).isEqualTo(GOLDEN);
        assertThat(Fixtures.tree(new String(codec.encode(GOLDEN), StandardCharsets.UTF_8))).isEqualTo(Fixtures.tree(golden));
    }

    private static final ChatEvent FEEDBACK = ChatEvent.feedback("evt-2", "conv-42", "msg-0001", "user-7f3a", Route.OVERFLOW,
            Instant.parse("2026-11-22T12:03:10Z"), new FeedbackFigures(Rating.DOWN, true, ModelTier.LARGE));

    @Test
    void event_whenGoldenFeedback_roundTripsBothWaysWithoutAnyText() {
        String golden = Fixtures.text("wire/events/feedback.json");

        assertThat(codec.decode(golden).value()).isEqualTo(FEEDBACK);
        assertThat(Fixtures.tree(new String(codec.encode(FEEDBACK), StandardCharsets.UTF_8))).isEqualTo(Fixtures.tree(golden));
        // Whether a reason was given, never what it says.
        assertThat(Fixtures.tree(golden).path("feedback").fieldNames()).toIterable().containsExactlyInAnyOrder("rating", "reasonGiven", "tier");
    }

    @Test
    void decode_whenFeedbackHasNoTier_leavesItOut() {
        String noTier = Fixtures.text("wire/events/feedback.json").replace(",\"tier\":\"large\"", "");

        assertThat(codec.decode(noTier).value().feedback()).isEqualTo(new FeedbackFigures(Rating.DOWN, true, null));
    }

    @Test
    void decode_whenFeedbackAndTypeDisagree_fails() {
        String feedbackWithoutRating = Fixtures.text("wire/events/feedback.json").replaceAll(",\"feedback\":\\{[^}]*}", "");
        String turnWithRating = Fixtures.text("wire/events/turn-completed.json").replace("}}", "},\"feedback\":{\"rating\":\"up\",\"reasonGiven\":false}}");

        assertThat(codec.decode(feedbackWithoutRating).error().field()).isEqualTo("feedback");
        assertThat(codec.decode(turnWithRating).error().field()).isEqualTo("feedback");
        assertThat(codec.decode(Fixtures.text("wire/events/feedback.json").replace("\"reasonGiven\":true", "\"reasonGiven\":true,\"reason\":\"x\""))
                .error().field()).isEqualTo("feedback.reason");
    }

    @Test
    void feedback_whenMadeWithoutItsRating_isRefused() {
        assertThatThrownBy(() -> new ChatEvent("e", ChatEventType.FEEDBACK, "c", "m", "p", Route.BASELINE, Instant.EPOCH, 0, 0, null, 0, false, 0,
                null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partitionKey_isTheConversation() {
        assertThat(GOLDEN.partitionKey()).isEqualTo("conv-42");
    }

    @Test
    void decode_whenUnknownVersionOrType_fails() {
        assertThat(codec.decode(Fixtures.text("wire/events/turn-completed.json").replace("\"schemaVersion\":1", "\"schemaVersion\":3"))
                .error().code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
        assertThat(codec.decode(Fixtures.text("wire/events/turn-completed.json").replace("TURN_COMPLETED", "TURN_EXPLODED"))
                .error().field()).isEqualTo("type");
    }
}
