package com.mangaassist.gpu.engine;

import com.mangaassist.shared.domain.Role;
import java.util.Objects;

/** One message of the prompt as an OpenAI-compatible chat completion takes it. */
public record ChatMessage(Role role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
