package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.server.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * What retrieval gave one turn: the passages packed into the RAG slot, the block the model reads,
 * and the figures for the chat event and the metrics.
 *
 * @param figures {@code null} when retrieval is not configured (no search endpoint, no orders table)
 */
public record Grounding(List<Passage> passages, PromptPart context, RetrievalFigures figures) {

    /** No retrieval configured: the answer comes without context, and nothing is counted. */
    public static final Grounding NONE = new Grounding(List.of(), PromptPart.EMPTY, null);

    public Grounding {
        passages = List.copyOf(passages);
    }

    /**
     * The sources of the passages that are in the prompt as it was fitted: all of them, unless the
     * budget had to cut the RAG context (a window too small for the slot), when only those whose
     * header survived are cited.
     */
    public List<Source> sourcesIn(PromptPart fitted) {
        if (fitted.text().equals(context.text())) {
            return passages.stream().map(Passage::source).toList();
        }
        List<Source> kept = new ArrayList<>();
        for (Passage survivor : ReferenceBlock.parse(fitted.text())) {
            passages.stream().filter(p -> p.id().equals(survivor.id()) && p.kind().equals(survivor.kind())).findFirst()
                    .ifPresent(p -> kept.add(p.source()));
        }
        return kept;
    }
}
