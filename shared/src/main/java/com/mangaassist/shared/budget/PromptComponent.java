package com.mangaassist.shared.budget;

/** The fixed parts of a prompt, in the order the budget serves them. */
public enum PromptComponent {
    SYSTEM_PROMPT,
    OUTPUT_RESERVE,
    CURRENT_QUERY,
    RAG_CONTEXT
}
