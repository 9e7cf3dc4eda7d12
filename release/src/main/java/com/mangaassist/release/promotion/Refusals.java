package com.mangaassist.release.promotion;

/** The refusals about one released item, each prefixed with the item's role ({@code orchestrator: …}); what a check writes to. */
final class Refusals {

    private final String role;
    private final Verdict verdict;

    Refusals(String role, Verdict verdict) {
        this.role = role;
        this.verdict = verdict;
    }

    void add(String refusal) {
        verdict.refuse(role + ": " + refusal);
    }

    /** A refusal that a valid, unexpired waiver naming {@code subject} (a finding id, a component) turns into a note. */
    void addUnlessWaived(String subject, String refusal) {
        verdict.refuseUnlessWaived(role, subject, refusal);
    }
}
