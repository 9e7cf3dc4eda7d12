package com.mangaassist.gpu.engine;

import com.mangaassist.shared.domain.Role;
import java.util.Objects;

/** One message of the prompt as an OpenAI-compatible chat completion takes it. */
public record ChatMessage(Role role, String content) {

    /**
     * What opens the system message that carries the request's RAG context. It lives with the
     * message rather than the prompt layout because the simulated engine finds the reference block
     * by it: the prefix is the one contract between the two.
     */
    public static final String REFERENCE_HEADER = "Reference material:\n";

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** The system message that hands the model {@code referenceBlock} (a request's RAG context). */
    public static ChatMessage reference(String referenceBlock) {
        return new ChatMessage(Role.SYSTEM, REFERENCE_HEADER + referenceBlock);
    }
}
