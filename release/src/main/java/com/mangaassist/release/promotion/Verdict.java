package com.mangaassist.release.promotion;

import com.mangaassist.release.evidence.Waiver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What one decision collects: its refusals, the waivers it honours, and the notes of what passed only by a waiver. */
final class Verdict {

    private final Clock clock;
    private final List<Waiver> waivers = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final List<String> waived = new ArrayList<>();

    Verdict(Clock clock) {
        this.clock = clock;
    }

    void refuse(String refusal) {
        refusals.add(refusal);
    }

    /** A waiver verified by the waiver key for this environment: it may lift the refusals that name its subject. */
    void honour(Waiver waiver) {
        waivers.add(waiver);
    }

    /** The refusals about one item, prefixed with its {@code role}. */
    Refusals about(String role) {
        return new Refusals(role, this);
    }

    void refuseUnlessWaived(String role, String subject, String refusal) {
        Waiver expired = null;
        for (Waiver waiver : waivers) {
            if (waiver.waives().equals(subject)) {
                if (!waiver.expiredAt(clock.instant())) {
                    waived.add(role + ": " + refusal + " — waived by " + waiver.approver() + " until " + waiver.expires() + ": " + waiver.reason());
                    return;
                }
                expired = waiver;
            }
        }
        refusals.add(role + ": " + refusal + (expired == null ? "" : " (its waiver by " + expired.approver() + " expired at " + expired.expires() + ")"));
    }

    PromotionGate.Decision decision() {
        return new PromotionGate.Decision(refusals, waived);
    }
}
