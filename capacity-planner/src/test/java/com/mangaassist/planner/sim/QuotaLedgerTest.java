package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.config.PlannerConfig.QuotaSettings;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {

    @Test
    void refuses_whenPrincipalWasNeverCharged_accepts() {
        QuotaLedger ledger = new QuotaLedger(new QuotaSettings(1, 1), 20);

        assertThat(ledger.refuses("u1", 0)).isFalse();
    }

    @Test
    void refuses_whenDailyBudgetReached_refusesUntilUtcMidnight() {
        // The run starts at 23:00 UTC: midnight is 3,600 s in.
        QuotaLedger ledger = new QuotaLedger(new QuotaSettings(1_000, 0), 23);
        ledger.charge("u1", 10, 600);
        assertThat(ledger.refuses("u1", 20)).isFalse();

        ledger.charge("u1", 30, 400);

        assertThat(ledger.refuses("u1", 40)).isTrue();
        assertThat(ledger.refuses("u1", 3_599)).isTrue();
        assertThat(ledger.refuses("u1", 3_600)).isFalse();
        assertThat(ledger.refuses("u2", 40)).isFalse();
    }

    @Test
    void refuses_whenMonthlyBudgetReached_refusesForTheRestOfTheRun() {
        QuotaLedger ledger = new QuotaLedger(new QuotaSettings(1_000, 1_500), 23);
        ledger.charge("u1", 10, 900);
        ledger.charge("u1", 3_700, 600);

        assertThat(ledger.refuses("u1", 3_800)).isTrue();
        assertThat(ledger.refuses("u1", 5 * 86_400)).isTrue();
    }

    @Test
    void refuses_whenOnlyAMonthlyBudgetIsSet_ignoresTheDay() {
        QuotaLedger ledger = new QuotaLedger(new QuotaSettings(0, 1_000), 0);
        ledger.charge("u1", 10, 999);

        assertThat(ledger.refuses("u1", 20)).isFalse();
        ledger.charge("u1", 30, 1);
        assertThat(ledger.refuses("u1", 40)).isTrue();
    }

    @Test
    void outcome_whenPrincipalRefusedTwice_countsItOnceAndLeavesThePreRollOut() {
        QuotaLedger ledger = new QuotaLedger(new QuotaSettings(100, 0), 20);
        ledger.charge("pre-roll:u1", -300, 150);
        ledger.charge("u1", 5, 150);

        assertThat(ledger.refuses("pre-roll:u1", -200)).isTrue();
        assertThat(ledger.refuses("u1", 10)).isTrue();
        assertThat(ledger.refuses("u1", 20)).isTrue();

        assertThat(ledger.outcome()).isEqualTo(new QuotaOutcome(1, 150));
    }
}
