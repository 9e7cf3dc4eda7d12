package com.mangaassist.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The callers' token budgets as context gives them: 0 or positive, the month at least the day, any whole-number notation. */
class TokenBudgetsTest {

    private static final TokenBudgets PRESET = new TokenBudgets(200_000, 3_000_000);

    @Test
    void withOverridesFrom_whenKeysAbsent_keepsThePreset() {
        assertThat(PRESET.withOverridesFrom(context(Map.of()))).isEqualTo(PRESET);
    }

    @Test
    void withOverridesFrom_whenGivenAsTextOrNumbers_readsBoth() {
        assertThat(PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, "50000",
                ContextKeys.QUOTA_MONTHLY_TOKENS, 4_000_000_000L)))).isEqualTo(new TokenBudgets(50_000, 4_000_000_000L));
        // cdk.json's large numbers may arrive in exponent notation.
        assertThat(PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_MONTHLY_TOKENS, "3.0E9"))).monthlyTokens())
                .isEqualTo(3_000_000_000L);
    }

    @Test
    void withOverridesFrom_whenZero_setsNoBudgetInThatWindow() {
        assertThat(PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, "0")))).isEqualTo(new TokenBudgets(0, 3_000_000));
        assertThat(PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, 0, ContextKeys.QUOTA_MONTHLY_TOKENS, "0"))))
                .isEqualTo(TokenBudgets.NONE);
    }

    @Test
    void withOverridesFrom_whenBlank_keepsThePreset() {
        assertThat(PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, " ")))).isEqualTo(PRESET);
    }

    @Test
    void constructor_whenNegative_refusesNamingTheKey() {
        assertThatThrownBy(() -> new TokenBudgets(-1, 0)).isInstanceOfSatisfying(InvalidContextException.class,
                        e -> assertThat(e.key()).isEqualTo(ContextKeys.QUOTA_DAILY_TOKENS))
                .hasMessage("quotaDailyTokens=-1 is not usable: quotaDailyTokens must be 0 (no daily budget) or a positive number of tokens.");
        assertThatThrownBy(() -> new TokenBudgets(0, -1)).isInstanceOfSatisfying(InvalidContextException.class,
                e -> assertThat(e.key()).isEqualTo(ContextKeys.QUOTA_MONTHLY_TOKENS));
    }

    @Test
    void constructor_whenMonthBelowDay_refusesNamingTheMonthlyKey() {
        assertThatThrownBy(() -> new TokenBudgets(200_000, 20_000)).isInstanceOfSatisfying(InvalidContextException.class,
                        e -> assertThat(e.key()).isEqualTo(ContextKeys.QUOTA_MONTHLY_TOKENS))
                .hasMessage("quotaMonthlyTokens=20000 is not usable: quotaMonthlyTokens must be 0 (no monthly budget) "
                        + "or at least quotaDailyTokens (200000).");
    }

    @Test
    void constructor_whenOneWindowHasNoBudget_takesAnyOther() {
        assertThat(new TokenBudgets(0, 1).monthlyTokens()).isEqualTo(1);
        assertThat(new TokenBudgets(1_000_000, 0).dailyTokens()).isEqualTo(1_000_000);
        assertThat(new TokenBudgets(5, 5)).isNotNull();
    }

    @Test
    void withOverridesFrom_whenNotAWholeNumber_refusesNamingTheKey() {
        for (Object value : new Object[] {"lots", "1.5", 2.5}) {
            assertThatThrownBy(() -> PRESET.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, value))))
                    .as("%s", value).isInstanceOfSatisfying(InvalidContextException.class,
                            e -> assertThat(e.key()).isEqualTo(ContextKeys.QUOTA_DAILY_TOKENS))
                    .hasMessageContaining("must be a whole number");
        }
    }

    @Test
    void environmentConfig_whenContextGivesBudgets_carriesThemAndKeepsEverythingElse() {
        EnvironmentConfig dev = EnvironmentConfig.dev();

        EnvironmentConfig overridden = dev.withOverridesFrom(context(Map.of(ContextKeys.QUOTA_DAILY_TOKENS, "1000",
                ContextKeys.QUOTA_MONTHLY_TOKENS, "30000")));

        assertThat(overridden.quotas()).isEqualTo(new TokenBudgets(1000, 30_000));
        assertThat(overridden.toBuilder().quotas(dev.quotas()).build()).isEqualTo(dev);
    }

    private static ContextReader context(Map<String, Object> values) {
        return ContextReader.of(new App(AppProps.builder().context(values).build()).getNode());
    }
}
