package com.mangaassist.pipeline.testing;

import com.mangaassist.localaws.architecture.OwnedCalls;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.turn.MessageAttempts;
import java.util.Set;

/**
 * Issue 27's rule, for every module that runs turns: only {@link MessageAttempts} (and the store
 * implementations themselves) changes a message's attempts.
 */
public final class AttemptOwnership {

    /** The store's methods that change an attempt; reads (meta, message, messagesFrom, recent, leaseEnded) are anyone's. */
    public static final Set<String> ATTEMPT_CHANGES = Set.of("accept", "claim", "reattach", "renew", "release", "answer", "fail");

    private AttemptOwnership() {
    }

    public static void assertOnlyTheOwnerChangesAttempts(String rootPackage) {
        OwnedCalls.assertOnlyAllowedCallers(rootPackage, ConversationStore.class.getName(), ATTEMPT_CHANGES,
                caller -> caller.isAssignableTo(MessageAttempts.class) || caller.isAssignableTo(ConversationStore.class));
    }
}
