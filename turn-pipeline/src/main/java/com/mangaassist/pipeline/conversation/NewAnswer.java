package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Objects;

/** An attempt's complete answer, to store next to its question. */
public record NewAnswer(String text, int tokens, List<String> entities, Route route) {

    public NewAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(route, "route");
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    public boolean pinned() {
        return !entities.isEmpty();
    }
}
