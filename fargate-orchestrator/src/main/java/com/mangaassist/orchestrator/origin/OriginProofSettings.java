package com.mangaassist.orchestrator.origin;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where the origin proof comes from ({@code orchestrator.origin-proof.*}, ADR 0027): in AWS the
 * secret the stack maps into every integration call ({@code secretArn}); locally a fixed
 * {@code value} the local gateway sends too. Exactly one is set: a task that could check no proof
 * would have to trust every caller of the VPC link, so it does not start.
 *
 * @param refresh how often the secret is re-read; a rotation waits at least twice this before the new value is mapped
 * @param overlap how long after a rotation the replaced value is still accepted
 */
@ConfigurationProperties("orchestrator.origin-proof")
public record OriginProofSettings(@Nullable String secretArn, @Nullable String value, @Bindable(defaultValue = "60s") Duration refresh,
                                  @Bindable(defaultValue = "24h") Duration overlap) {

    /** Shorter fixed values are refused: a guessable proof proves nothing. */
    static final int MIN_VALUE_LENGTH = 16;

    public OriginProofSettings {
        secretArn = secretArn == null || secretArn.isBlank() ? null : secretArn.strip();
        value = value == null || value.isBlank() ? null : value.strip();
        if (secretArn == null && value == null) {
            throw InvalidSettingException.missing(SettingNames.ORIGIN_PROOF_SECRET_ARN, "the secret whose value API Gateway maps into "
                    + "every integration call (local runs set " + SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF) + " instead)");
        }
        if (secretArn != null && value != null) {
            throw new InvalidSettingException(SettingNames.ORIGIN_PROOF, "is set together with "
                    + SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF_SECRET_ARN) + ": set the secret in AWS or a fixed value locally, not both");
        }
        if (value != null && value.length() < MIN_VALUE_LENGTH) {
            throw new InvalidSettingException(SettingNames.ORIGIN_PROOF, "is shorter than " + MIN_VALUE_LENGTH
                    + " characters: a guessable proof proves nothing");
        }
        if (refresh == null || refresh.isNegative() || refresh.isZero()) {
            throw new InvalidSettingException(SettingNames.ORIGIN_PROOF_REFRESH, "must be a positive duration (e.g. 60s)");
        }
        if (overlap == null || overlap.compareTo(refresh.multipliedBy(2)) < 0) {
            throw new InvalidSettingException(SettingNames.ORIGIN_PROOF_OVERLAP, "must be a duration of at least twice "
                    + SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF_REFRESH) + " (" + refresh + "): a rotation maps the new "
                    + "value only after every task had two chances to read it");
        }
    }

    /** Whether the proofs come from the secret (AWS) rather than a fixed value (local runs). */
    public boolean fromSecret() {
        return secretArn != null;
    }

    @Override
    public String toString() {
        return "OriginProofSettings[secretArn=" + secretArn + ", value=" + (value == null ? "none" : "<hidden>") + ", refresh=" + refresh
                + ", overlap=" + overlap + "]";
    }
}
