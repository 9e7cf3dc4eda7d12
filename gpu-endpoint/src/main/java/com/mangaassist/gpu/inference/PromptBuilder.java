package com.mangaassist.gpu.inference;

import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.PromptMessage;
import com.mangaassist.shared.domain.Role;
import java.util.ArrayList;
import java.util.List;

/** Lays an assembled prompt out as chat messages: system, reference material, history, question. */
final class PromptBuilder {

    private PromptBuilder() {
    }

    static List<ChatMessage> messages(AssembledPrompt prompt) {
        List<ChatMessage> messages = new ArrayList<>(prompt.history().size() + 3);
        if (!prompt.systemPrompt().isEmpty()) {
            messages.add(new ChatMessage(Role.SYSTEM, prompt.systemPrompt().text()));
        }
        if (!prompt.ragContext().isEmpty()) {
            messages.add(ChatMessage.reference(prompt.ragContext().text()));
        }
        for (PromptMessage message : prompt.history()) {
            messages.add(new ChatMessage(message.role(), message.text()));
        }
        messages.add(new ChatMessage(Role.USER, prompt.query().text()));
        return messages;
    }
}
