package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import com.mangaassist.shared.wire.events.ChatEventType;
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
