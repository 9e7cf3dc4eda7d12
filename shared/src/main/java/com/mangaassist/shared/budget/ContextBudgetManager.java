package com.mangaassist.shared.budget;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fits a conversation into a model's context window by priority (seeds, Docker-LLD-4):
 * <ol>
 *   <li>the system prompt, the output reserve, the current query and the RAG context, in that
 *       order; each is cut only if everything above it leaves too little room;</li>
 *   <li>pinned turns (the first turn and entity-rich turns), all of them while they fit, otherwise
 *       one compact block of their entities;</li>
 *   <li>the most recent unpinned turns, newest first, as one contiguous run.</li>
 * </ol>
 * When any history turn is left out, an explicit truncation marker takes its place, and its tokens
 * are reserved before anything else: truncation is never silent. The result never exceeds the
 * effective window, for any input.
 *
 * <p>History is never re-tokenized: every turn carries its token count. The only tokenizer calls
 * are for the rare cuts of fixed components and for the compaction block. Thread-safe.
 */
public final class ContextBudgetManager {

    private final TokenCounter counter;
    private final BudgetPolicy policy;
    private final PromptPart marker;

    public ContextBudgetManager(TokenCounter counter, BudgetPolicy policy) {
        this.counter = Objects.requireNonNull(counter, "counter");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.marker = counter.part(policy.truncationMarker());
        if (marker.tokens() >= BudgetRequest.MIN_WINDOW) {
            throw new IllegalArgumentException("the truncation marker must cost fewer than " + BudgetRequest.MIN_WINDOW + " tokens");
        }
    }

    public TokenCounter counter() {
        return counter;
    }

    public AssembledPrompt assemble(BudgetRequest request) {
        int window = request.effectiveWindow();
        List<ConversationTurn> history = request.history();

        Fixed fixed = allocateFixed(request, window);
        int room = window - fixed.used();
        if (historyTokens(history) <= room) {
            List<PromptMessage> messages = new ArrayList<>(history.size());
            for (ConversationTurn turn : history) {
                messages.add(PromptMessage.of(turn));
            }
            return fixed.toPrompt(messages, history, 0, 0, window);
        }

        // Something will be left out: the marker's room comes first, then the fixed parts.
        fixed = allocateFixed(request, window - marker.tokens());
        room = window - marker.tokens() - fixed.used();
        return selectHistory(history, room, fixed, window);
    }

    private static long historyTokens(List<ConversationTurn> history) {
        long total = 0;
        for (ConversationTurn turn : history) {
            total += turn.tokens();
        }
        return total;
    }

    private Fixed allocateFixed(BudgetRequest request, int limit) {
        Set<PromptComponent> trimmed = EnumSet.noneOf(PromptComponent.class);
        int remaining = limit;
        PromptPart system = fit(request.systemPrompt(), remaining, PromptComponent.SYSTEM_PROMPT, trimmed);
        remaining -= system.tokens();
        int output = Math.min(request.outputReserve(), remaining);
        if (output < request.outputReserve()) {
            trimmed.add(PromptComponent.OUTPUT_RESERVE);
        }
        remaining -= output;
        PromptPart query = fit(request.query(), remaining, PromptComponent.CURRENT_QUERY, trimmed);
        remaining -= query.tokens();
        PromptPart rag = fit(request.ragContext(), remaining, PromptComponent.RAG_CONTEXT, trimmed);
        remaining -= rag.tokens();
        return new Fixed(system, output, query, rag, limit - remaining, trimmed);
    }

    private PromptPart fit(PromptPart part, int allowance, PromptComponent component, Set<PromptComponent> trimmed) {
        if (part.tokens() <= allowance) {
            return part;
        }
        trimmed.add(component);
        String cut = counter.truncate(part.text(), Math.max(0, allowance));
        int tokens = counter.count(cut);
        // A counter that cannot honour the allowance must not break the window guarantee.
        return tokens <= allowance ? new PromptPart(cut, tokens) : PromptPart.EMPTY;
    }

    private AssembledPrompt selectHistory(List<ConversationTurn> history, int room, Fixed fixed, int window) {
        int count = history.size();
        boolean[] keep = new boolean[count];
        long pinnedTokens = 0;
        for (ConversationTurn turn : history) {
            if (turn.isPinned()) {
                pinnedTokens += turn.tokens();
            }
        }

        PromptPart compaction = null;
        int compacted = 0;
        int remaining;
        if (pinnedTokens <= room) {
            for (int i = 0; i < count; i++) {
                keep[i] = history.get(i).isPinned();
            }
            remaining = room - (int) pinnedTokens;
        } else {
            for (ConversationTurn turn : history) {
                if (turn.isPinned()) {
                    compacted++;
                }
            }
            compaction = compactEntities(history, room);
            remaining = room - (compaction == null ? 0 : compaction.tokens());
        }

        // Recency: the newest unpinned turns, as one contiguous run that stops at the first misfit.
        for (int i = count - 1; i >= 0; i--) {
            ConversationTurn turn = history.get(i);
            if (turn.isPinned()) {
                continue;
            }
            if (turn.tokens() > remaining) {
                break;
            }
            keep[i] = true;
            remaining -= turn.tokens();
        }

        List<PromptMessage> messages = new ArrayList<>(count + 2);
        List<ConversationTurn> included = new ArrayList<>(count);
        if (compaction != null) {
            messages.add(PromptMessage.synthetic(PromptMessage.Kind.ENTITY_COMPACTION, compaction));
        }
        boolean markerPlaced = false;
        for (int i = 0; i < count; i++) {
            if (keep[i]) {
                messages.add(PromptMessage.of(history.get(i)));
                included.add(history.get(i));
            } else if (!markerPlaced) {
                messages.add(PromptMessage.synthetic(PromptMessage.Kind.TRUNCATION_MARKER, marker));
                markerPlaced = true;
            }
        }
        return fixed.toPrompt(messages, included, count - included.size(), compacted, window);
    }

    /**
     * One block naming the entities of every pinned turn, dropping entities from the end until it
     * fits; {@code null} when there are no entities or not even the shortest block fits.
     */
    private PromptPart compactEntities(List<ConversationTurn> history, int room) {
        Set<String> entities = new LinkedHashSet<>();
        for (ConversationTurn turn : history) {
            if (turn.isPinned()) {
                for (String entity : turn.entities()) {
                    if (entities.size() < policy.maxCompactionEntities() && !entity.isBlank()) {
                        entities.add(entity.strip());
                    }
                }
            }
        }
        List<String> kept = new ArrayList<>(entities);
        while (!kept.isEmpty()) {
            PromptPart block = counter.part(policy.compactionPrefix() + String.join("; ", kept) + "]");
            if (block.tokens() <= room) {
                return block;
            }
            kept.remove(kept.size() - 1);
        }
        return null;
    }

    private record Fixed(PromptPart system, int output, PromptPart query, PromptPart rag, int used, Set<PromptComponent> trimmed) {

        AssembledPrompt toPrompt(List<PromptMessage> messages, List<ConversationTurn> included, int dropped, int compacted, int window) {
            return new AssembledPrompt(system, rag, query, messages, included, output, dropped, compacted, trimmed, window);
        }
    }
}
