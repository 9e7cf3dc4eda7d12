package com.mangaassist.pipeline.testing;

import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import java.time.Instant;
import java.util.List;

/** Stored messages and turn commands for tests that only carry them around (executors, drains, publishers). */
public final class Messages {

    private Messages() {
    }

    /** Message {@code index} of {@code conversation}, pending, attempt {@code attempt}, answering at {@code connectionId}. */
    public static StoredMessage pending(ConversationRef conversation, long index, String messageId, int attempt, String connectionId) {
        Instant now = Instant.now();
        return new StoredMessage(conversation.message(index), conversation.conversationId(), conversation.principal(), messageId,
                new StoredMessage.Question("hello", 2, List.of(), "en"), MessageState.PENDING, attempt, now.plusSeconds(70),
                AttemptStage.RUNNING, connectionId, "req-" + messageId, null, null, now, now.plusSeconds(86_400));
    }

    /** A baseline run of attempt 1 of a pending message. */
    public static TurnCommand command(String messageId, String connectionId) {
        return new TurnCommand(pending(new ConversationRef("user-a", "c-1"), 1, messageId, 1, connectionId), Route.BASELINE, null, null, 0, true);
    }
}
