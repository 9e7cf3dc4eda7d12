package com.mangaassist.orchestrator.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.contract.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A task starts only when it can check an origin proof; each refusal names the setting. */
class OriginProofSettingsTest {

    private static final String ARN = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:origin-proof-AbCdEf";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void settings_whenNeitherSecretNorValueIsSet_refuseToStartNamingTheSecretSetting() {
        assertThatThrownBy(() -> new OriginProofSettings(null, " ", MINUTE, DAY)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ORCHESTRATOR_ORIGIN_PROOF_SECRET_ARN (orchestrator.origin-proof.secret-arn) is not set")
                .hasMessageContaining("ORCHESTRATOR_ORIGIN_PROOF_VALUE");
    }

    @Test
    void settings_whenBothSecretAndValueAreSet_refuseToStart() {
        assertThatThrownBy(() -> new OriginProofSettings(ARN, "a-fixed-value-0123456789", MINUTE, DAY))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("ORCHESTRATOR_ORIGIN_PROOF_VALUE");
    }

    @Test
    void settings_whenTheFixedValueIsShort_refuseToStart() {
        assertThatThrownBy(() -> new OriginProofSettings(null, "short", MINUTE, DAY))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("shorter than 16 characters");
    }

    @Test
    void settings_whenTheOverlapIsShorterThanTwoRefreshes_refuseToStartNamingTheOverlap() {
        assertThatThrownBy(() -> new OriginProofSettings(ARN, null, MINUTE, Duration.ofSeconds(90)))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("ORCHESTRATOR_ORIGIN_PROOF_OVERLAP");
    }

    @Test
    void settings_whenTheSecretIsSet_readTheProofsFromItAndHideNothingButTheValue() {
        OriginProofSettings settings = new OriginProofSettings(ARN, null, MINUTE, DAY);

        assertThat(settings.fromSecret()).isTrue();
        assertThat(new OriginProofSettings(null, "a-fixed-value-0123456789", MINUTE, DAY).toString()).doesNotContain("a-fixed-value");
    }
}
