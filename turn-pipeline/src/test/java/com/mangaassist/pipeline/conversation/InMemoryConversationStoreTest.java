package com.mangaassist.pipeline.conversation;

import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import java.time.Duration;

/** The services' in-memory store keeps the DynamoDB store's guarantees (same contract). */
class InMemoryConversationStoreTest extends ConversationStoreContract {

    private final InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(30));

    @Override
    ConversationStore store() {
        return store;
    }
}
