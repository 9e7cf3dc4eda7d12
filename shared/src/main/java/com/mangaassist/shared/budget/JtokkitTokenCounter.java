package com.mangaassist.shared.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts from jtokkit's BPE encodings. For models with another tokenizer (Llama, Mistral)
 * these are estimates, so each count is inflated by {@code margin} and rounded up; see
 * docs/adr/0003-token-counting.md for how the defaults were chosen.
 *
 * <p>User text is encoded as ordinary text: a special-token string typed by a user
 * ({@code <|endoftext|>}) is counted as the characters it is, never interpreted.
 */
public final class JtokkitTokenCounter implements TokenCounter {

    /** Llama 3 chat template: {@code <|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>}. */
    public static final int DEFAULT_MESSAGE_OVERHEAD = 5;
    public static final double DEFAULT_MARGIN = 0.15;

    private final Encoding encoding;
    private final double margin;
    private final int messageOverhead;

    public JtokkitTokenCounter(EncodingType type, double margin, int messageOverhead) {
        if (margin < 0 || margin > 2) {
            throw new IllegalArgumentException("margin must be within [0, 2], got " + margin);
        }
        if (messageOverhead < 0) {
            throw new IllegalArgumentException("messageOverhead must not be negative");
        }
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(type);
        this.margin = margin;
        this.messageOverhead = messageOverhead;
    }

    /** cl100k_base with a 15 % margin and Llama 3's message overhead (see ADR 0003). */
    public static JtokkitTokenCounter withDefaults() {
        return new JtokkitTokenCounter(EncodingType.CL100K_BASE, DEFAULT_MARGIN, DEFAULT_MESSAGE_OVERHEAD);
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return inflate(encoding.countTokensOrdinary(text)) + messageOverhead;
    }

    private int inflate(int raw) {
        return (int) Math.ceil(raw * (1.0 + margin));
    }

    @Override
    public PromptPart truncate(String text, int maxTokens) {
        if (text == null || text.isEmpty()) {
            return PromptPart.EMPTY;
        }
        int rawBudget = (int) Math.floor((maxTokens - messageOverhead) / (1.0 + margin));
        // Encoding stops at the budget, so a long text costs only as much as the part we keep.
        while (rawBudget > 0) {
            EncodingResult result = encoding.encodeOrdinary(text, rawBudget);
            if (!result.isTruncated()) {
                return new PromptPart(text, inflate(result.getTokens().size()) + messageOverhead);
            }
            String prefix = prefixThrough(text, result.getLastProcessedCharacterIndex());
            int tokens = count(prefix);
            if (!prefix.isEmpty() && tokens <= maxTokens) {
                return new PromptPart(prefix, tokens);
            }
            // Re-encoding a prefix can merge differently at the cut; step back and retry.
            rawBudget--;
        }
        return PromptPart.EMPTY;
    }

    /** The text up to and including {@code lastIndex}, never splitting a surrogate pair. */
    private static String prefixThrough(String text, int lastIndex) {
        int end = Math.min(text.length(), Math.max(0, lastIndex + 1));
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
