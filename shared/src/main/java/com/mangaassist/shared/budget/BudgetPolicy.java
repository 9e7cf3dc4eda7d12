package com.mangaassist.shared.budget;

import java.util.Objects;

/**
 * The texts the budget inserts. The marker goes to the model, not the user: it tells the model
 * that earlier context exists but is not shown, so it does not pretend to remember it.
 *
 * @param truncationMarker      inserted where history was left out
 * @param compactionPrefix      starts the block that replaces pinned turns that do not fit
 * @param maxCompactionEntities most entities kept in that block
 */
public record BudgetPolicy(String truncationMarker, String compactionPrefix, int maxCompactionEntities) {

    public BudgetPolicy {
        Objects.requireNonNull(truncationMarker, "truncationMarker");
        Objects.requireNonNull(compactionPrefix, "compactionPrefix");
        if (truncationMarker.isBlank()) {
            throw new IllegalArgumentException("the truncation marker must not be blank: truncation is never silent");
        }
        if (maxCompactionEntities < 0) {
            throw new IllegalArgumentException("maxCompactionEntities must not be negative");
        }
    }

    public static BudgetPolicy defaults() {
        return new BudgetPolicy("[Some earlier messages were omitted to fit the context window]",
                "[Context from earlier in this conversation: ", 32);
    }
}
