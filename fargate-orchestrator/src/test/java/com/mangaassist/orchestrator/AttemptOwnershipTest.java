package com.mangaassist.orchestrator;

import com.mangaassist.pipeline.testing.AttemptOwnership;
import org.junit.jupiter.api.Test;

/** Only MessageAttempts changes a message's attempts (issue 27, ADR 0042): no class of this module bypasses it. */
class AttemptOwnershipTest {

    @Test
    void attemptChanges_comeOnlyFromTheOwner() {
        AttemptOwnership.assertOnlyTheOwnerChangesAttempts("com.mangaassist.orchestrator");
    }
}
