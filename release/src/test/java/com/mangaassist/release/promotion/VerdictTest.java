package com.mangaassist.release.promotion;

import static com.mangaassist.release.promotion.CheckFixtures.CLOCK;
import static com.mangaassist.release.promotion.CheckFixtures.NOW;
import static com.mangaassist.release.promotion.CheckFixtures.waiver;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a decision collects: refusals under the role of the item they are about, and what an unexpired waiver turns into a note. */
class VerdictTest {

    private final Verdict verdict = new Verdict(CLOCK);

    @Test
    void refusals_keepTheirOrderAndTheRoleOfTheItemTheyAreAbout() {
        verdict.refuse("commit 0123 is not on the release branch");
        verdict.about("gpu-endpoint").add("sha256:ab is not signed");
        verdict.about("model").add("no provenance");

        assertThat(verdict.decision().refusals()).containsExactly("commit 0123 is not on the release branch", "gpu-endpoint: sha256:ab is not signed",
                "model: no provenance");
        assertThat(verdict.decision().promotable()).isFalse();
    }

    @Test
    void addUnlessWaived_whenAnUnexpiredWaiverNamesTheSubject_notesItInstead() {
        verdict.honour(waiver("CVE-2025-0001", NOW.plus(Duration.ofDays(1))));

        verdict.about("orchestrator").addUnlessWaived("CVE-2025-0001", "open finding CVE-2025-0001 (HIGH)");

        assertThat(verdict.decision().promotable()).isTrue();
        assertThat(verdict.decision().waived()).containsExactly("orchestrator: open finding CVE-2025-0001 (HIGH) — waived by sec@example.com until "
                + NOW.plus(Duration.ofDays(1)) + ": not reachable");
    }

    @Test
    void addUnlessWaived_whenTheWaiverHasExpired_refusesNamingTheExpiry() {
        Instant expired = NOW.minus(Duration.ofMinutes(1));
        verdict.honour(waiver("CVE-2025-0001", expired));

        verdict.about("orchestrator").addUnlessWaived("CVE-2025-0001", "open finding CVE-2025-0001 (HIGH)");

        assertThat(verdict.decision().refusals()).containsExactly("orchestrator: open finding CVE-2025-0001 (HIGH) (its waiver by sec@example.com expired at "
                + expired + ")");
        assertThat(verdict.decision().waived()).isEmpty();
    }

    @Test
    void addUnlessWaived_whenNoWaiverNamesTheSubject_refuses() {
        verdict.honour(waiver("CVE-2025-0002", NOW.plus(Duration.ofDays(1))));

        verdict.about("orchestrator").addUnlessWaived("CVE-2025-0001", "open finding CVE-2025-0001 (HIGH)");

        assertThat(verdict.decision().refusals()).containsExactly("orchestrator: open finding CVE-2025-0001 (HIGH)");
    }
}
