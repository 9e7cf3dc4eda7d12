package com.mangaassist.orchestrator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The origin proofs as read from the secret's AWSCURRENT and AWSPREVIOUS versions. */
class SecretVersionsSourceTest {

    private static final String ARN = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:origin-proof-AbCdEf";
    private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void read_whenTheSecretWasNeverRotated_hasTheCurrentValueAndNoPrevious() {
        OriginProofs proofs = new SecretVersionsSource(new StagedSecret(ARN, "first-value-0123456789", CREATED), ARN).read();

        assertThat(proofs.current()).isEqualTo("first-value-0123456789");
        assertThat(proofs.previous()).isNull();
        assertThat(proofs.currentSince()).isEqualTo(CREATED);
    }

    @Test
    void read_afterAPut_hasTheNewValueAsCurrentSinceItsCreationAndTheOldOneAsPrevious() {
        StagedSecret secret = new StagedSecret(ARN, "first-value-0123456789", CREATED);
        Instant rotated = CREATED.plusSeconds(86_400);
        secret.put("second-value-9876543210", rotated);

        OriginProofs proofs = new SecretVersionsSource(secret, ARN).read();

        assertThat(proofs.current()).isEqualTo("second-value-9876543210");
        assertThat(proofs.previous()).isEqualTo("first-value-0123456789");
        assertThat(proofs.currentSince()).isEqualTo(rotated);
    }

    @Test
    void toString_whenLogged_hidesBothValues() {
        OriginProofs proofs = new OriginProofs("current-secret-value", "previous-secret-value", CREATED);

        assertThat(proofs.toString()).doesNotContain("current-secret-value", "previous-secret-value");
    }
}
