package com.mangaassist.release.promotion;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which release an environment goes back to: the newest one promoted there before the release it
 * runs now that is not revoked and whose evidence still verifies today (signatures, digests,
 * provenance: the gate again). Never an unsigned, revoked or tampered one; when none qualifies,
 * nothing, with the reason for each release passed over.
 */
public final class RollbackPlanner {

    private final PromotionGate gate;

    public RollbackPlanner(PromotionGate gate) {
        this.gate = gate;
    }

    /** The plan: the release to deploy (if any) and why each newer candidate was passed over. */
    public record Plan(ReleaseManifest target, String current, List<String> passedOver) {
        public Optional<ReleaseManifest> release() {
            return Optional.ofNullable(target);
        }
    }

    public Plan plan(List<ReleaseLedger.Entry> ledger, String environment) {
        Set<String> revoked = new HashSet<>();
        List<ReleaseLedger.Entry> promotions = new ArrayList<>();
        for (ReleaseLedger.Entry entry : ledger) {
            if (entry.promotion() && environment.equals(entry.environment())) {
                promotions.add(entry);
            } else if (!entry.promotion()) {
                revoked.add(entry.release());
            }
        }
        if (promotions.isEmpty()) {
            return new Plan(null, null, List.of("nothing was ever promoted to " + environment));
        }
        String current = promotions.get(promotions.size() - 1).release();
        List<String> passedOver = new ArrayList<>();
        for (int i = promotions.size() - 2; i >= 0; i--) {
            ReleaseLedger.Entry candidate = promotions.get(i);
            if (candidate.release().equals(current)) {
                continue;
            }
            if (revoked.contains(candidate.release())) {
                passedOver.add(candidate.release() + ": revoked");
                continue;
            }
            List<String> refusals = gate.refusals(candidate.manifest());
            if (!refusals.isEmpty()) {
                passedOver.add(candidate.release() + ": " + String.join("; ", refusals));
                continue;
            }
            return new Plan(candidate.manifest(), current, passedOver);
        }
        passedOver.add("no earlier release of " + environment + " qualifies");
        return new Plan(null, current, passedOver);
    }
}
