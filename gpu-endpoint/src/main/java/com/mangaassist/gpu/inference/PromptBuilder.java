package com.mangaassist.gpu.inference;

import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.PromptMessage;
import com.mangaassist.shared.domain.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays an assembled prompt out as chat messages: system, history, reference material, question. The
 * reference material changes with every turn and the history only grows, so it goes after the
 * history: the engine's prefix cache then reuses the system prompt and the whole history of the
 * conversation's previous turn, not only the system prompt (ADR 0040).
 */
final class PromptBuilder {

    private PromptBuilder() {
    }

    static List<ChatMessage> messages(AssembledPrompt prompt) {
        List<ChatMessage> messages = new ArrayList<>(prompt.history().size() + 3);
        if (!prompt.systemPrompt().isEmpty()) {
            messages.add(new ChatMessage(Role.SYSTEM, prompt.systemPrompt().text()));
        }
        for (PromptMessage message : prompt.history()) {
            messages.add(new ChatMessage(message.role(), message.text()));
        }
        if (!prompt.ragContext().isEmpty()) {
            messages.add(ChatMessage.reference(prompt.ragContext().text()));
        }
        messages.add(new ChatMessage(Role.USER, prompt.query().text()));
        return messages;
    }
}
