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
 *   <li>pinned exchanges (the first, and those with entity-rich turns), all of them while they fit,
 *       otherwise one compact block of their entities;</li>
 *   <li>the most recent unpinned exchanges, newest first, as one contiguous run.</li>
 * </ol>
 * An exchange is a user turn with the assistant turn that answers it: they stay or go together,
 * so no prompt holds two user turns in a row.
 * When any history turn is left out, an explicit truncation marker takes its place, and its tokens
 * are reserved before anything else: truncation is never silent. The result never exceeds the
 * effective window, for any input.
 *
 * <p>Turns missing from the history it is given (seq gaps, or a first turn after seq 1) were dropped
 * upstream, by a caller that pre-trimmed a long conversation: they count as dropped here too, so
 * the marker and {@code turnsDropped} stay truthful wherever the trimming happened.
 *
 * <p>History is never re-tokenized: every turn carries its token count. The only tokenizer calls
 * are for the rare cuts of fixed components and for the compaction block. Thread-safe.
 */
public final class ContextBudgetManager {

    private final TokenCounter counter;
    private final BudgetPolicy policy;
    private final PromptPart marker;

    /** cl100k_base counts with the margin of ADR 0003 and the default truncation texts: what every turn uses. */
    public static ContextBudgetManager withDefaults() {
        return new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
    }

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
        long historyTokens = historyTokens(history);
        long fixedTokens = (long) request.systemPrompt().tokens() + request.outputReserve() + request.query().tokens()
                + request.ragContext().tokens();

        long upstream = history.isEmpty() ? 0 : history.get(history.size() - 1).seq() - history.size();

        // The common case costs additions only: everything fits as it is.
        if (upstream == 0 && (fixedTokens + historyTokens <= window || historyTokens == 0)) {
            Fixed fixed = fixedTokens <= window ? Fixed.untrimmed(request) : allocateFixed(request, window);
            List<PromptMessage> messages = new ArrayList<>(history.size());
            for (ConversationTurn turn : history) {
                messages.add(PromptMessage.of(turn));
            }
            return fixed.toPrompt(messages, history, 0, 0, window);
        }

        // Something will be left out: the marker's room comes first, then the fixed parts.
        Fixed fixed = allocateFixed(request, window - marker.tokens());
        int room = window - marker.tokens() - fixed.used();
        return selectHistory(history, room, fixed, window, (int) upstream);
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
        PromptPart cut = counter.truncate(part.text(), Math.max(0, allowance));
        // A counter that cannot honour the allowance must not break the window guarantee.
        return cut.tokens() <= allowance ? cut : PromptPart.EMPTY;
    }

    private AssembledPrompt selectHistory(List<ConversationTurn> history, int room, Fixed fixed, int window, int upstream) {
        int count = history.size();
        boolean[] keep = new boolean[count];
        List<int[]> units = exchanges(history);
        long pinnedTokens = 0;
        for (int[] unit : units) {
            if (pinned(history, unit)) {
                pinnedTokens += tokens(history, unit);
            }
        }

        PromptPart compaction = null;
        int compacted = 0;
        int remaining;
        if (pinnedTokens <= room) {
            for (int[] unit : units) {
                if (pinned(history, unit)) {
                    mark(keep, unit);
                }
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

        // Recency: the newest unpinned exchanges, as one contiguous run that stops at the first misfit.
        for (int u = units.size() - 1; u >= 0; u--) {
            int[] unit = units.get(u);
            if (pinned(history, unit)) {
                continue;
            }
            long cost = tokens(history, unit);
            if (cost > remaining) {
                break;
            }
            mark(keep, unit);
            remaining -= (int) cost;
        }

        List<PromptMessage> messages = new ArrayList<>(count + 2);
        List<ConversationTurn> included = new ArrayList<>(count);
        if (compaction != null) {
            messages.add(PromptMessage.synthetic(PromptMessage.Kind.ENTITY_COMPACTION, compaction));
        }
        boolean markerPlaced = false;
        long expectedSeq = ConversationTurn.FIRST_SEQ;
        for (int i = 0; i < count; i++) {
            ConversationTurn turn = history.get(i);
            boolean gapBefore = turn.seq() > expectedSeq;
            if (!markerPlaced && (gapBefore || !keep[i])) {
                messages.add(PromptMessage.synthetic(PromptMessage.Kind.TRUNCATION_MARKER, marker));
                markerPlaced = true;
            }
            if (keep[i]) {
                messages.add(PromptMessage.of(turn));
                included.add(turn);
            }
            expectedSeq = turn.seq() + 1;
        }
        return fixed.toPrompt(messages, included, count - included.size() + upstream, compacted, window);
    }

    /**
     * The history as exchanges: a user turn and the assistant turn right after it are kept or
     * dropped together, so a prompt never holds a question without its answer next to the next
     * question (two user turns in a row, which chat templates refuse or misread). A turn without
     * its partner stands alone.
     */
    private static List<int[]> exchanges(List<ConversationTurn> history) {
        List<int[]> units = new ArrayList<>(history.size() / 2 + 1);
        for (int i = 0; i < history.size(); i++) {
            ConversationTurn turn = history.get(i);
            boolean paired = i + 1 < history.size() && turn.role() == com.mangaassist.shared.domain.Role.USER
                    && history.get(i + 1).role() == com.mangaassist.shared.domain.Role.ASSISTANT && history.get(i + 1).seq() == turn.seq() + 1;
            units.add(paired ? new int[] {i, i + 1} : new int[] {i, i});
            if (paired) {
                i++;
            }
        }
        return units;
    }

    private static boolean pinned(List<ConversationTurn> history, int[] unit) {
        for (int i = unit[0]; i <= unit[1]; i++) {
            if (history.get(i).isPinned()) {
                return true;
            }
        }
        return false;
    }

    private static long tokens(List<ConversationTurn> history, int[] unit) {
        long total = 0;
        for (int i = unit[0]; i <= unit[1]; i++) {
            total += history.get(i).tokens();
        }
        return total;
    }

    private static void mark(boolean[] keep, int[] unit) {
        for (int i = unit[0]; i <= unit[1]; i++) {
            keep[i] = true;
        }
    }

    /**
     * One block naming the entities of every pinned turn, keeping the longest prefix of the entity
     * list that fits; {@code null} when there are no entities or not even one fits. Binary search
     * over the prefix length keeps the rare misfit to a handful of tokenizer calls; the usual case,
     * where every entity fits, costs one.
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
        List<String> all = new ArrayList<>(entities);
        if (all.isEmpty()) {
            return null;
        }
        PromptPart whole = compactionBlock(all);
        if (whole.tokens() <= room) {
            return whole;
        }
        PromptPart best = null;
        int low = 1;
        int high = all.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            PromptPart block = compactionBlock(all.subList(0, mid));
            if (block.tokens() <= room) {
                best = block;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    private PromptPart compactionBlock(List<String> entities) {
        return counter.part(policy.compactionPrefix() + String.join("; ", entities) + "]");
    }

    private record Fixed(PromptPart system, int output, PromptPart query, PromptPart rag, int used, Set<PromptComponent> trimmed) {

        static Fixed untrimmed(BudgetRequest r) {
            int used = r.systemPrompt().tokens() + r.outputReserve() + r.query().tokens() + r.ragContext().tokens();
            return new Fixed(r.systemPrompt(), r.outputReserve(), r.query(), r.ragContext(), used, Set.of());
        }

        AssembledPrompt toPrompt(List<PromptMessage> messages, List<ConversationTurn> included, int dropped, int compacted, int window) {
            return new AssembledPrompt(system, rag, query, messages, included, output, dropped, compacted, trimmed, window);
        }
    }
}
